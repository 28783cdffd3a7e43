import type { SqlExecutor, Transaction } from './database';
import type { OutboxSignal } from './outbox-signal';
import { ConcurrencyError, isUniqueViolation } from './errors';
import { newId } from './ids';
import { Projections } from './projection';

/** Who did what, why and in which trace: stored with every event. */
/** Says an event was imported (history brought from another platform), and by which import. */
export interface ImportMarker {
  importId: string;
}

export interface EventMetadata {
  correlationId: string;
  causationId?: string;
  actor?: { id: string; roles?: string[] };
  /** W3C trace context of the request that caused the event. */
  traceparent?: string;
  /** When what the event records happened, when that is not when it was stored (imported history). */
  occurredAt?: string;
  /** Set on events an import wrote: the import they came from. */
  imported?: ImportMarker;
  [key: string]: unknown;
}

export interface EventToAppend {
  /** Supply a deterministic id to make the append idempotent; a random one otherwise. */
  eventId?: string;
  type: string;
  schemaVersion?: number;
  data: unknown;
  metadata: EventMetadata;
}

export interface StoredEvent<Data = unknown> {
  globalPosition: string;
  transactionId: string;
  tenantId: string;
  streamId: string;
  streamVersion: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  recordedAt: Date;
}

/** A public integration event, written to the outbox in the same statement as the events. */
export interface OutboxMessage {
  messageId: string;
  topic: string;
  key: string;
  /** CloudEvents type. */
  type: string;
  tenantId: string;
  /** Serialized JSON payload, published byte for byte. */
  payload: string;
  headers: Record<string, string>;
}

/** `no_stream`: the stream must not exist; a number: the stream's current version. */
export type ExpectedVersion = number | 'no_stream';

export interface AppendResult {
  /** Stream version after the append (number of events in the stream). */
  version: number;
  /** False when every event id was already stored: an idempotent repeat that wrote nothing. */
  appended: boolean;
}

/** What folding an aggregate needs of each event: no metadata, no timestamps. */
export interface FoldableEvent<Data = unknown> {
  eventId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: Data;
}

