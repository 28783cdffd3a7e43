import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Applications and pairings as analytics sees them, and participation figures on the reporting view. */
export class Participation1763700000110 implements MigrationInterface {
  name = 'Participation1763700000110';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.applications (
        tenant_id      text        NOT NULL,
        program_id     text        NOT NULL,
        application_id text        NOT NULL,
        role           text        NOT NULL,
        status         text        NOT NULL,
        applied_at     timestamptz NOT NULL,
        decided_at     timestamptz,
        PRIMARY KEY (tenant_id, application_id)
      )`);
    await db.query(`CREATE INDEX analytics_applications_program_idx ON analytics.applications (tenant_id, program_id, role, status)`);
    await db.query(`
      CREATE TABLE analytics.pairings (
        tenant_id      text        NOT NULL,
        program_id     text        NOT NULL,
        pairing_id     text        NOT NULL,
        status         text        NOT NULL,
        mentee_application_id text NOT NULL,
        proposed_at    timestamptz,
        started_at     timestamptz,
        ended_at       timestamptz,
        PRIMARY KEY (tenant_id, pairing_id)
      )`);
    await db.query(`CREATE INDEX analytics_pairings_program_idx ON analytics.pairings (tenant_id, program_id, status)`);
    await db.query(`DROP VIEW reporting.programs`);
    await db.query(`
      CREATE VIEW reporting.programs AS
      SELECT p.tenant_id, p.program_id, p.name, p.status, p.lifecycle_kind, p.starts_on, p.ends_on, p.max_pairs,
             p.sessions_per_month, p.session_minutes, jsonb_array_length(p.objectives) AS objectives,
             p.sponsor_name, p.created_at, p.status_changed_at,
             (SELECT count(*) FROM analytics.badge_definitions b WHERE b.tenant_id = p.tenant_id AND b.program_id = p.program_id)::int AS badge_definitions,
             (SELECT count(*) FROM analytics.applications a WHERE a.tenant_id = p.tenant_id AND a.program_id = p.program_id)::int AS applications,
             (SELECT count(*) FROM analytics.applications a WHERE a.tenant_id = p.tenant_id AND a.program_id = p.program_id AND a.status = 'approved')::int AS approved,
             (SELECT count(*) FROM analytics.pairings x WHERE x.tenant_id = p.tenant_id AND x.program_id = p.program_id AND x.status = 'active')::int AS active_pairings
      FROM analytics.programs p`);
    await db.query(`COMMENT ON VIEW reporting.programs IS 'One row per program and tenant: definition, lifecycle status, recognition set-up and participation (applications, approved, active pairings). Filter by tenant_id.'`);
    await db.query(`
      DO $$ BEGIN
        GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO tandem_reporting;
        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO tandem_reporting;
      EXCEPTION WHEN undefined_object OR insufficient_privilege THEN RAISE NOTICE 'grant SELECT on reporting to tandem_reporting';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS analytics.pairings`);
    await db.query(`DROP TABLE IF EXISTS analytics.applications`);
  }
}
