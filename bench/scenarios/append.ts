import type { EventToAppend } from '@tandem/event-store';
import { DataGenerator, type GeneratedEvent } from '../generator';
import { comparePairs, DIAGNOSTIC_PAIRS, type BenchContext, type ResultRow, type Scenario } from '../lib/harness';
import { freshEventStoreDatabase, type BenchDatabase } from '../lib/infra';
import { runConcurrent, type LatencyRecorder } from '../lib/stats';

/**
 * The raw baseline table: the same columns, types and defaults as `event_store.events`, primary key only
 * (no stream/version or event-id uniqueness, no commit-order index, no streams table): what a plain INSERT of
 * the same rows costs.
 */
export const RAW_EVENTS_DDL = `
  CREATE SCHEMA IF NOT EXISTS bench_raw;
  CREATE TABLE bench_raw.events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id       text        NOT NULL,
    stream_id       text        NOT NULL,
    stream_version  integer     NOT NULL,
    event_id        uuid        NOT NULL,
    event_type      text        NOT NULL,
    schema_version  integer     NOT NULL DEFAULT 1,
    data            jsonb       NOT NULL,
    metadata        jsonb       NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
  )`;

/** DIAGNOSTIC: the same table with the event store's constraints and commit-order index. */
const RAW_EVENTS_INDEXED_DDL = `
  CREATE TABLE bench_raw.events_indexed (LIKE bench_raw.events INCLUDING DEFAULTS INCLUDING IDENTITY);
  ALTER TABLE bench_raw.events_indexed ADD PRIMARY KEY (global_position),
    ADD CONSTRAINT events_indexed_stream_version_uq UNIQUE (tenant_id, stream_id, stream_version),
    ADD CONSTRAINT events_indexed_event_id_uq UNIQUE (event_id);
  CREATE INDEX events_indexed_commit_order_idx ON bench_raw.events_indexed (transaction_id, global_position)`;

const RAW_COLUMNS = '(tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)';

/** A pool of realistic event payloads to cycle through (ids and versions are assigned per append). */
function payloadPool(gen: DataGenerator, size: number): GeneratedEvent[] {
  const pool: GeneratedEvent[] = [];
  while (pool.length < size) pool.push(...gen.pairingEvents('acme-corp', { count: 50 }));
  return pool.slice(0, size);
}

/** Each writer appends to its own streams, switching to a new stream every `streamLength` events. */
class StreamCursor {
  streamId = '';
  version = 0;

  constructor(
    private readonly gen: DataGenerator,
    private readonly streamLength: number,
  ) {
    this.rotate();
  }

  rotate(): void {
    this.streamId = `Pairing-${this.gen.uuid()}`;
    this.version = 0;
  }

  advance(by: number): void {
    this.version += by;
    if (this.version >= this.streamLength) this.rotate();
  }
}

const toAppend = (e: GeneratedEvent, eventId: string): EventToAppend => ({ eventId, type: e.type, data: e.data, metadata: e.metadata });

