import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Session tracking's own copy of each program's engagement policy, from enrollment's events. */
export class ProgramPolicies1763700000200 implements MigrationInterface {
  name = 'ProgramPolicies1763700000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS session_tracking`);
    await db.query(`
      CREATE TABLE session_tracking.program_policies (
        tenant_id          text        NOT NULL,
        program_id         text        NOT NULL,
        name               text        NOT NULL,
        status             text        NOT NULL,
        sessions_per_month numeric     NOT NULL,
        session_minutes    integer     NOT NULL,
        updated_at         timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS session_tracking.program_policies`);
  }
}
