import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `pairings.import_hold`: a pairing enrollment imported (its PairingStarted carries `ce_importid`) waits for its
 * history before the health scheduler judges it, so it is never found "at risk now" for a gap that the sessions
 * still on their way fill. The history import releases it (imports/imports.commands.ts) and records the release in
 * `import_releases`, which a replay of the pairings projection does not empty: a replayed imported pairing whose
 * history is in is not put on hold again.
 */
export class ImportHold1763700000240 implements MigrationInterface {
  name = 'ImportHold1763700000240';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE session_tracking.pairings ADD COLUMN import_hold boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE session_tracking.import_releases (
        tenant_id   text        NOT NULL,
        pairing_id  text        NOT NULL,
        released_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE session_tracking.import_releases`);
    await db.query(`ALTER TABLE session_tracking.pairings DROP COLUMN import_hold`);
  }
}
