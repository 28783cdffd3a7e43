import { afterPositionSql, checkpoints, START, type CommitPosition, type SqlExecutor, type StoredEvent } from '@tandem/event-store';
import { Client } from 'pg';
import { DataGenerator } from '../generator';
import { comparePairs, DIAGNOSTIC_PAIRS, type Scenario } from '../lib/harness';
import { freshEventStoreDatabase, LOAD_CHUNK } from '../lib/infra';
import { now } from '../lib/stats';

const PAGE = 1000;

type PagedEvent = Pick<StoredEvent, 'tenantId' | 'streamId' | 'type' | 'data' | 'recordedAt' | 'globalPosition' | 'transactionId'>;

/** A page of events strictly after `after` in commit order, with the relay's never-skip condition. */
async function readEvents(db: SqlExecutor, after: CommitPosition, limit: number): Promise<PagedEvent[]> {
  const { where, orderBy } = afterPositionSql('events', 'global_position');
  const { rows } = await db.query<{ global_position: string; transaction_id: string; tenant_id: string; stream_id: string; event_type: string; data: unknown; recorded_at: Date }>(
    `SELECT global_position::text, transaction_id::text, tenant_id, stream_id, event_type, data, recorded_at
     FROM event_store.events WHERE ${where} ORDER BY ${orderBy} LIMIT $3`,
    [after.transactionId, after.position, limit],
  );
  return rows.map((r) => ({ tenantId: r.tenant_id, streamId: r.stream_id, type: r.event_type, data: r.data, recordedAt: r.recorded_at, globalPosition: r.global_position, transactionId: r.transaction_id }));
}

const positionOf = (event: PagedEvent): CommitPosition => ({ transactionId: event.transactionId, position: event.globalPosition });

const PROJECTION_DDL = `
  CREATE SCHEMA IF NOT EXISTS bench_proj;
  CREATE TABLE bench_proj.pairing_activity (
    tenant_id          text        NOT NULL,
    pairing_id         text        NOT NULL,
    program_id         text,
    goals              integer     NOT NULL,
    goals_achieved     integer     NOT NULL,
    sessions_held      integer     NOT NULL,
    sessions_cancelled integer     NOT NULL,
    minutes            integer     NOT NULL,
    ended              boolean     NOT NULL,
    last_event_at      timestamptz NOT NULL,
    last_position      bigint      NOT NULL,
    PRIMARY KEY (tenant_id, pairing_id)
  )`;

interface Row {
  tenantId: string;
  streamId: string;
  type: string;
  data: any;
  recordedAt: Date;
  position: string;
}

interface Delta {
  tenantId: string;
  pairingId: string;
  programId: string | null;
  goals: number;
  achieved: number;
  held: number;
  cancelled: number;
  minutes: number;
  ended: boolean;
  lastEventAt: Date;
  lastPosition: string;
}

/** One page of events → one row per pairing touched (a multi-row upsert cannot touch a row twice). */
function reduce(rows: Row[]): Delta[] {
  const byKey = new Map<string, Delta>();
  for (const r of rows) {
    const key = `${r.tenantId}\u0000${r.streamId}`;
    let d = byKey.get(key);
    if (!d) {
      d = { tenantId: r.tenantId, pairingId: r.streamId, programId: null, goals: 0, achieved: 0, held: 0, cancelled: 0, minutes: 0, ended: false, lastEventAt: r.recordedAt, lastPosition: r.position };
      byKey.set(key, d);
    }
    switch (r.type) {
      case 'PairingStarted': d.programId = r.data.programId; break;
      case 'GoalSet': d.goals++; break;
      case 'GoalAchieved': d.achieved++; break;
      case 'SessionHeld': d.held++; d.minutes += r.data.minutes; break;
      case 'SessionCancelled': d.cancelled++; break;
      case 'PairingEnded': d.ended = true; break;
    }
    if (r.recordedAt > d.lastEventAt) d.lastEventAt = r.recordedAt;
    d.lastPosition = r.position;
  }
  return [...byKey.values()];
}

function upsert(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, deltas: Delta[]) {
  return db.query(
    `INSERT INTO bench_proj.pairing_activity AS t (tenant_id, pairing_id, program_id, goals, goals_achieved, sessions_held,
       sessions_cancelled, minutes, ended, last_event_at, last_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::bool[],
                          $10::timestamptz[], $11::bigint[])
     ON CONFLICT (tenant_id, pairing_id) DO UPDATE SET
       program_id = COALESCE(EXCLUDED.program_id, t.program_id),
       goals = t.goals + EXCLUDED.goals,
       goals_achieved = t.goals_achieved + EXCLUDED.goals_achieved,
       sessions_held = t.sessions_held + EXCLUDED.sessions_held,
       sessions_cancelled = t.sessions_cancelled + EXCLUDED.sessions_cancelled,
       minutes = t.minutes + EXCLUDED.minutes,
       ended = t.ended OR EXCLUDED.ended,
       last_event_at = GREATEST(t.last_event_at, EXCLUDED.last_event_at),
       last_position = EXCLUDED.last_position`,
    [
      deltas.map((d) => d.tenantId), deltas.map((d) => d.pairingId), deltas.map((d) => d.programId), deltas.map((d) => d.goals),
      deltas.map((d) => d.achieved), deltas.map((d) => d.held), deltas.map((d) => d.cancelled), deltas.map((d) => d.minutes),
      deltas.map((d) => d.ended), deltas.map((d) => d.lastEventAt), deltas.map((d) => d.lastPosition),
    ],
  );
}

