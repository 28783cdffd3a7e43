import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables every service owns in its own database:
 * - `event_store`: streams and events (the source of truth);
 * - `messaging`: the outbox the relay publishes from, the consumers' inbox (processed and dead-lettered
 *   message ids), and reader checkpoints.
 *
 * Every event and outbox row records `pg_current_xact_id()`. Global readers order by
 * `(transaction_id, position)` and only read below the oldest still-running transaction, so a transaction
 * that commits late is never skipped (a bare sequence can commit out of order and be jumped over).
 */
/** The per-stream version table of the first schema (dropped by EventStoreVersionFromEvents1796400000000). */
const STREAMS_TABLE = `
      CREATE TABLE event_store.streams (
        tenant_id   text        NOT NULL,
        stream_id   text        NOT NULL,
        version     integer     NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, stream_id)
      )`;

export class EventStoreSchema1763700000000 implements MigrationInterface {
  name = 'EventStoreSchema1763700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS event_store`);
    await db.query(STREAMS_TABLE);
    await db.query(`
      CREATE TABLE event_store.events (
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
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_stream_version_uq UNIQUE (tenant_id, stream_id, stream_version),
        CONSTRAINT events_event_id_uq UNIQUE (event_id)
      )`);
    await db.query(`CREATE INDEX events_commit_order_idx ON event_store.events (transaction_id, global_position)`);

    await db.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    await db.query(`
      CREATE TABLE messaging.outbox (
        position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        message_id      uuid        NOT NULL,
        topic           text        NOT NULL,
        message_key     text        NOT NULL,
        event_type      text        NOT NULL,
        tenant_id       text        NOT NULL,
        payload         text        NOT NULL,
        headers         jsonb       NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT outbox_message_id_uq UNIQUE (message_id)
      )`);
    await db.query(`CREATE INDEX outbox_commit_order_idx ON messaging.outbox (transaction_id, position)`);
    await db.query(`
      CREATE TABLE messaging.checkpoints (
        name            text        PRIMARY KEY,
        transaction_id  xid8        NOT NULL,
        position        bigint      NOT NULL,
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE messaging.inbox (
        consumer        text        NOT NULL,
        message_id      uuid        NOT NULL,
        topic           text        NOT NULL,
        kafka_partition integer     NOT NULL,
        kafka_offset    bigint      NOT NULL,
        event_type      text        NOT NULL,
        outcome         text        NOT NULL DEFAULT 'processed',
        processed_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS messaging CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS event_store CASCADE`);
  }
}

/**
 * Appends enforce the expected version with the events' `(tenant_id, stream_id, stream_version)` unique key alone
 * (see event-store.ts), so the per-stream version row — a second write and a row lock per append — is gone. A
 * stream's version is its last event's.
 */
export class EventStoreVersionFromEvents1796400000000 implements MigrationInterface {
  name = 'EventStoreVersionFromEvents1796400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS event_store.streams`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(STREAMS_TABLE);
    await db.query(`
      INSERT INTO event_store.streams (tenant_id, stream_id, version)
      SELECT tenant_id, stream_id, max(stream_version) FROM event_store.events GROUP BY tenant_id, stream_id`);
  }
}

/** The event store's migrations, in order: what every service's database (and every test of it) runs first. */
export const EVENT_STORE_MIGRATIONS = [EventStoreSchema1763700000000, EventStoreVersionFromEvents1796400000000];
