import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engagement and impact from session tracking's events: confirmed sessions, ratings, pulse NPS, training-hours
 * ledger, verified outcomes and pairing health — plus the analysts' monthly view and program totals.
 */
export class Engagement1763700000120 implements MigrationInterface {
  name = 'Engagement1763700000120';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.sessions (
        tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, session_id text NOT NULL,
        occurred_at timestamptz NOT NULL, minutes integer NOT NULL, format text NOT NULL,
        PRIMARY KEY (tenant_id, session_id))`);
    await db.query(`CREATE INDEX analytics_sessions_program_idx ON analytics.sessions (tenant_id, program_id, occurred_at)`);
    await db.query(`
      CREATE TABLE analytics.session_ratings (
        tenant_id text NOT NULL, program_id text NOT NULL, session_id text NOT NULL, rater_role text NOT NULL,
        rating integer NOT NULL, submitted_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, session_id, rater_role))`);
    await db.query(`
      CREATE TABLE analytics.pulse_answers (
        tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, period text NOT NULL,
        respondent_role text NOT NULL, score integer NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id, period, respondent_role))`);
    await db.query(`
      CREATE TABLE analytics.training_hours (
        tenant_id text NOT NULL, program_id text NOT NULL, entry_id text NOT NULL, user_id text NOT NULL,
        role text NOT NULL, month text NOT NULL, minutes integer NOT NULL,
        PRIMARY KEY (tenant_id, entry_id))`);
    await db.query(`
      CREATE TABLE analytics.outcomes (
        tenant_id text NOT NULL, program_id text NOT NULL, outcome_id text NOT NULL, kind text NOT NULL,
        beneficiary_role text NOT NULL, verified_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, outcome_id))`);
    await db.query(`
      CREATE TABLE analytics.pairing_health (
        tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, at_risk boolean NOT NULL,
        episode integer NOT NULL, changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id))`);

    await db.query(`
      CREATE VIEW reporting.program_engagement_monthly AS
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
    await db.query(`COMMENT ON VIEW reporting.program_engagement_monthly IS 'Per program and calendar month (UTC): confirmed sessions, their minutes, credited training hours (corrections included) and the average session rating.'`);
    await db.query(`
      CREATE VIEW reporting.program_impact AS
      SELECT p.tenant_id, p.program_id,
        (SELECT count(*) FROM analytics.sessions s WHERE s.tenant_id = p.tenant_id AND s.program_id = p.program_id)::int AS sessions,
        (SELECT round(coalesce(sum(minutes), 0) / 60.0, 2) FROM analytics.training_hours h WHERE h.tenant_id = p.tenant_id AND h.program_id = p.program_id) AS training_hours,
        (SELECT round(avg(rating), 2) FROM analytics.session_ratings r WHERE r.tenant_id = p.tenant_id AND r.program_id = p.program_id) AS average_rating,
        (SELECT round(100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / nullif(count(*), 0), 1)
           FROM analytics.pulse_answers a WHERE a.tenant_id = p.tenant_id AND a.program_id = p.program_id) AS nps,
        (SELECT count(*) FROM analytics.outcomes o WHERE o.tenant_id = p.tenant_id AND o.program_id = p.program_id)::int AS verified_outcomes,
        (SELECT count(*) FROM analytics.pairing_health x WHERE x.tenant_id = p.tenant_id AND x.program_id = p.program_id AND x.at_risk)::int AS at_risk_pairings
      FROM analytics.programs p`);
    await db.query(`COMMENT ON VIEW reporting.program_impact IS 'Per program: confirmed sessions, training hours, average rating, NPS (promoters 9–10 minus detractors 0–6, in points), verified outcomes and pairings currently at risk.'`);
    await db.query(`
      DO $$ BEGIN
        GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO tandem_reporting;
        GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO tandem_reporting;
      EXCEPTION WHEN undefined_object OR insufficient_privilege THEN RAISE NOTICE 'grant SELECT on reporting to tandem_reporting';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP VIEW IF EXISTS reporting.program_impact`);
    await db.query(`DROP VIEW IF EXISTS reporting.program_engagement_monthly`);
    for (const table of ['pairing_health', 'outcomes', 'training_hours', 'pulse_answers', 'session_ratings', 'sessions']) {
      await db.query(`DROP TABLE IF EXISTS analytics.${table}`);
    }
  }
}
