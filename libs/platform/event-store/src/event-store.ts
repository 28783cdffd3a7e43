import type { SqlExecutor, Transaction } from './database';
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

// Each stream-version check is a single statement; the events and outbox inserts join on its result, so a
// failed check writes nothing and the whole append is one round trip (atomic even without a transaction).
const STREAM_CHECK: Record<'no_stream' | 'exact', string> = {
  no_stream: `INSERT INTO event_store.streams (tenant_id, stream_id, version) VALUES ($1, $2, $4)
              ON CONFLICT DO NOTHING RETURNING version`,
  exact: `UPDATE event_store.streams SET version = version + $4, updated_at = now()
          WHERE tenant_id = $1 AND stream_id = $2 AND version = $3 RETURNING version`,
};

const appendSql = (check: string) => `
  WITH s AS (${check}),
  ev AS (
    INSERT INTO event_store.events
      (tenant_id, stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
    SELECT $1, $2, s.version - $4 + e.ord, e.event_id, e.event_type, e.schema_version, e.data, e.metadata
    FROM s, unnest($5::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[])
            WITH ORDINALITY AS e(event_id, event_type, schema_version, data, metadata, ord)
    RETURNING 1
  ),
  ob AS (
    INSERT INTO messaging.outbox (message_id, topic, message_key, event_type, tenant_id, payload, headers)
    SELECT o.message_id, o.topic, o.message_key, o.event_type, o.tenant_id, o.payload, o.headers
    FROM s, unnest($10::uuid[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::jsonb[])
            AS o(message_id, topic, message_key, event_type, tenant_id, payload, headers)
    RETURNING 1
  )
  SELECT (SELECT version FROM s) AS version, (SELECT count(*) FROM ev)::int AS written, $3::int AS expected`;

const SQL = {
  no_stream: appendSql(STREAM_CHECK.no_stream),
  exact: appendSql(STREAM_CHECK.exact),
};

/**
 * A PostgreSQL event store. Streams are scoped by tenant: a stream id of another tenant simply does not exist
 * for the caller. Appends check the expected version atomically, are idempotent by event id, and can carry
 * outbox messages that commit with the events.
 */
export class EventStore {
  constructor(
    private readonly db: SqlExecutor & { transaction?: <T>(work: (tx: Transaction) => Promise<T>) => Promise<T> },
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
    options: { expectedVersion: ExpectedVersion; outbox?: OutboxMessage[] },
    tx: SqlExecutor = this.db,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const { expectedVersion } = options;
    const outbox = options.outbox ?? [];
    const ids = events.map((e) => e.eventId ?? newId());
    const mode = expectedVersion === 'no_stream' || expectedVersion === 0 ? 'no_stream' : 'exact';
    const params = [
      tenantId,
      streamId,
      typeof expectedVersion === 'number' ? expectedVersion : 0,
      events.length,
      ids,
      events.map((e) => e.type),
      events.map((e) => e.schemaVersion ?? 1),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
      outbox.map((m) => m.messageId),
      outbox.map((m) => m.topic),
      outbox.map((m) => m.key),
      outbox.map((m) => m.type),
      outbox.map((m) => m.tenantId),
      outbox.map((m) => m.payload),
      outbox.map((m) => JSON.stringify(m.headers)),
    ];
    try {
      const { rows } = await tx.query<{ version: number | null; written: number }>(SQL[mode], params, `event_store_append_${mode}`);
      const version = rows[0]?.version;
      if (version === null || version === undefined) {
        return this.resolveRepeatedAppend(tenantId, streamId, ids, expectedVersion, tx);
      }
      return { version, appended: true };
    } catch (error) {
      if (isUniqueViolation(error, 'events_event_id_uq')) {
        return this.resolveRepeatedAppend(tenantId, streamId, ids, expectedVersion, tx);
      }
      if (isUniqueViolation(error, 'events_stream_version_uq')) throw new ConcurrencyError(streamId, expectedVersion);
      throw error;
    }
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
              (SELECT version FROM event_store.streams WHERE tenant_id = $1 AND stream_id = $2) AS version
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