interface EventRow {
  global_position: string;
  transaction_id: string;
  tenant_id: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  event_type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

const EVENT_COLUMNS = `global_position::text, transaction_id::text, tenant_id, stream_id, stream_version, event_id,
  event_type, schema_version, data, metadata, recorded_at`;

// The expected version is enforced by the `(tenant_id, stream_id, stream_version)` unique key alone: the events are
// inserted at versions expected+1…expected+n, so a concurrent writer collides on the key (one wins, the others get
// a unique violation). No second row is written per append. An expected version above the stream's would leave a
// gap: unless the caller read that version from the stream (it exists then: events are never deleted), the insert
// is conditional on that version's key existing — a read the command path, which always appends at the version it
// loaded, goes without (0–10 % of 16-writer throughput in two runs, docs/benchmarks.md). The outbox insert joins on
// the events insert: a refused append writes nothing, atomic even without a transaction, one round trip.
const EXPECTED_VERSION_EXISTS = `AND ($3 = 0 OR EXISTS (SELECT 1 FROM event_store.events
  WHERE tenant_id = $1 AND stream_id = $2 AND stream_version = $3))`;

// The outbox rows arrive as one JSON array, expanded by one table function. (Seven `unnest` arrays were seven
// materialized function scans, ≈ 128 kB of backend memory per execution: right at glibc's trim threshold, so
// depending on a connection's history a backend gave that memory back to the kernel and took it again on every
// append — twice the CPU per append, measured with 16 writers; docs/benchmarks.md.) No outbox, no outbox insert.
const OUTBOX_INSERT = `,
  ob AS (
    INSERT INTO messaging.outbox (message_id, topic, message_key, event_type, tenant_id, payload, headers)
    SELECT o.message_id, o.topic, o.message_key, o.event_type, o.tenant_id, o.payload, o.headers
    FROM jsonb_to_recordset($10::jsonb)
           AS o(message_id uuid, topic text, message_key text, event_type text, tenant_id text, payload text, headers jsonb)
    WHERE EXISTS (SELECT 1 FROM ev)
    RETURNING 1
  )`;

const appendSql = (events: 'single' | 'many', check: string, outbox: boolean) =>
  events === 'single'
    ? // One event (most commands): plain parameters, no arrays to unpack.
      `WITH ev AS (
        INSERT INTO event_store.events
          (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
        SELECT $1, $2, $3 + 1, $5::uuid, $6::text, $7::int, $8::jsonb, $9::jsonb
        WHERE $4::int = 1 ${check}
        RETURNING stream_version
      )${outbox ? OUTBOX_INSERT : ''}
      SELECT (SELECT max(stream_version) FROM ev) AS version`
    : `WITH ev AS (
        INSERT INTO event_store.events
          (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
        SELECT $1, $2, $3 + e.ord, e.event_id, e.event_type, e.schema_version, e.data, e.metadata
        FROM unnest($5::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[])
               WITH ORDINALITY AS e(event_id, event_type, schema_version, data, metadata, ord)
        WHERE $4::int = cardinality($5::uuid[]) ${check}
        RETURNING stream_version
      )${outbox ? OUTBOX_INSERT : ''}
      SELECT (SELECT max(stream_version) FROM ev) AS version`;

type AppendMode = `${'single' | 'many'}_${'checked' | 'read'}${'' | '_outbox'}`;

/** By number of events, by whether the expected version was read from the stream (then it is not checked), by outbox. */
const SQL: Record<AppendMode, string> = {
  single_checked: appendSql('single', EXPECTED_VERSION_EXISTS, false),
  single_checked_outbox: appendSql('single', EXPECTED_VERSION_EXISTS, true),
  single_read: appendSql('single', '', false),
  single_read_outbox: appendSql('single', '', true),
  many_checked: appendSql('many', EXPECTED_VERSION_EXISTS, false),
  many_checked_outbox: appendSql('many', EXPECTED_VERSION_EXISTS, true),
  many_read: appendSql('many', '', false),
  many_read_outbox: appendSql('many', '', true),
};

/** An outbox message as a row of the outbox insert's JSON array (column names as in the SQL above). */
const outboxRow = (m: OutboxMessage) => ({
  message_id: m.messageId,
  topic: m.topic,
  message_key: m.key,
  event_type: m.type,
  tenant_id: m.tenantId,
  payload: m.payload,
  headers: m.headers,
});

/**
 * A PostgreSQL event store. Streams are scoped by tenant: a stream id of another tenant simply does not exist
 * for the caller. Appends check the expected version atomically, are idempotent by event id, and can carry
 * outbox messages that commit with the events.
 */
export class EventStore {
  constructor(
    private readonly db: SqlExecutor & { transaction?: <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>; outboxCommitted?: OutboxSignal },
    /** The service's read models, by stream category: `executeCommand` applies them in the append's transaction. */
    readonly projections: Projections = new Projections(),
  ) {}

  /** Runs work in one database transaction (the store must have been built on a `Database`). */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    if (!this.db.transaction) throw new Error('This EventStore was built without transaction support');
    return this.db.transaction(work);
  }

  async append(
    tenantId: string,
    streamId: string,
    events: EventToAppend[],
    options: {
      expectedVersion: ExpectedVersion;
      outbox?: OutboxMessage[];
      /**
       * True when `expectedVersion` was read from this stream (loadStream, readStream, an earlier append's result),
       * as the command path's always is: it exists, so its existence is not checked again. Leave it out for a
       * version from anywhere else: an expected version above the stream's is then refused instead of leaving a gap.
       */
      expectedVersionRead?: boolean;
    },
    tx: SqlExecutor = this.db,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const { expectedVersion } = options;
    const outbox = options.outbox ?? [];
    const ids = events.map((e) => e.eventId ?? newId());
    const mode: AppendMode = `${events.length === 1 ? 'single' : 'many'}_${options.expectedVersionRead ? 'read' : 'checked'}${outbox.length ? '_outbox' : ''}`;
    const eventColumns =
      events.length === 1
        ? [ids[0], events[0].type, events[0].schemaVersion ?? 1, JSON.stringify(events[0].data), JSON.stringify(events[0].metadata)]
        : [ids, events.map((e) => e.type), events.map((e) => e.schemaVersion ?? 1), events.map((e) => JSON.stringify(e.data)), events.map((e) => JSON.stringify(e.metadata))];
    const params = [tenantId, streamId, typeof expectedVersion === 'number' ? expectedVersion : 0, events.length, ...eventColumns];
    if (outbox.length) params.push(JSON.stringify(outbox.map(outboxRow)));
    try {
      const { rows } = await tx.query<{ version: number | null }>(SQL[mode], params, `event_store_append_${mode}`);
      const version = rows[0]?.version;
      // Nothing written: the expected version is above the stream's (or the stream does not exist).
      if (version === null || version === undefined) return this.resolveRepeatedAppend(tenantId, streamId, ids, expectedVersion, tx);
      if (outbox.length > 0) this.announceOutbox(tx);
      return { version, appended: true };
    } catch (error) {
      if (!isUniqueViolation(error, 'events_stream_version_uq') && !isUniqueViolation(error, 'events_event_id_uq')) throw error;
      // In a caller's transaction the failed statement aborted it: nothing more can be asked there, and the caller
      // re-runs its unit of work (executeCommand re-reads the stream and finds a repeated request's events).
      if (tx !== this.db) throw new ConcurrencyError(streamId, expectedVersion);
      return this.resolveRepeatedAppend(tenantId, streamId, ids, expectedVersion, tx);
    }
  }

