import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The training-hours ledger stays append-only for the service, yet the read-model rebuild may empty it before it
 * replays the ledgers' events: the guard lets a DELETE through only in a transaction that declared itself a rebuild
 * (`SET LOCAL tandem.rebuilding = 'on'`, which the platform's rebuildReadModels does). UPDATE is always refused.
 */
export class LedgerRebuild1763700000230 implements MigrationInterface {
  name = 'LedgerRebuild1763700000230';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION session_tracking.ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('tandem.rebuilding', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'training-hours entries are append-only: correct an entry with a new one';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION session_tracking.ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'training-hours entries are append-only: correct an entry with a new one';
      END $$`);
  }
}