async function singleAppend(ctx: BenchContext, bench: BenchDatabase, gen: DataGenerator, pool: GeneratedEvent[], writers: number): Promise<ResultRow[]> {
  const { db, store } = bench;
  const total = ctx.quick ? (writers === 1 ? 600 : 2000) : writers === 1 ? 1500 : 6000;
  const tenant = 'acme-corp';
  let n = 0;
  const next = () => pool[n++ % pool.length];

  // The command path appends at the version it loaded (`expectedVersionRead`); `checked` is a direct caller's
  // append at a version from elsewhere, whose existence the store checks first.
  const appendWith = (checked: boolean) => async (count: number, latency?: LatencyRecorder) => {
    const cursors = Array.from({ length: writers }, () => new StreamCursor(gen, 50));
    return runConcurrent(count, writers, async (_, w) => {
      const c = cursors[w];
      const e = next();
      await store.append(tenant, c.streamId, [toAppend(e, gen.uuid())], { expectedVersion: c.version, expectedVersionRead: !checked });
      c.advance(1);
    }, latency);
  };
  const insertInto = (table: string) => async (count: number, latency?: LatencyRecorder) => {
    const cursors = Array.from({ length: writers }, () => new StreamCursor(gen, 50));
    return runConcurrent(count, writers, async (_, w) => {
      const c = cursors[w];
      const e = next();
      await db.pool.query(`INSERT INTO ${table} ${RAW_COLUMNS} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
        tenant, c.streamId, c.version + 1, gen.uuid(), e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata),
      ]);
      c.advance(1);
    }, latency);
  };
  const ours = appendWith(false);
  const baseline = insertInto('bench_raw.events');
  const label = `${writers} writer${writers > 1 ? 's' : ''}`;

  const rows = [
    await comparePairs(ctx, {
      id: `append-${writers}w`,
      scenario: `single-event append, ${label}`,
      unit: 'events/s',
      goal: '≥ 0.75×',
      minRatio: 0.75,
      reportLatency: true,
      warmup: { baseline: () => baseline(Math.min(200, total)), ours: () => ours(Math.min(200, total)) },
      baseline: (_, latency) => baseline(total, latency),
      ours: (_, latency) => ours(total, latency),
    }),
  ];
  if (ctx.diagnose && writers > 1) {
    // Where the gap comes from: the same plain INSERT into a table with the event store's constraints and
    // indexes, and our append at a version it has to check (a direct caller's, not the command path's).
    const indexed = insertInto('bench_raw.events_indexed');
    const checked = appendWith(true);
    for (const [id, scenario, variant] of [
      [`diag-append-${writers}w-indexed`, `diagnostic: plain INSERT into a table with the event store's indexes, ${label}`, indexed],
      [`diag-append-${writers}w-checked`, `diagnostic: our append with the expected version's existence checked (not the command path), ${label}`, checked],
    ] as const) {
      const row = await comparePairs(ctx, {
        id,
        scenario,
        unit: 'events/s',
        goal: '—',
        pairs: DIAGNOSTIC_PAIRS,
        reportLatency: true,
        warmup: { baseline: () => baseline(Math.min(200, total)), ours: () => variant(Math.min(200, total)) },
        baseline: (_, latency) => baseline(total, latency),
        ours: (_, latency) => variant(total, latency),
      });
      rows.push(row);
    }
  }
  return rows;
}

async function batchAppend(ctx: BenchContext, bench: BenchDatabase, gen: DataGenerator, pool: GeneratedEvent[]): Promise<ResultRow> {
  const { db, store } = bench;
  const size = 100;
  const batches = ctx.quick ? 60 : 250;
  const tenant = 'acme-corp';
  let n = 0;
  const take = () => Array.from({ length: size }, () => pool[n++ % pool.length]);
  const rawSql = `INSERT INTO bench_raw.events ${RAW_COLUMNS} VALUES ${Array.from({ length: size }, (_, i) => {
    const b = i * 8;
    return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
  }).join(', ')}`;

  // Streams take four batches each (first with no_stream, then with the exact expected version).
  const ours = async (count: number, latency?: LatencyRecorder) => {
    const c = new StreamCursor(gen, 4 * size);
    const m = await runConcurrent(count, 1, async () => {
      const events = take().map((e) => toAppend(e, gen.uuid()));
      await store.append(tenant, c.streamId, events, { expectedVersion: c.version, expectedVersionRead: true });
      c.advance(size);
    }, latency);
    return { ops: m.ops * size, seconds: m.seconds };
  };
  const baseline = async (count: number, latency?: LatencyRecorder) => {
    const c = new StreamCursor(gen, 4 * size);
    const m = await runConcurrent(count, 1, async () => {
      const params: unknown[] = [];
      take().forEach((e, i) => params.push(tenant, c.streamId, c.version + i + 1, gen.uuid(), e.type, 1, JSON.stringify(e.data), JSON.stringify(e.metadata)));
      await db.pool.query(rawSql, params);
      c.advance(size);
    }, latency);
    return { ops: m.ops * size, seconds: m.seconds };
  };

  return comparePairs(ctx, {
    id: 'append-batch100',
    scenario: '100-event batch append',
    unit: 'events/s',
    goal: '≥ 0.8×',
    minRatio: 0.8,
    reportLatency: true,
    warmup: { baseline: () => baseline(10), ours: () => ours(10) },
    baseline: (_, latency) => baseline(batches, latency),
    ours: (_, latency) => ours(batches, latency),
  });
}

export const appendScenario: Scenario = {
  id: 'append',
  title: 'Event store append (single event with 1 and 16 writers, 100-event batch)',
  async run(ctx) {
    const bench = await freshEventStoreDatabase('append');
    try {
      await bench.db.query(RAW_EVENTS_DDL);
      await bench.db.query(RAW_EVENTS_INDEXED_DDL);
      const gen = new DataGenerator({ seed: ctx.seed });
      const pool = payloadPool(gen, 2000);
      const rows: ResultRow[] = [];
      rows.push(...(await singleAppend(ctx, bench, gen, pool, 1)));
      rows.push(...(await singleAppend(ctx, bench, gen, pool, 16)));
      rows.push(await batchAppend(ctx, bench, gen, pool));
      return rows;
    } finally {
      await bench.close();
    }
  },
};
