import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rewards from recognition's events: the budget ledger's allocations and corrections (one row per event), and each
 * reward request with its cost, when it was fulfilled (captured spend) and the mentor's ratings.
 */
export class Rewards1763700000450 implements MigrationInterface {
  name = 'Rewards1763700000450';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE analytics.reward_budget_entries (
        tenant_id     text        NOT NULL,
        program_id    text        NOT NULL,
        event_id      text        NOT NULL,
        period        text        NOT NULL,
        entry         text        NOT NULL,
        amount_minor  bigint      NOT NULL,
        currency      text        NOT NULL,
        occurred_at   timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, program_id, event_id)
      )`);
    await db.query(`
      CREATE TABLE analytics.reward_redemptions (
        tenant_id     text        NOT NULL,
        program_id    text        NOT NULL,
        request_id    text        NOT NULL,
        reward_id     text        NOT NULL,
        kind          text        NOT NULL,
        mentor_id     text        NOT NULL,
        cost_minor    bigint      NOT NULL,
        currency      text        NOT NULL,
        period        text        NOT NULL,
        status        text        NOT NULL,
        requested_at  timestamptz NOT NULL,
        fulfilled_at  timestamptz,
        satisfaction  smallint,
        relevance     smallint,
        feedback_at   timestamptz,
        PRIMARY KEY (tenant_id, program_id, request_id)
      )`);
    await db.query(`CREATE INDEX reward_redemptions_fulfilled ON analytics.reward_redemptions (tenant_id, program_id, fulfilled_at) WHERE fulfilled_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS analytics.reward_redemptions`);
    await db.query(`DROP TABLE IF EXISTS analytics.reward_budget_entries`);
  }
}
