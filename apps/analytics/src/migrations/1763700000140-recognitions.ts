import type { MigrationInterface, QueryRunner } from 'typeorm';

/** `analytics.recognitions`: one row per award (program, badge, person) from recognition's award events. */
export class Recognitions1763700000140 implements MigrationInterface {
  name = 'Recognitions1763700000140';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.recognitions (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        badge_id    text        NOT NULL,
        person_id   text        NOT NULL,
        tier        text        NOT NULL,
        earned_at   timestamptz NOT NULL,
        revoked     boolean     NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, program_id, badge_id, person_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS analytics.recognitions`);
  }
}
