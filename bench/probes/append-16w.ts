/**
 * PROBE (not a scenario): the 16-writer single-event append measured outside the harness — the command path's
 * `EventStore.append` against a plain INSERT of the same rows into a primary-key-only table, 16 writers, 6,000
 * appends per run, six rounds alternating which side goes first, the median of each side. Written because the
 * `append` scenario and this probe disagree (docs/benchmarks.md, issue 19): run both and compare.
 *
 *   node -r @swc-node/register bench/probes/append-16w.ts
 */
import { randomUUID } from 'node:crypto';
import { Database, EventStore, EVENT_STORE_MIGRATIONS } from '@tandem/event-store';
import { createTestDataSource } from '@tandem/testing';
import { DataGenerator, type GeneratedEvent } from '../generator';
import { RAW_EVENTS_DDL } from '../scenarios/append';

const WRITERS = 16;
const PER_RUN = 6000;
const STREAM_LENGTH = 50;

async function main() {
  const { dataSource, close } = await createTestDataSource('bench_probe_append', EVENT_STORE_MIGRATIONS);
  try {
    const db = new Database(dataSource);
    const store = new EventStore(db);
    await db.query(RAW_EVENTS_DDL);
    const gen = new DataGenerator({ seed: 20260105 });
    const pool: GeneratedEvent[] = [];
    while (pool.length < 2000) pool.push(...gen.pairingEvents('acme-corp', { count: 50 }));
    let k = 0;

    const run = async (side: 'ours' | 'plain', total: number) => {
      let n = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          let stream = `Pairing-${randomUUID()}`;
          let version = 0;
          while (n++ < total) {
            const e = pool[k++ % pool.length];
            if (side === 'ours') {
              await store.append('acme-corp', stream, [{ eventId: randomUUID(), type: e.type, data: e.data, metadata: e.metadata }], {
                expectedVersion: version,
                expectedVersionRead: true,
              });
            } else {
              await db.pool.query(
                `INSERT INTO bench_raw.events (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
                ['acme-corp', stream, version + 1, randomUUID(), e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata)],
              );
            }
            if (++version >= STREAM_LENGTH) [stream, version] = [`Pairing-${randomUUID()}`, 0];
          }
        }),
      );
      return total / ((performance.now() - t0) / 1000);
    };

    await run('ours', 500);
    await run('plain', 500);
    const rates = { ours: [] as number[], plain: [] as number[] };
    for (let round = 0; round < 6; round++) {
      for (const side of round % 2 ? (['plain', 'ours'] as const) : (['ours', 'plain'] as const)) rates[side].push(await run(side, PER_RUN));
    }
    const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const [ours, plain] = [median(rates.ours), median(rates.plain)];
    process.stdout.write(`16 writers: ours ${ours.toFixed(0)} events/s, plain INSERT ${plain.toFixed(0)} events/s, ratio ${(ours / plain).toFixed(2)}\n`);
  } finally {
    await close();
  }
}

void main();
