import type { MigrationInterface, QueryRunner } from 'typeorm';
import { joinTenantTimeZone, publishReport, tenantTimeZone } from './reporting-views';

const ids = {
  tenant_id: 'Your tenant (organization) id: the same on every row.',
  program_id: 'The program (enrollment program id).',
};

/**
 * The analysts' monthly view counts months in each tenant's reporting time zone, as the KPIs and series do
 * (docs/analysts.md). `analytics.reporting_time_zones` holds the zones: the service writes it at every start from
 * `REPORTING_TIME_ZONES` (`time-zones/reporting-time-zones.ts`); until then the `*` row says UTC, as before.
 * `report_program_engagement_monthly` keeps its columns and types; a month's sessions are now an index range
 * (`occurred_at` from the month's first local midnight to the next) instead of every session of the program per month.
 */
export class ReportingTimeZones1763700000460 implements MigrationInterface {
  name = 'ReportingTimeZones1763700000460';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.reporting_time_zones (
        tenant_id text PRIMARY KEY,
        time_zone text NOT NULL
      )`);
    await db.query(
      `COMMENT ON TABLE analytics.reporting_time_zones IS 'Each tenant''s reporting time zone (IANA), * for every other tenant: written by the service at start from REPORTING_TIME_ZONES. The reporting views count months in it.'`,
    );
    await db.query(`INSERT INTO analytics.reporting_time_zones (tenant_id, time_zone) VALUES ('*', 'UTC')`);
    await db.query(`DROP VIEW IF EXISTS reporting.program_engagement_monthly`);
    await db.query(`DROP VIEW analytics.report_program_engagement_monthly`);
    await db.query(`
      CREATE VIEW analytics.report_program_engagement_monthly AS
      WITH keys AS (
        SELECT s.tenant_id, s.program_id, to_char(s.occurred_at AT TIME ZONE ${tenantTimeZone('z')}, 'YYYY-MM') AS month
          FROM analytics.sessions s ${joinTenantTimeZone('z', 's.tenant_id')}
        UNION SELECT tenant_id, program_id, month FROM analytics.training_hours
      ), months AS (
        SELECT k.tenant_id, k.program_id, k.month,
               (k.month || '-01')::timestamp AT TIME ZONE ${tenantTimeZone('z')} AS starts,
               ((k.month || '-01')::timestamp + interval '1 month') AT TIME ZONE ${tenantTimeZone('z')} AS ends
          FROM keys k ${joinTenantTimeZone('z', 'k.tenant_id')}
      )
      SELECT m.tenant_id, m.program_id, m.month,
        (SELECT count(*) FROM analytics.sessions s WHERE s.tenant_id = m.tenant_id AND s.program_id = m.program_id
           AND s.occurred_at >= m.starts AND s.occurred_at < m.ends)::int AS sessions,
        (SELECT coalesce(sum(minutes), 0) FROM analytics.sessions s WHERE s.tenant_id = m.tenant_id AND s.program_id = m.program_id
           AND s.occurred_at >= m.starts AND s.occurred_at < m.ends)::int AS session_minutes,
        (SELECT round(coalesce(sum(minutes), 0) / 60.0, 2) FROM analytics.training_hours h
          WHERE h.tenant_id = m.tenant_id AND h.program_id = m.program_id AND h.month = m.month) AS training_hours,
        (SELECT round(avg(r.rating), 2) FROM analytics.session_ratings r JOIN analytics.sessions s USING (tenant_id, session_id)
          WHERE s.tenant_id = m.tenant_id AND s.program_id = m.program_id AND s.occurred_at >= m.starts AND s.occurred_at < m.ends) AS average_rating
      FROM months m`);
    await publishMonthly(db, {
      view: 'Per program and calendar month in the tenant’s reporting time zone: confirmed sessions, their minutes, credited training hours (corrections included) and the average session rating.',
      month: 'Calendar month, YYYY-MM, in your tenant’s reporting time zone (the zone the KPIs use; UTC unless your operator set another).',
    });
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW IF EXISTS reporting.program_engagement_monthly`);
    await db.query(`DROP VIEW analytics.report_program_engagement_monthly`);
    await db.query(`
      CREATE VIEW analytics.report_program_engagement_monthly AS
      WITH months AS (
        SELECT tenant_id, program_id, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month FROM analytics.sessions
        UNION SELECT tenant_id, program_id, month FROM analytics.training_hours
      )
      SELECT m.tenant_id, m.program_id, m.month,
        (SELECT count(*) FROM analytics.sessions s WHERE s.tenant_id = m.tenant_id AND s.program_id = m.program_id
           AND to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') = m.month)::int AS sessions,
        (SELECT coalesce(sum(minutes), 0) FROM analytics.sessions s WHERE s.tenant_id = m.tenant_id AND s.program_id = m.program_id
           AND to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') = m.month)::int AS session_minutes,
        (SELECT round(coalesce(sum(minutes), 0) / 60.0, 2) FROM analytics.training_hours h
          WHERE h.tenant_id = m.tenant_id AND h.program_id = m.program_id AND h.month = m.month) AS training_hours,
        (SELECT round(avg(r.rating), 2) FROM analytics.session_ratings r JOIN analytics.sessions s USING (tenant_id, session_id)
          WHERE s.tenant_id = m.tenant_id AND s.program_id = m.program_id AND to_char(s.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') = m.month) AS average_rating
      FROM months m`);
    await publishMonthly(db, {
      view: 'Per program and calendar month (UTC): confirmed sessions, their minutes, credited training hours (corrections included) and the average session rating.',
      month: 'Calendar month, YYYY-MM (UTC).',
    });
    await db.query(`DROP TABLE analytics.reporting_time_zones`);
  }
}

/** The monthly report's comments, on the service's view and on the analysts' one. */
async function publishMonthly(db: QueryRunner, comments: { view: string; month: string }): Promise<void> {
  await db.query(`COMMENT ON VIEW analytics.report_program_engagement_monthly IS '${comments.view.replace(/'/g, "''")}'`);
  await publishReport(db, 'program_engagement_monthly', comments.view, {
    ...ids,
    month: comments.month,
    sessions: 'Sessions confirmed by both sides that took place in the month.',
    session_minutes: 'Minutes of those sessions.',
    training_hours: 'Training hours credited for the month, corrections included (hours, 2 decimals).',
    average_rating: 'Average rating (1–5) of those sessions, 2 decimals (null when none was rated).',
  });
}