/**
 * Projection rebuild from the start of the store. Ours: pages of 1000 in commit order (`afterPositionSql`, the relay's condition); per
 * page one transaction (Database.transaction) with the multi-row upsert and the projection checkpoint. Baseline:
 * a server-side cursor (one REPEATABLE READ transaction, FETCH 1000, only the columns the projection needs)
 * doing the same upsert + checkpoint per page in its own transaction on a second connection.
 */
export const rebuildScenario: Scenario = {
  id: 'rebuild',
  title: 'Projection rebuild',
  async run(ctx) {
    const bench = await freshEventStoreDatabase('rebuild');
    try {
      const { db } = bench;
      const total = ctx.quick ? 100_000 : 1_000_000;
      await db.query(PROJECTION_DDL);

      // ---- pre-load ------------------------------------------------------------------------------------
      const gen = new DataGenerator({ seed: ctx.seed + 6 });
      const t0 = now();
      let lastReport = 0;
      for (const batch of gen.eventStream({ total, batchSize: LOAD_CHUNK })) {
        await db.query(
          `INSERT INTO event_store.events (tenant_id, stream_id, stream_version, event_id, event_type, data, metadata, recorded_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[], $8::timestamptz[])`,
          [
            batch.map((e) => e.tenantId), batch.map((e) => e.streamId), batch.map((e) => e.streamVersion), batch.map((e) => e.eventId),
            batch.map((e) => e.type), batch.map((e) => JSON.stringify(e.data)), batch.map((e) => JSON.stringify(e.metadata)), batch.map((e) => e.recordedAt),
          ],
        );
        lastReport += batch.length;
        if (lastReport >= total / 10) {
          const { rows } = await db.query<{ n: string }>(`SELECT max(global_position)::text AS n FROM event_store.events`);
          ctx.log(`[rebuild] pre-load ${Number(rows[0].n).toLocaleString('en-US')}/${total.toLocaleString('en-US')} events (${((now() - t0) / 1000).toFixed(1)} s)`);
          lastReport = 0;
        }
      }
      await db.query('VACUUM ANALYZE event_store.events');
      const { rows: size } = await db.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('event_store.events')) AS size`);
      ctx.log(`[rebuild] pre-loaded ${total.toLocaleString('en-US')} events in ${((now() - t0) / 1000).toFixed(1)} s (table + indexes ${size[0].size})`);

      const maxPages = Math.ceil(total / PAGE) + 10;

      // Correctness check: page through readEvents (bounded to 20 s), then count how many events lie at or before the
      // last position it reached, in true commit order — they must all have been returned.
      let asIsCount = 0;
      let asIsPages = 0;
      let asIsAfter = START;
      const probeStarted = now();
      while (asIsPages < maxPages && now() - probeStarted < 20_000) {
        const events = await readEvents(db, asIsAfter, PAGE);
        if (events.length === 0) break;
        asIsCount += events.length;
        asIsPages++;
        asIsAfter = positionOf(events[events.length - 1]);
      }
      const probeMs = now() - probeStarted;
      const { rows: covered } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM event_store.events e WHERE (e.transaction_id, e.global_position) <= ($1::xid8, $2::bigint)`,
        [asIsAfter.transactionId, asIsAfter.position],
      );
      const expected = covered[0].n;
      const skipped = expected - asIsCount;
      const asIsRate = (asIsCount / probeMs) * 1000;
      ctx.log(
        `[rebuild] as-is readEvents: ${asIsPages} pages in ${(probeMs / 1000).toFixed(1)} s (${(probeMs / Math.max(1, asIsPages)).toFixed(0)} ms/page, ${Math.round(asIsRate).toLocaleString('en-US')} events/s); ` +
          `returned ${asIsCount.toLocaleString('en-US')} of the ${expected.toLocaleString('en-US')} events up to its last position`,
      );
      if (skipped) throw new Error(`readEvents skipped ${skipped} events`);

      const ours = async () => {
        const started = now();
        let after = START;
        let count = 0;
        for (let page = 0; page < maxPages; page++) {
          const events = await readEvents(db, after, PAGE);
          if (events.length === 0) break;
          const deltas = reduce(events.map((e) => ({ tenantId: e.tenantId, streamId: e.streamId, type: e.type, data: e.data, recordedAt: e.recordedAt, position: e.globalPosition })));
          const last = positionOf(events[events.length - 1]);
          await db.transaction(async (tx) => {
            await upsert(tx, deltas);
            await checkpoints.store(tx, 'projection:pairing-activity', last);
          });
          after = last;
          count += events.length;
        }
        if (count !== total) throw new Error(`ours read ${count} events, expected ${total}`);
        return { ops: count, seconds: (now() - started) / 1000 };
      };

      const baseline = async () => {
        const started = now();
        const reader = new Client({ connectionString: bench.url });
        await reader.connect();
        const writer = await db.pool.connect();
        let count = 0;
        try {
          await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          await reader.query(`DECLARE scan NO SCROLL CURSOR FOR
            SELECT global_position::text, transaction_id::text, tenant_id, stream_id, event_type, data, recorded_at
            FROM event_store.events ORDER BY transaction_id, global_position`);
          for (let page = 0; page < maxPages; page++) {
            const { rows } = await reader.query<{ global_position: string; transaction_id: string; tenant_id: string; stream_id: string; event_type: string; data: unknown; recorded_at: Date }>(`FETCH ${PAGE} FROM scan`);
            if (rows.length === 0) break;
            const deltas = reduce(rows.map((r) => ({ tenantId: r.tenant_id, streamId: r.stream_id, type: r.event_type, data: r.data, recordedAt: r.recorded_at, position: r.global_position })));
            const last = rows[rows.length - 1];
            await writer.query('BEGIN');
            await upsert(writer, deltas);
            await writer.query(
              `INSERT INTO messaging.checkpoints (name, transaction_id, position) VALUES ($1, $2::xid8, $3)
               ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()`,
              ['raw:pairing-activity', last.transaction_id, last.global_position],
            );
            await writer.query('COMMIT');
            count += rows.length;
          }
          await reader.query('COMMIT');
        } finally {
          writer.release();
          await reader.end();
        }
        if (count !== total) throw new Error(`baseline read ${count} events, expected ${total}`);
        return { ops: count, seconds: (now() - started) / 1000 };
      };

      const row = await comparePairs(ctx, {
        id: 'rebuild',
        scenario: `projection rebuild, ${total >= 1_000_000 ? `${total / 1_000_000}M` : `${total / 1000}k`} events`,
        unit: 'events/s',
        goal: '≥ 0.6× and ≥ 50k events/s',
        minRatio: 0.6,
        pairs: 5,
        reset: async () => {
          await db.query('TRUNCATE bench_proj.pairing_activity; DELETE FROM messaging.checkpoints');
        },
        baseline: () => baseline(),
        ours: () => ours(),
      });
      row.met = row.ratio !== null && row.ours !== null && row.ratio >= 0.6 && row.ours >= 50_000;
      row.notes.push(`pages of ${PAGE}; per page one transaction: multi-row upsert of the pairings touched + checkpoint`);
      row.details = { ...row.details, asIsProbe: { pages: asIsPages, ms: probeMs, returned: asIsCount, expected, eventsPerSecond: asIsRate } };
      row.notes.push(`readEvents alone: ${(probeMs / Math.max(1, asIsPages)).toFixed(0)} ms per page of ${PAGE} on ${total.toLocaleString('en-US')} events (${Math.round(asIsRate).toLocaleString('en-US')} events/s)`);
      const rows = [row];
      if (ctx.diagnose) {
        // Where the time goes: the same two readers without the writes.
        const oursRead = async () => {
          const started = now();
          let after = START;
          let count = 0;
          for (let page = 0; page < maxPages; page++) {
            const events = await readEvents(db, after, PAGE);
            if (events.length === 0) break;
            reduce(events.map((e) => ({ tenantId: e.tenantId, streamId: e.streamId, type: e.type, data: e.data, recordedAt: e.recordedAt, position: e.globalPosition })));
            after = positionOf(events[events.length - 1]);
            count += events.length;
          }
          return { ops: count, seconds: (now() - started) / 1000 };
        };
        const cursorRead = async () => {
          const started = now();
          const reader = new Client({ connectionString: bench.url });
          await reader.connect();
          let count = 0;
          try {
            await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
            await reader.query(`DECLARE scan NO SCROLL CURSOR FOR
              SELECT global_position::text, transaction_id::text, tenant_id, stream_id, event_type, data, recorded_at
              FROM event_store.events ORDER BY transaction_id, global_position`);
            for (let page = 0; page < maxPages; page++) {
              const { rows: batch } = await reader.query(`FETCH ${PAGE} FROM scan`);
              if (batch.length === 0) break;
              reduce(batch.map((r) => ({ tenantId: r.tenant_id, streamId: r.stream_id, type: r.event_type, data: r.data, recordedAt: r.recorded_at, position: r.global_position })));
              count += batch.length;
            }
            await reader.query('COMMIT');
          } finally {
            await reader.end();
          }
          return { ops: count, seconds: (now() - started) / 1000 };
        };
        rows.push(
          await comparePairs(ctx, {
            id: 'diag-rebuild-read-only',
            scenario: 'diagnostic: rebuild readers without writes (readEvents pages vs cursor)',
            unit: 'events/s',
            goal: '—',
            pairs: DIAGNOSTIC_PAIRS,
            baseline: () => cursorRead(),
            ours: () => oursRead(),
          }),
        );
      }
      return rows;
    } finally {
      await bench.close();
    }
  },
};