  /** Wakes the relay once the outbox rows are committed: now in autocommit, else when the caller's transaction commits. */
  private announceOutbox(tx: SqlExecutor): void {
    const signal = this.db.outboxCommitted;
    if (!signal) return;
    if (tx === this.db) signal.emit();
    else (tx as Partial<Transaction>).afterCommit?.(() => signal.emit());
  }

  /** The version check failed or an event id exists: a retried append succeeds without writing, else it is a clash. */
  private async resolveRepeatedAppend(
    tenantId: string,
    streamId: string,
    ids: string[],
    expectedVersion: ExpectedVersion,
    tx: SqlExecutor,
  ): Promise<AppendResult> {
    const { rows } = await tx.query<{ n: number; version: number }>(
      `SELECT count(*)::int AS n,
              (SELECT max(stream_version) FROM event_store.events WHERE tenant_id = $1 AND stream_id = $2) AS version
       FROM event_store.events WHERE tenant_id = $1 AND stream_id = $2 AND event_id = ANY($3::uuid[])`,
      [tenantId, streamId, ids],
    );
    if (rows[0]?.n === ids.length) return { version: rows[0].version, appended: false };
    throw new ConcurrencyError(streamId, expectedVersion);
  }

  async readStream<Data = unknown>(
    tenantId: string,
    streamId: string,
    options: { afterVersion?: number } = {},
    tx: SqlExecutor = this.db,
  ): Promise<{ version: number; events: StoredEvent<Data>[] }> {
    const { rows } = await tx.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM event_store.events
       WHERE tenant_id = $1 AND stream_id = $2 AND stream_version > $3 ORDER BY stream_version`,
      [tenantId, streamId, options.afterVersion ?? 0],
    );
    const events = rows.map((row) => this.toStoredEvent<Data>(row));
    return { version: events.at(-1)?.streamVersion ?? options.afterVersion ?? 0, events };
  }

  /** A stream's events with only what a fold needs (the command path): the cheapest read of a stream. */
  async loadStream<Data = unknown>(tenantId: string, streamId: string, tx: SqlExecutor = this.db): Promise<{ version: number; events: FoldableEvent<Data>[] }> {
    const { rows } = await tx.query<{ stream_version: number; event_id: string; event_type: string; schema_version: number; data: unknown }>(
      `SELECT stream_version, event_id, event_type, schema_version, data FROM event_store.events
       WHERE tenant_id = $1 AND stream_id = $2 ORDER BY stream_version`,
      [tenantId, streamId],
      'event_store_load_stream',
    );
    const events = rows.map(
      (row): FoldableEvent<Data> => ({
        eventId: row.event_id,
        streamVersion: row.stream_version,
        type: row.event_type,
        schemaVersion: row.schema_version,
        data: row.data as Data,
      }),
    );
    return { version: events.at(-1)?.streamVersion ?? 0, events };
  }

  private toStoredEvent<Data>(row: EventRow): StoredEvent<Data> {
    return {
      globalPosition: row.global_position,
      transactionId: row.transaction_id,
      tenantId: row.tenant_id,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: row.schema_version,
      data: row.data as Data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
    };
  }
}
