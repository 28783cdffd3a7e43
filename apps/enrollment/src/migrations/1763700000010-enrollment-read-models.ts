import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrollment's query side (schema `enrollment`): one row per program, application, matching run and pairing,
 * written in the same transaction as the events (see read-models/projections.ts), so lists are never behind.
 */
export class EnrollmentReadModels1763700000010 implements MigrationInterface {
  name = 'EnrollmentReadModels1763700000010';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS enrollment`);
    await db.query(`
      CREATE TABLE enrollment.programs (
        tenant_id    text        NOT NULL,
        program_id   text        NOT NULL,
        name         text        NOT NULL,
        status       text        NOT NULL,
        lifecycle_kind text      NOT NULL,
        version      integer     NOT NULL,
        created_at   timestamptz NOT NULL,
        updated_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id)
      )`);
    await db.query(`CREATE INDEX programs_list_idx ON enrollment.programs (tenant_id, status, created_at DESC)`);
    await db.query(`
      CREATE TABLE enrollment.applications (
        tenant_id      text        NOT NULL,
        application_id text        NOT NULL,
        program_id     text        NOT NULL,
        role           text        NOT NULL,
        status         text        NOT NULL,
        user_id        text        NOT NULL,
        employee_id    text        NOT NULL,
        name           text        NOT NULL,
        email          text        NOT NULL,
        department     text,
        time_zone      text        NOT NULL,
        person         jsonb       NOT NULL,
        profile        jsonb       NOT NULL,
        answers        jsonb       NOT NULL,
        onboarding_completed boolean NOT NULL,
        capacity       integer     NOT NULL,
        held           integer     NOT NULL,
        version        integer     NOT NULL,
        applied_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, application_id)
      )`);
    await db.query(`CREATE INDEX applications_program_idx ON enrollment.applications (tenant_id, program_id, status, role, applied_at)`);
    // One application per person, role and program (a withdrawn or rejected one does not block a new one).
    await db.query(`
      CREATE UNIQUE INDEX applications_one_per_person_idx ON enrollment.applications (tenant_id, program_id, user_id, role)
      WHERE status NOT IN ('withdrawn', 'rejected')`);
    await db.query(`
      CREATE TABLE enrollment.matching_runs (
        tenant_id         text        NOT NULL,
        run_id            text        NOT NULL,
        program_id        text        NOT NULL,
        objective         text        NOT NULL,
        algorithm_version text        NOT NULL,
        input_fingerprint text        NOT NULL,
        total_score       numeric     NOT NULL,
        matched           integer     NOT NULL,
        unmatched         jsonb       NOT NULL,
        stats             jsonb       NOT NULL,
        ran_by            text        NOT NULL,
        ran_at            timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, run_id)
      )`);
    await db.query(`CREATE INDEX matching_runs_program_idx ON enrollment.matching_runs (tenant_id, program_id, ran_at DESC)`);
    await db.query(`
      CREATE TABLE enrollment.pairings (
        tenant_id      text        NOT NULL,
        pairing_id     text        NOT NULL,
        program_id     text        NOT NULL,
        run_id         text,
        source         text        NOT NULL,
        status         text        NOT NULL,
        mentor         jsonb       NOT NULL,
        mentee         jsonb       NOT NULL,
        mentor_user_id text        NOT NULL,
        mentee_user_id text        NOT NULL,
        score          numeric     NOT NULL,
        breakdown      jsonb,
        algorithm_version text     NOT NULL,
        mentor_accepted boolean    NOT NULL,
        mentee_accepted boolean    NOT NULL,
        expires_at     timestamptz NOT NULL,
        started_at     timestamptz,
        ended_at       timestamptz,
        end_reason     text,
        version        integer     NOT NULL,
        created_at     timestamptz NOT NULL,
        updated_at     timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id)
      )`);
    await db.query(`CREATE INDEX pairings_program_idx ON enrollment.pairings (tenant_id, program_id, status, created_at)`);
    await db.query(`CREATE INDEX pairings_run_idx ON enrollment.pairings (tenant_id, run_id)`);
    await db.query(`CREATE INDEX pairings_pending_expiry_idx ON enrollment.pairings (expires_at) WHERE status IN ('proposed', 'approved')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA IF EXISTS enrollment CASCADE`);
  }
}
