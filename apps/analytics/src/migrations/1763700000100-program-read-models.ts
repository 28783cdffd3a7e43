import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Analytics read models (schema `analytics`, owned by the service and rebuilt from Kafka at will) and the
 * documented reporting views (schema `reporting`) that analysts query through the read-only role
 * `tandem_reporting`. Views are the stable surface: tables behind them may change.
 */
export class ProgramReadModels1763700000100 implements MigrationInterface {
  name = 'ProgramReadModels1763700000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS analytics`);
    await db.query(`
      CREATE TABLE analytics.programs (
        tenant_id         text        NOT NULL,
        program_id        text        NOT NULL,
        name              text        NOT NULL,
        status            text        NOT NULL,
        lifecycle_kind    text        NOT NULL,
        starts_on         date,
        ends_on           date,
        max_pairs         integer,
        sessions_per_month numeric    NOT NULL,
        session_minutes   integer     NOT NULL,
        objectives        jsonb       NOT NULL,
        sponsor_name      text,
        created_at        timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id)
      )`);
    await db.query(`CREATE INDEX programs_tenant_status_idx ON analytics.programs (tenant_id, status, created_at DESC)`);
    await db.query(`
      CREATE TABLE analytics.badge_definitions (
        tenant_id   text        NOT NULL,
        program_id  text        NOT NULL,
        badge_id    text        NOT NULL,
        name        text        NOT NULL,
        tier        text        NOT NULL,
        defined_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, badge_id)
      )`);

    await db.query(`CREATE SCHEMA IF NOT EXISTS reporting`);
    await db.query(`
      CREATE VIEW reporting.programs AS
      SELECT p.tenant_id, p.program_id, p.name, p.status, p.lifecycle_kind, p.starts_on, p.ends_on, p.max_pairs,
             p.sessions_per_month, p.session_minutes, jsonb_array_length(p.objectives) AS objectives,
             p.sponsor_name, p.created_at, p.status_changed_at,
             (SELECT count(*) FROM analytics.badge_definitions b
               WHERE b.tenant_id = p.tenant_id AND b.program_id = p.program_id)::int AS badge_definitions
      FROM analytics.programs p`);
    await db.query(`COMMENT ON VIEW reporting.programs IS 'One row per program and tenant: definition, lifecycle status and recognition set-up. Filter by tenant_id.'`);
    // The read-only role analysts' logins are granted. Creating roles needs CREATEROLE, which a managed
    // database may not give the service: then a DBA creates it and this step only notes it.
    await db.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tandem_reporting') THEN CREATE ROLE tandem_reporting NOLOGIN; END IF;
        GRANT USAGE ON SCHEMA reporting TO tandem_reporting;
        GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO tandem_reporting;
        GRANT USAGE ON SCHEMA analytics TO tandem_reporting;
        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO tandem_reporting;
      EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'create role tandem_reporting and grant it SELECT on schema reporting';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS reporting CASCADE`);
    await db.query(`DROP SCHEMA IF EXISTS analytics CASCADE`);
  }
}
