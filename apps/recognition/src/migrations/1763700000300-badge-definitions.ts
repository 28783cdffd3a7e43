import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read model of each program's badge catalogue, written in the same transaction as its events. */
export class BadgeDefinitions1763700000300 implements MigrationInterface {
  name = 'BadgeDefinitions1763700000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS recognition`);
    await db.query(`
      CREATE TABLE recognition.badge_definitions (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        badge_id    text        NOT NULL,
        name        text        NOT NULL,
        tier        text        NOT NULL,
        description text        NOT NULL,
        criteria    jsonb       NOT NULL,
        defined_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, badge_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS recognition.badge_definitions`);
  }
}
