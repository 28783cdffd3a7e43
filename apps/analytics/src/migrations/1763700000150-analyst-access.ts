import type { MigrationInterface, QueryRunner } from 'typeorm';
import { publishReport } from './reporting-views';

const ids = {
  tenant_id: 'Your tenant (organization) id: the same on every row.',
  program_id: 'The program (enrollment program id).',
};

/**
 * Analysts' SQL access becomes tenant-safe (docs/analysts.md): the three reports move into the service's schema as
 * `analytics.report_*`, and `reporting.*` republishes them filtered to the tenant of the connected login, with a
 * comment on every column. `tandem_reporting` loses every right on the `analytics` schema (its base tables were
 * readable, every tenant's rows with them) and keeps SELECT on the reporting views; analyst logins are members of
 * it, one tenant each (`reporting_access.analyst_logins`, managed by `analyst-logins.js`).
 */
export class AnalystAccess1763700000150 implements MigrationInterface {
  name = 'AnalystAccess1763700000150';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS reporting_access`);
    await db.query(`
      CREATE TABLE reporting_access.analyst_logins (
        login       name        PRIMARY KEY,
        tenant_id   text        NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        rotated_at  timestamptz
      )`);
    await db.query(`COMMENT ON TABLE reporting_access.analyst_logins IS 'Which tenant each analyst login (a member of tandem_reporting) may read.'`);
    for (const name of ['programs', 'program_engagement_monthly', 'program_impact']) {
      await db.query(`ALTER VIEW reporting.${name} RENAME TO report_${name}`);
      await db.query(`ALTER VIEW reporting.report_${name} SET SCHEMA analytics`);
    }
    await db.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tandem_reporting') THEN CREATE ROLE tandem_reporting NOLOGIN; END IF;
        REVOKE ALL ON ALL TABLES IN SCHEMA analytics FROM tandem_reporting;
        REVOKE ALL ON SCHEMA analytics FROM tandem_reporting;
        GRANT USAGE ON SCHEMA reporting TO tandem_reporting;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO tandem_reporting', current_database());
      EXCEPTION WHEN insufficient_privilege THEN RAISE NOTICE 'create role tandem_reporting NOLOGIN and grant it USAGE on schema reporting, CONNECT on this database';
      END $$`);

    await publishReport(db, 'programs', 'One row per program: definition, lifecycle status, recognition set-up and participation.', {
      ...ids,
      name: 'Program name.',
      status: 'Lifecycle status: draft, open, running, closed or archived.',
      lifecycle_kind: 'cohort (fixed dates) or evergreen (always open).',
      starts_on: 'First day of a cohort program (null for evergreen).',
      ends_on: 'Last day of a cohort program (null for evergreen).',
      max_pairs: 'Most pairings the program takes at once (null: no limit).',
      sessions_per_month: 'Sessions a pair is expected to hold per month.',
      session_minutes: 'Expected length of a session, in minutes.',
      objectives: 'How many objectives the program declares.',
      sponsor_name: 'Executive sponsor (null when none).',
      created_at: 'When the program was created (UTC).',
      status_changed_at: 'When the status last changed (UTC).',
      badge_definitions: 'Badges defined for the program.',
      applications: 'Applications received (mentors and mentees, any status).',
      approved: 'Applications currently approved.',
      active_pairings: 'Pairings currently active.',
    });
    await publishReport(db, 'program_engagement_monthly', 'Per program and calendar month (UTC): confirmed sessions, their minutes, credited training hours (corrections included) and the average session rating.', {
      ...ids,
      month: 'Calendar month, YYYY-MM (UTC).',
      sessions: 'Sessions confirmed by both sides that took place in the month.',
      session_minutes: 'Minutes of those sessions.',
      training_hours: 'Training hours credited for the month, corrections included (hours, 2 decimals).',
      average_rating: 'Average rating (1–5) of those sessions, 2 decimals (null when none was rated).',
    });
    await publishReport(db, 'program_impact', 'Per program: confirmed sessions, training hours, average rating, NPS, verified outcomes and pairings at risk.', {
      ...ids,
      sessions: 'Sessions confirmed by both sides.',
      training_hours: 'Training hours credited, corrections included (hours, 2 decimals).',
      average_rating: 'Average session rating (1–5), 2 decimals (null when none).',
      nps: 'Net promoter score of the monthly pulse: % of 9–10 minus % of 0–6, 1 decimal (null when no answer).',
      verified_outcomes: 'Outcomes verified by a program manager.',
      at_risk_pairings: 'Active pairings currently at risk (no session within the cadence window).',
    });
  }

  async down(db: QueryRunner): Promise<void> {
    for (const name of ['programs', 'program_engagement_monthly', 'program_impact']) {
      await db.query(`DROP VIEW IF EXISTS reporting.${name}`);
      await db.query(`ALTER VIEW analytics.report_${name} SET SCHEMA reporting`);
      await db.query(`ALTER VIEW reporting.report_${name} RENAME TO ${name}`);
    }
    await db.query(`DROP SCHEMA IF EXISTS reporting_access CASCADE`);
  }
}
