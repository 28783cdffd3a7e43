import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Verifiable credentials (issue 14) of awards and grants: each tenant's signing keys (the private part sealed with the master key), the
 * counter that gives each credential its bit in the tenant's status lists, and the credentials read model (the
 * projection of the credential streams, replayed by the rebuild).
 */
export class Credentials1763700000700 implements MigrationInterface {
  name = 'Credentials1763700000700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recognition.issuer_keys (
        tenant_id            text        NOT NULL,
        key_no               integer     NOT NULL,
        public_key_multibase text        NOT NULL,
        sealed_secret        bytea       NOT NULL,
        created_at           timestamptz NOT NULL,
        retired_at           timestamptz,
        PRIMARY KEY (tenant_id, key_no)
      )`);
    await db.query(`COMMENT ON COLUMN recognition.issuer_keys.sealed_secret IS 'The Ed25519 private key, AES-256-GCM with CREDENTIALS_MASTER_KEY (iv ‖ tag ‖ ciphertext, the tenant and key number as associated data)'`);
    await db.query(`CREATE TABLE recognition.credential_sequences (tenant_id text PRIMARY KEY, issued bigint NOT NULL)`);
    await db.query(`
      CREATE TABLE recognition.credentials (
        tenant_id     text        NOT NULL,
        credential_id text        NOT NULL,
        program_id    text        NOT NULL,
        person_id     text        NOT NULL,
        badge_id      text,
        tier          text,
        grant_id      text,
        list_no       integer     NOT NULL,
        status_index  integer     NOT NULL,
        document      jsonb       NOT NULL,
        status        text        NOT NULL,
        issued_at     timestamptz NOT NULL,
        revoked_at    timestamptz,
        revoked_by    text,
        revoke_reason text,
        PRIMARY KEY (tenant_id, credential_id)
      )`);
    await db.query(`CREATE UNIQUE INDEX credentials_by_id ON recognition.credentials (credential_id)`);
    await db.query(`CREATE INDEX credentials_by_award ON recognition.credentials (tenant_id, program_id, badge_id, person_id) WHERE grant_id IS NULL`);
    await db.query(`CREATE INDEX credentials_by_grant ON recognition.credentials (tenant_id, program_id, grant_id) WHERE grant_id IS NOT NULL`);
    await db.query(`CREATE INDEX credentials_by_holder ON recognition.credentials (tenant_id, person_id, issued_at DESC)`);
    await db.query(`CREATE INDEX credentials_revoked ON recognition.credentials (tenant_id, list_no) INCLUDE (status_index) WHERE status = 'revoked'`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['credentials', 'credential_sequences', 'issuer_keys']) await db.query(`DROP TABLE IF EXISTS recognition.${table}`);
  }
}
