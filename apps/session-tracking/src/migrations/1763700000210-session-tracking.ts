import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session tracking's read models (schema `session_tracking`). The event store stays the source of truth for
 * sessions, goals, roadmaps, outcomes, pulse answers, training-hours ledgers and engagement health; these
 * tables are written in the same transaction as the events they reflect.
 *
 * Private notes are the exception: they live ONLY in `private_notes` (never in the event store, the outbox
 * or any Kafka message), so they can be deleted for good.
 */
export class SessionTracking1763700000210 implements MigrationInterface {
  name = 'SessionTracking1763700000210';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS session_tracking`);

    // Pairings as enrollment announces them, plus what session tracking derives: cadence anchor and health.
    await db.query(`
      CREATE TABLE session_tracking.pairings (
        tenant_id          text        NOT NULL,
        pairing_id         text        NOT NULL,
        program_id         text        NOT NULL,
        mentor_user_id     text        NOT NULL,
        mentor_name        text        NOT NULL,
        mentee_user_id     text        NOT NULL,
        mentee_name        text        NOT NULL,
        status             text        NOT NULL,
        started_at         timestamptz NOT NULL,
        status_changed_at  timestamptz NOT NULL,
        resumed_at         timestamptz,
        window_days        integer     NOT NULL,
        last_session_at    timestamptz,
        confirmed_sessions integer     NOT NULL DEFAULT 0,
        confirmed_minutes  integer     NOT NULL DEFAULT 0,
        due_at             timestamptz NOT NULL,
        health             text        NOT NULL DEFAULT 'healthy',
        at_risk_since      timestamptz,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, pairing_id)
      )`);
    await db.query(`CREATE INDEX pairings_program_idx ON session_tracking.pairings (tenant_id, program_id, status, health)`);
    await db.query(`CREATE INDEX pairings_mentor_idx ON session_tracking.pairings (tenant_id, mentor_user_id)`);
    await db.query(`CREATE INDEX pairings_mentee_idx ON session_tracking.pairings (tenant_id, mentee_user_id)`);
    // The health scheduler's scan: active pairings whose due time crossed "now" in either direction.
    await db.query(`CREATE INDEX pairings_due_idx ON session_tracking.pairings (due_at) WHERE status = 'active'`);

    await db.query(`
      CREATE TABLE session_tracking.sessions (
        tenant_id        text        NOT NULL,
        session_id       uuid        NOT NULL,
        pairing_id       text        NOT NULL,
        program_id       text        NOT NULL,
        status           text        NOT NULL,
        format           text        NOT NULL,
        scheduled_at     timestamptz,
        planned_minutes  integer,
        occurred_at      timestamptz,
        minutes          integer,
        topics           jsonb       NOT NULL DEFAULT '[]',
        logged           boolean,
        reported_by      text,
        reported_at      timestamptz,
        confirm_by       timestamptz,
        confirmation     text,
        decided_at       timestamptz,
        no_show_absent   text,
        mentor_rating    integer,
        mentor_comment   text,
        mentee_rating    integer,
        mentee_comment   text,
        updated_at       timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, session_id)
      )`);
    await db.query(`CREATE INDEX sessions_pairing_idx ON session_tracking.sessions (tenant_id, pairing_id, updated_at DESC)`);
    await db.query(`CREATE INDEX sessions_program_idx ON session_tracking.sessions (tenant_id, program_id, updated_at DESC)`);

    await db.query(`
      CREATE TABLE session_tracking.private_notes (
        tenant_id      text        NOT NULL,
        note_id        uuid        NOT NULL,
        pairing_id     text        NOT NULL,
        session_id     uuid,
        author_user_id text        NOT NULL,
        author_role    text        NOT NULL,
        body           text        NOT NULL,
        created_at     timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, note_id)
      )`);
    await db.query(`CREATE INDEX private_notes_pairing_idx ON session_tracking.private_notes (tenant_id, pairing_id, created_at DESC)`);

    await db.query(`
      CREATE TABLE session_tracking.pulse_answers (
        tenant_id   text        NOT NULL,
        pairing_id  text        NOT NULL,
        program_id  text        NOT NULL,
        period      text        NOT NULL,
        role        text        NOT NULL,
        user_id     text        NOT NULL,
        score       integer     NOT NULL,
        comment     text,
        answered_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, pairing_id, period, role)
      )`);
    await db.query(`CREATE INDEX pulse_program_idx ON session_tracking.pulse_answers (tenant_id, program_id, period)`);

    await db.query(`
      CREATE TABLE session_tracking.roadmaps (
        tenant_id   text        NOT NULL,
        roadmap_id  uuid        NOT NULL,
        program_id  text        NOT NULL,
        title       text        NOT NULL,
        description text        NOT NULL,
        goals       jsonb       NOT NULL,
        status      text        NOT NULL,
        defined_by  text        NOT NULL,
        defined_at  timestamptz NOT NULL,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, roadmap_id)
      )`);
    await db.query(`CREATE INDEX roadmaps_program_idx ON session_tracking.roadmaps (tenant_id, program_id)`);

    await db.query(`
      CREATE TABLE session_tracking.goals (
        tenant_id   text        NOT NULL,
        goal_id     uuid        NOT NULL,
        pairing_id  text        NOT NULL,
        program_id  text        NOT NULL,
        title       text        NOT NULL,
        description text        NOT NULL,
        metric      text        NOT NULL,
        target      numeric     NOT NULL,
        relevance   text        NOT NULL,
        due_on      date        NOT NULL,
        status      text        NOT NULL,
        progress    integer     NOT NULL,
        milestones  jsonb       NOT NULL,
        roadmap_id  uuid,
        template_id text,
        set_at      timestamptz NOT NULL,
        achieved_at timestamptz,
        updated_at  timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, goal_id)
      )`);
    await db.query(`CREATE INDEX goals_pairing_idx ON session_tracking.goals (tenant_id, pairing_id, set_at)`);

    await db.query(`
      CREATE TABLE session_tracking.outcomes (
        tenant_id           text        NOT NULL,
        outcome_id          uuid        NOT NULL,
        pairing_id          text        NOT NULL,
        program_id          text        NOT NULL,
        kind                text        NOT NULL,
        title               text        NOT NULL,
        description         text        NOT NULL,
        achieved_on         date        NOT NULL,
        beneficiary_user_id text        NOT NULL,
        beneficiary_role    text        NOT NULL,
        reported_by         text        NOT NULL,
        reported_at         timestamptz NOT NULL,
        status              text        NOT NULL,
        decided_by          text,
        decided_at          timestamptz,
        rejection_reason    text,
        updated_at          timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, outcome_id)
      )`);
    await db.query(`CREATE INDEX outcomes_program_idx ON session_tracking.outcomes (tenant_id, program_id, status, reported_at)`);
    await db.query(`CREATE INDEX outcomes_pairing_idx ON session_tracking.outcomes (tenant_id, pairing_id)`);

    // The ledger's entries as they were appended: a correction is a new row referencing the row it corrects.
    await db.query(`
      CREATE TABLE session_tracking.training_hours_entries (
        tenant_id         text        NOT NULL,
        entry_id          uuid        NOT NULL,
        program_id        text        NOT NULL,
        user_id           text        NOT NULL,
        role              text        NOT NULL,
        pairing_id        text        NOT NULL,
        session_id        uuid        NOT NULL,
        kind              text        NOT NULL CHECK (kind IN ('credit', 'correction')),
        corrects_entry_id uuid,
        month             text        NOT NULL,
        occurred_at       timestamptz,
        session_minutes   integer     NOT NULL,
        minutes           integer     NOT NULL,
        capped            boolean     NOT NULL DEFAULT false,
        reason            text,
        recorded_by       text        NOT NULL,
        recorded_at       timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, entry_id),
        CHECK ((kind = 'correction') = (corrects_entry_id IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX training_hours_user_idx ON session_tracking.training_hours_entries (tenant_id, user_id, program_id, month)`);
    // Never edited: the database itself refuses UPDATE and DELETE on ledger entries.
    await db.query(`
      CREATE FUNCTION session_tracking.ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'training-hours entries are append-only: correct an entry with a new one';
      END $$`);
    await db.query(`
      CREATE TRIGGER training_hours_entries_append_only BEFORE UPDATE OR DELETE ON session_tracking.training_hours_entries
      FOR EACH ROW EXECUTE FUNCTION session_tracking.ledger_is_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['training_hours_entries', 'outcomes', 'goals', 'roadmaps', 'pulse_answers', 'private_notes', 'sessions', 'pairings']) {
      await db.query(`DROP TABLE IF EXISTS session_tracking.${table}`);
    }
    await db.query(`DROP FUNCTION IF EXISTS session_tracking.ledger_is_append_only()`);
  }
}
