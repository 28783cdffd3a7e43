import { fold } from '@tandem/kernel';
import { EventStore } from '@tandem/event-store';
import { DataGenerator, pairingSummary } from '../generator';
import { comparePairs, DIAGNOSTIC_PAIRS, type Scenario } from '../lib/harness';
import { freshEventStoreDatabase } from '../lib/infra';
import { PreparedExecutor } from '../lib/prepared';
import { runConcurrent, type LatencyRecorder } from '../lib/stats';

/**
 * Aggregate load: `EventStore.loadStream` + fold (what `executeCommand` does before deciding) vs a hand-written
 * SELECT of the columns the fold needs + the same fold. Streams of 100 events, 4 loads in flight.
 */
export const loadFoldScenario: Scenario = {
  id: 'load-fold',
  title: 'Load + fold a 100-event stream',
  async run(ctx) {
    const bench = await freshEventStoreDatabase('loadfold');
    try {
      const { db, store } = bench;
      const gen = new DataGenerator({ seed: ctx.seed + 3 });
      const streams = ctx.quick ? 60 : 200;
      const loads = ctx.quick ? 600 : 2000;
      const concurrency = 4;
      const tenant = 'acme-corp';
      const ids: string[] = [];
      for (let s = 0; s < streams; s++) {
        const events = gen.pairingEvents(tenant, { count: 100 });
        const streamId = events[0].streamId;
        await store.append(tenant, streamId, events.map((e) => ({ eventId: e.eventId, type: e.type, data: e.data, metadata: e.metadata })), {
          expectedVersion: 'no_stream',
        });
        ids.push(streamId);
      }
      await db.query('ANALYZE event_store.events');
      ctx.log(`[load-fold] wrote ${streams} streams × 100 events`);

      let checksum = 0;
      const ours = (count: number, latency?: LatencyRecorder) =>
        runConcurrent(count, concurrency, async (i) => {
          const stream = await store.loadStream(tenant, ids[i % ids.length]);
          const state = fold(pairingSummary, stream.events.map((e) => ({ type: e.type, data: e.data })));
          checksum += state.held;
        }, latency);
      const baseline = (count: number, latency?: LatencyRecorder) =>
        runConcurrent(count, concurrency, async (i) => {
          const { rows } = await db.pool.query<{ stream_version: number; event_type: string; data: unknown }>(
            `SELECT stream_version, event_type, data FROM event_store.events
             WHERE tenant_id = $1 AND stream_id = $2 ORDER BY stream_version`,
            [tenant, ids[i % ids.length]],
          );
          const state = fold(pairingSummary, rows.map((r) => ({ type: r.event_type, data: r.data })));
          checksum += state.held;
        }, latency);

      const row = await comparePairs(ctx, {
        id: 'load-fold',
        scenario: 'load + fold a 100-event stream',
        unit: 'loads/s',
        goal: '≥ 0.9×',
        minRatio: 0.9,
        reportLatency: true,
        warmup: { baseline: () => baseline(100), ours: () => ours(100) },
        baseline: (_, latency) => baseline(loads, latency),
        ours: (_, latency) => ours(loads, latency),
      });
      row.notes.push(`baseline selects stream_version, event_type, data; loadStream selects stream_version, event_id, event_type, schema_version, data (a prepared statement)`);
      const rows = [row];
      if (ctx.diagnose) {
        // Where the gap comes from: the raw SELECT of all 11 columns readStream reads, and readStream as a prepared statement.
        const allColumns = (count: number, latency?: LatencyRecorder) =>
          runConcurrent(count, concurrency, async (i) => {
            const { rows: events } = await db.pool.query<{ event_type: string; data: unknown }>(
              `SELECT global_position::text, transaction_id::text, tenant_id, stream_id, stream_version, event_id,
                      event_type, schema_version, data, metadata, recorded_at
               FROM event_store.events WHERE tenant_id = $1 AND stream_id = $2 AND stream_version > $3 ORDER BY stream_version`,
              [tenant, ids[i % ids.length], 0],
            );
            checksum += fold(pairingSummary, events.map((r) => ({ type: r.event_type, data: r.data }))).held;
          }, latency);
        const preparedStore = new EventStore(new PreparedExecutor(db.pool));
        const prepared = (count: number, latency?: LatencyRecorder) =>
          runConcurrent(count, concurrency, async (i) => {
            const stream = await preparedStore.readStream(tenant, ids[i % ids.length]);
            checksum += fold(pairingSummary, stream.events.map((e) => ({ type: e.type, data: e.data }))).held;
          }, latency);
        for (const [id, scenario, variant] of [
          ['diag-load-fold-all-columns', 'diagnostic: raw SELECT of the 11 columns readStream reads + fold', allColumns],
          ['diag-load-fold-prepared', 'diagnostic: readStream as a prepared statement + fold', prepared],
        ] as const) {
          rows.push(
            await comparePairs(ctx, {
              id, scenario, unit: 'loads/s', goal: '—',
        pairs: DIAGNOSTIC_PAIRS, reportLatency: true,
              warmup: { baseline: () => baseline(100), ours: () => variant(100) },
              baseline: (_, latency) => baseline(loads, latency),
              ours: (_, latency) => variant(loads, latency),
            }),
          );
        }
      }
      if (checksum < 0) ctx.log('impossible');
      return rows;
    } finally {
      await bench.close();
    }
  },
};
