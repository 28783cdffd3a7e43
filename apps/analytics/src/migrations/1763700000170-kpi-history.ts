import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the KPIs need to be stated "as of" a past day (docs/kpis.md): the history of the read models updated in place
 * (an application's status, a pairing's status, a pairing's health), and the time each answer, ledger entry and
 * revocation was recorded. Existing rows are back-filled from what the tables know (the current state at its last
 * change, a pulse answer at the start of its month, a ledger entry at the start of its month); rebuilding analytics
 * from the topics (`rebuild-read-models`) replaces that with the exact history.
 */
export class KpiHistory1763700000170 implements MigrationInterface {
  name = 'KpiHistory1763700000170';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.application_changes (
        tenant_id text NOT NULL, program_id text NOT NULL, application_id text NOT NULL, role text NOT NULL, status text NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, application_id, changed_at, status)
      )`);
    await db.query(`CREATE INDEX analytics_application_changes_program_idx ON analytics.application_changes (tenant_id, program_id, application_id, changed_at) INCLUDE (role, status)`);
    await db.query(`
      CREATE TABLE analytics.pairing_changes (
        tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, status text NOT NULL, changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id, changed_at, status)
      )`);
    await db.query(`CREATE INDEX analytics_pairing_changes_program_idx ON analytics.pairing_changes (tenant_id, program_id, pairing_id, changed_at) INCLUDE (status)`);
    await db.query(`
      CREATE TABLE analytics.pairing_health_changes (
        tenant_id text NOT NULL, program_id text NOT NULL, pairing_id text NOT NULL, episode integer NOT NULL, at_risk boolean NOT NULL,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id, episode, at_risk)
      )`);
    await db.query(`ALTER TABLE analytics.pulse_answers ADD COLUMN answered_at timestamptz`);
    await db.query(`ALTER TABLE analytics.training_hours ADD COLUMN recorded_at timestamptz`);
    await db.query(`ALTER TABLE analytics.recognitions ADD COLUMN revoked_at timestamptz`);

    await db.query(`
      INSERT INTO analytics.application_changes (tenant_id, program_id, application_id, role, status, changed_at)
      SELECT tenant_id, program_id, application_id, role, 'applied', applied_at FROM analytics.applications
      UNION SELECT tenant_id, program_id, application_id, role, status, decided_at FROM analytics.applications WHERE decided_at IS NOT NULL`);
    await db.query(`
      INSERT INTO analytics.pairing_changes (tenant_id, program_id, pairing_id, status, changed_at)
      SELECT tenant_id, program_id, pairing_id, 'active', started_at FROM analytics.pairings WHERE started_at IS NOT NULL
      UNION SELECT tenant_id, program_id, pairing_id, status, ended_at FROM analytics.pairings WHERE ended_at IS NOT NULL`);
    await db.query(`
      INSERT INTO analytics.pairing_health_changes (tenant_id, program_id, pairing_id, episode, at_risk, changed_at)
      SELECT tenant_id, program_id, pairing_id, episode, at_risk, changed_at FROM analytics.pairing_health`);
    await db.query(`UPDATE analytics.pulse_answers SET answered_at = (period || '-01')::date`);
    await db.query(`UPDATE analytics.training_hours SET recorded_at = (month || '-01')::date`);
    await db.query(`UPDATE analytics.recognitions SET revoked_at = earned_at WHERE revoked`);
    await db.query(`ALTER TABLE analytics.pulse_answers ALTER COLUMN answered_at SET NOT NULL`);
    await db.query(`ALTER TABLE analytics.training_hours ALTER COLUMN recorded_at SET NOT NULL`);
    // A program's figures as of a day read index ranges, not whole tables (bench/scenarios/kpis.ts).
    await db.query(`CREATE INDEX analytics_ratings_program_idx ON analytics.session_ratings (tenant_id, program_id, submitted_at) INCLUDE (rating)`);
    await db.query(`CREATE INDEX analytics_pulse_program_idx ON analytics.pulse_answers (tenant_id, program_id, answered_at) INCLUDE (score)`);
    await db.query(`CREATE INDEX analytics_hours_program_idx ON analytics.training_hours (tenant_id, program_id, recorded_at) INCLUDE (minutes)`);
    await db.query(`CREATE INDEX analytics_outcomes_program_idx ON analytics.outcomes (tenant_id, program_id, verified_at) INCLUDE (kind)`);
    await db.query(`CREATE INDEX analytics_health_changes_program_idx ON analytics.pairing_health_changes (tenant_id, program_id, pairing_id, episode)`);
    await db.query(`CREATE INDEX analytics_applications_applied_idx ON analytics.applications (tenant_id, program_id, applied_at)`);
    await db.query(`CREATE INDEX analytics_pairings_mentee_idx ON analytics.pairings (tenant_id, mentee_application_id) INCLUDE (started_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const index of ['ratings_program', 'pulse_program', 'hours_program', 'outcomes_program', 'health_changes_program', 'applications_applied', 'pairings_mentee']) {
      await db.query(`DROP INDEX IF EXISTS analytics.analytics_${index}_idx`);
    }
    await db.query(`ALTER TABLE analytics.recognitions DROP COLUMN revoked_at`);
    await db.query(`ALTER TABLE analytics.training_hours DROP COLUMN recorded_at`);
    await db.query(`ALTER TABLE analytics.pulse_answers DROP COLUMN answered_at`);
    await db.query(`DROP TABLE analytics.pairing_health_changes`);
    await db.query(`DROP TABLE analytics.pairing_changes`);
    await db.query(`DROP TABLE analytics.application_changes`);
  }
}
