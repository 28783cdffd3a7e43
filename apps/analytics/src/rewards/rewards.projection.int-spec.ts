import 'reflect-metadata';
import type { Database } from '@tandem/event-store';
import type { ReceivedEvent } from '@tandem/messaging';
import { RewardApproved, RewardBudgetAllocated, RewardFeedbackGiven, RewardFulfilled, RewardRequested, type RewardBudgetAllocatedV1 } from '@tandem/recognition-contracts';
import { analyticsTestDatabase } from '../testing/read-models';
import { budgetAllocated, rewardFeedbackGiven, rewardFulfilled, rewardRequested, rewardsProjection } from './rewards.projection';
import { programRewardFigures } from './rewards.queries';

const T = 'acme';

/** Recognition's reward events into budget entries and redemptions: every column, redeliveries, no comment anywhere. */
describe('rewards read model (real database)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;
  beforeAll(async () => {
    env = await analyticsTestDatabase('an_rewards');
    db = env.db;
  });
  afterAll(() => env?.close());

  it('records each allocation once by its event id, and a request through fulfilment and feedback', async () => {
    const allocation = { ...RewardBudgetAllocated.example, tenantId: T };
    const received = (id: string) => ({ id }) as ReceivedEvent<RewardBudgetAllocatedV1>;
    const request = { ...RewardRequested.example, tenantId: T };
    await db.transaction(async (tx) => {
      await budgetAllocated(tx, allocation, received('e1'));
      await budgetAllocated(tx, allocation, received('e1')); // redelivered
      await budgetAllocated(tx, { ...allocation, entry: 'correction', amountMinor: -1000, allocatedMinor: 499000 }, received('e2'));
      await rewardRequested(tx, request);
      await rewardRequested(tx, request); // redelivered
      await rewardsProjection.on.find((a) => a.contract === RewardApproved)!.apply(tx, { ...RewardApproved.example, tenantId: T }, {} as never);
      await rewardFulfilled(tx, { ...RewardFulfilled.example, tenantId: T });
      await rewardFeedbackGiven(tx, { ...RewardFeedbackGiven.example, tenantId: T });
    });
    const entries = await db.query(`SELECT event_id, period, entry, amount_minor::int AS amount, currency, occurred_at FROM analytics.reward_budget_entries ORDER BY event_id`);
    expect(entries.rows).toEqual([
      { event_id: 'e1', period: '2027-Q1', entry: 'allocation', amount: 500000, currency: 'EUR', occurred_at: new Date(allocation.occurredAt) },
      { event_id: 'e2', period: '2027-Q1', entry: 'correction', amount: -1000, currency: 'EUR', occurred_at: new Date(allocation.occurredAt) },
    ]);
    const redemptions = await db.query(`SELECT * FROM analytics.reward_redemptions`);
    expect(redemptions.rows).toEqual([
      {
        tenant_id: T, program_id: request.programId, request_id: request.requestId, reward_id: request.rewardId, kind: 'conference', mentor_id: request.mentorId,
        cost_minor: '45000', currency: 'EUR', period: '2027-Q1', status: 'fulfilled', requested_at: new Date(request.requestedAt),
        fulfilled_at: new Date(RewardFulfilled.example.fulfilledAt), satisfaction: 5, relevance: 4, feedback_at: new Date(RewardFeedbackGiven.example.givenAt),
      },
    ]);
    expect(await programRewardFigures(db, T, request.programId, 'UTC')).toEqual({
      budgets: [{ period: '2027-Q1', currency: 'EUR', allocatedMinor: 499000 }],
      months: [{ month: '2027-02', currency: 'EUR', fulfilled: 1, spentMinor: 45000, ratings: 1, averageSatisfaction: 5, averageRelevance: 4 }],
    });
    expect(await programRewardFigures(db, 'globex', request.programId, 'UTC')).toEqual({ budgets: [], months: [] });
  });

  it("counts spend and ratings in the month of the tenant's reporting time zone: 23:30 UTC on 31 March is April in Berlin, March in UTC", async () => {
    const programId = 'p-time-zones';
    const request = { ...RewardRequested.example, tenantId: T, programId, requestId: 'r-edge' };
    await db.transaction(async (tx) => {
      await rewardRequested(tx, request);
      await rewardFulfilled(tx, { ...RewardFulfilled.example, tenantId: T, programId, requestId: 'r-edge', fulfilledAt: '2026-03-31T23:30:00.000Z' });
      await rewardFeedbackGiven(tx, { ...RewardFeedbackGiven.example, tenantId: T, programId, requestId: 'r-edge', givenAt: '2026-03-31T23:30:00.000Z' });
    });
    const month = (m: string) => ({ month: m, currency: 'EUR', fulfilled: 1, spentMinor: 45000, ratings: 1, averageSatisfaction: 5, averageRelevance: 4 });
    expect((await programRewardFigures(db, T, programId, 'Europe/Berlin')).months).toEqual([month('2026-04')]);
    expect((await programRewardFigures(db, T, programId, 'UTC')).months).toEqual([month('2026-03')]);
  });
});
