import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automatic awards: the facts read model (one row per person and public event, with its id and occurrence time),
 * each program's badges with their current rule version, and the awards with their evidence.
 */
export class Awards1763700000320 implements MigrationInterface {
  name = 'Awards1763700000320';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recognition.facts (
        tenant_id    text        NOT NULL,
        program_id   text        NOT NULL,
        person_id    text        NOT NULL,
        event_id     text        NOT NULL,
        kind         text        NOT NULL,
        role         text        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        value        numeric     NOT NULL,
        counterpart  text,
        ref          text,
        detail       text,
        PRIMARY KEY (tenant_id, program_id, person_id, event_id)
      )`);
    await db.query(`
      CREATE TABLE recognition.badges (
        tenant_id     text        NOT NULL,
        program_id    text        NOT NULL,
        badge_id      text        NOT NULL,
        name          text        NOT NULL,
        tier          text        NOT NULL,
        description   text        NOT NULL,
        rule_version  integer     NOT NULL,
        rule          jsonb       NOT NULL,
        status        text        NOT NULL,
        updated_at    timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, badge_id)
      )`);
    await db.query(`
      CREATE TABLE recognition.awards (
        tenant_id     text        NOT NULL,
        program_id    text        NOT NULL,
        badge_id      text        NOT NULL,
        person_id     text        NOT NULL,
        tier          text        NOT NULL,
        rule_version  integer     NOT NULL,
        earned_at     timestamptz NOT NULL,
        evidence      jsonb       NOT NULL,
        status        text        NOT NULL,
        flagged       boolean     NOT NULL,
        flag_reason   text,
        revoke_reason text,
        awarded_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, badge_id, person_id)
      )`);
    await db.query(`CREATE INDEX awards_by_person ON recognition.awards (tenant_id, person_id, program_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS recognition.awards`);
    await db.query(`DROP TABLE IF EXISTS recognition.badges`);
    await db.query(`DROP TABLE IF EXISTS recognition.facts`);
  }
}
