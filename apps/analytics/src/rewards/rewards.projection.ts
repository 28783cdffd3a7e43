import type { Transaction } from '@tandem/event-store';
import type { ReceivedEvent } from '@tandem/messaging';
import type {
  RewardApprovedV1,
  RewardBudgetAllocatedV1,
  RewardCancelledV1,
  RewardFeedbackGivenV1,
  RewardFulfilledV1,
  RewardRejectedV1,
  RewardRequestedV1,
} from '@tandem/recognition-contracts';
import { applies, integrationProjection } from '@tandem/platform';
import { RewardApproved, RewardBudgetAllocated, RewardCancelled, RewardFeedbackGiven, RewardFulfilled, RewardRejected, RewardRequested } from '@tandem/recognition-contracts';

/**
 * `analytics.reward_budget_entries`: every allocation and correction of a program's reward budget (signed), once per
 * event (its CloudEvents id), at the time the ledger recorded it.
 */
export async function budgetAllocated(tx: Transaction, p: RewardBudgetAllocatedV1, event: ReceivedEvent<RewardBudgetAllocatedV1>): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.reward_budget_entries (tenant_id, program_id, event_id, period, entry, amount_minor, currency, occurred_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, event.id, p.period, p.entry, p.amountMinor, p.currency, p.occurredAt],
  );
}

/**
 * `analytics.reward_redemptions`: each request once, then its status; a fulfilment records the captured spend at its
 * `fulfilledAt` (spend counts in the month it was captured), feedback the two ratings (never the comment: recognition
 * does not publish it). All reward events are keyed by program, so a request's events arrive in order.
 */
export async function rewardRequested(tx: Transaction, p: RewardRequestedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.reward_redemptions (tenant_id, program_id, request_id, reward_id, kind, mentor_id, cost_minor, currency, period, status, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'requested', $10) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.requestId, p.rewardId, p.kind, p.mentorId, p.costMinor, p.currency, p.period, p.requestedAt],
  );
}

const setStatus = (status: string) => async (tx: Transaction, p: RewardApprovedV1 | RewardRejectedV1 | RewardCancelledV1) => {
  await tx.query(`UPDATE analytics.reward_redemptions SET status = $4 WHERE tenant_id = $1 AND program_id = $2 AND request_id = $3`, [p.tenantId, p.programId, p.requestId, status]);
};

export async function rewardFulfilled(tx: Transaction, p: RewardFulfilledV1): Promise<void> {
  await tx.query(
    `UPDATE analytics.reward_redemptions SET status = 'fulfilled', cost_minor = $4, currency = $5, fulfilled_at = $6 WHERE tenant_id = $1 AND program_id = $2 AND request_id = $3`,
    [p.tenantId, p.programId, p.requestId, p.costMinor, p.currency, p.fulfilledAt],
  );
}

export async function rewardFeedbackGiven(tx: Transaction, p: RewardFeedbackGivenV1): Promise<void> {
  await tx.query(
    `UPDATE analytics.reward_redemptions SET satisfaction = $4, relevance = $5, feedback_at = $6 WHERE tenant_id = $1 AND program_id = $2 AND request_id = $3`,
    [p.tenantId, p.programId, p.requestId, p.satisfaction, p.relevance, p.givenAt],
  );
}

/** Recognition's reward events: budget allocated, spend captured per program and month, satisfaction and relevance. */
export const rewardsProjection = integrationProjection({
  name: 'rewards',
  tables: ['analytics.reward_budget_entries', 'analytics.reward_redemptions'],
  on: [
    applies(RewardBudgetAllocated, budgetAllocated),
    applies(RewardRequested, rewardRequested),
    applies(RewardApproved, setStatus('approved')),
    applies(RewardRejected, setStatus('rejected')),
    applies(RewardCancelled, setStatus('cancelled')),
    applies(RewardFulfilled, rewardFulfilled),
    applies(RewardFeedbackGiven, rewardFeedbackGiven),
  ],
});
