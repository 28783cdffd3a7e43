import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `idempotency.requests`: one row per key a caller used in a tenant (the key belongs to that caller; another
 * caller's identical key is another row). It binds the key to one operation and one request fingerprint, holds
 * the reservation while the first request runs (`owner`, `locked_until`, renewed while it runs) and then its
 * final answer (status, Location/ETag/Content-Type, body text — exactly the bytes sent). Rows live until
 * `expires_at` (first use + the configured retention); the service prunes them.
 */
export class IdempotencySchema1796173326589 implements MigrationInterface {
  name = 'IdempotencySchema1796173326589';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS idempotency`);
    await db.query(`
      CREATE TABLE idempotency.requests (
        tenant_id        text        NOT NULL,
        subject          text        NOT NULL,
        idempotency_key  text        NOT NULL,
        operation        text        NOT NULL,
        operation_hash   text        NOT NULL,
        fingerprint      text        NOT NULL,
        owner            uuid,
        locked_until     timestamptz,
        completed_at     timestamptz,
        response_status  integer,
        response_headers jsonb,
        response_body    text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        expires_at       timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, subject, idempotency_key),
        CONSTRAINT requests_running_or_completed CHECK ((completed_at IS NULL) = (owner IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX requests_expires_at_idx ON idempotency.requests (expires_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS idempotency CASCADE`);
  }
}
