import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The KPIs goals achieved and mentor retention (docs/kpis.md): the goals pairings achieved, and who mentors each
 * pairing. Pairings consumed before this migration have no mentor until analytics is rebuilt from the topics
 * (`rebuild-read-models`); mentor retention leaves them out until then.
 */
export class GoalsAndMentors1763700000180 implements MigrationInterface {
  name = 'GoalsAndMentors1763700000180';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.goals (
        tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, goal_id text NOT NULL,
        achieved_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, goal_id)
      )`);
    await db.query(`CREATE INDEX analytics_goals_program_idx ON analytics.goals (tenant_id, program_id, achieved_at)`);
    await db.query(`ALTER TABLE analytics.pairings ADD COLUMN mentor_user_id text`);
    await db.query(`CREATE INDEX analytics_pairings_mentor_idx ON analytics.pairings (tenant_id, program_id, mentor_user_id) INCLUDE (started_at, ended_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS analytics.analytics_pairings_mentor_idx`);
    await db.query(`ALTER TABLE analytics.pairings DROP COLUMN IF EXISTS mentor_user_id`);
    await db.query(`DROP TABLE IF EXISTS analytics.goals`);
  }
}
