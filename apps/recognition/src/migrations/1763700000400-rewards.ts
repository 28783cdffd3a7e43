import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rewards (issue 15): each program's participants with their recognition preferences (enrollment's events), the
 * reward catalogue, the budget ledger (its entries and each period's position) and the reward requests.
 */
export class Rewards1763700000400 implements MigrationInterface {
  name = 'Rewards1763700000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE recognition.participants (
        tenant_id                text        NOT NULL,
        program_id               text        NOT NULL,
        application_id           text        NOT NULL,
        user_id                  text        NOT NULL,
        role                     text        NOT NULL,
        status                   text        NOT NULL,
        recognition_preferences  jsonb       NOT NULL,
        updated_at               timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, application_id)
      )`);
    await db.query(`CREATE INDEX participants_by_user ON recognition.participants (tenant_id, program_id, user_id)`);
    await db.query(`
      CREATE TABLE recognition.rewards (
        tenant_id    text        NOT NULL,
        program_id   text        NOT NULL,
        reward_id    text        NOT NULL,
        name         text        NOT NULL,
        description  text        NOT NULL,
        kind         text        NOT NULL,
        cost_minor   bigint      NOT NULL CHECK (cost_minor > 0),
        currency     text        NOT NULL,
        stock        integer,
        available    integer     CHECK (available >= 0),
        unlocked_by  jsonb       NOT NULL,
        flagged      boolean     NOT NULL,
        status       text        NOT NULL,
        updated_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, reward_id)
      )`);
    await db.query(`
      CREATE TABLE recognition.reward_budgets (
        tenant_id        text        NOT NULL,
        program_id       text        NOT NULL,
        period           text        NOT NULL,
        currency         text        NOT NULL,
        allocated_minor  bigint      NOT NULL,
        reserved_minor   bigint      NOT NULL,
        spent_minor      bigint      NOT NULL,
        remaining_minor  bigint      NOT NULL CHECK (remaining_minor >= 0),
        updated_at       timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, period)
      )`);
    await db.query(`
      CREATE TABLE recognition.reward_budget_entries (
        tenant_id       text        NOT NULL,
        program_id      text        NOT NULL,
        period          text        NOT NULL,
        stream_version  integer     NOT NULL,
        entry           text        NOT NULL,
        request_id      text,
        amount_minor    bigint      NOT NULL,
        note            text,
        occurred_at     timestamptz NOT NULL,
        recorded_by     text,
        PRIMARY KEY (tenant_id, program_id, period, stream_version)
      )`);
    await db.query(`
      CREATE TABLE recognition.reward_requests (
        tenant_id                 text        NOT NULL,
        program_id                text        NOT NULL,
        request_id                text        NOT NULL,
        reward_id                 text        NOT NULL,
        reward_name               text        NOT NULL,
        kind                      text        NOT NULL,
        mentor_id                 text        NOT NULL,
        cost_minor                bigint      NOT NULL,
        currency                  text        NOT NULL,
        period                    text        NOT NULL,
        second_approval_required  boolean     NOT NULL,
        status                    text        NOT NULL,
        approvers                 jsonb       NOT NULL,
        reason                    text,
        requested_at              timestamptz NOT NULL,
        decided_at                timestamptz,
        fulfilled_at              timestamptz,
        satisfaction              smallint,
        relevance                 smallint,
        feedback_comment          text,
        feedback_at               timestamptz,
        updated_at                timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, request_id)
      )`);
    await db.query(`CREATE INDEX reward_requests_by_mentor ON recognition.reward_requests (tenant_id, mentor_id, requested_at DESC)`);
    await db.query(`CREATE INDEX reward_requests_queue ON recognition.reward_requests (tenant_id, program_id, status, requested_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['reward_requests', 'reward_budget_entries', 'reward_budgets', 'rewards', 'participants']) await db.query(`DROP TABLE IF EXISTS recognition.${table}`);
  }
}
