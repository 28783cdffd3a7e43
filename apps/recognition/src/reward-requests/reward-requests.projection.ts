import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { rewardRequestDecider, type RewardRequestEvent, type RewardRequestState } from '@tandem/recognition-domain';

type Projected<T extends RewardRequestEvent['type'] = RewardRequestEvent['type']> = ProjectedEvent<Extract<RewardRequestEvent, { type: T }>, RewardRequestState>;

/** The request as its stream stands after the event; `changes` are the columns that event alone sets. */
async function upsertRequest(tx: Transaction, { tenantId, state, data }: Projected, changes: { reason?: string; decidedAt?: string; fulfilledAt?: string } = {}): Promise<void> {
  if (!state.exists) return;
  const { reward } = state;
  await tx.query(
    `INSERT INTO recognition.reward_requests (tenant_id, program_id, request_id, reward_id, reward_name, kind, mentor_id, cost_minor, currency, period,
       second_approval_required, status, approvers, reason, requested_at, decided_at, fulfilled_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14, $15, $16, $17, $15)
     ON CONFLICT (tenant_id, program_id, request_id) DO UPDATE SET status = EXCLUDED.status, approvers = EXCLUDED.approvers,
       reason = COALESCE(EXCLUDED.reason, recognition.reward_requests.reason), decided_at = COALESCE(EXCLUDED.decided_at, recognition.reward_requests.decided_at),
       fulfilled_at = COALESCE(EXCLUDED.fulfilled_at, recognition.reward_requests.fulfilled_at), updated_at = EXCLUDED.updated_at`,
    [
      tenantId, state.programId, state.requestId, reward.rewardId, reward.name, reward.kind, state.mentorId, reward.costMinor, reward.currency, state.period,
      reward.secondApprovalRequired, state.status, JSON.stringify(state.approvers), changes.reason ?? null, data.at, changes.decidedAt ?? null,
      changes.fulfilledAt ?? null,
    ],
  );
}

/** The mentor's rating, and their comment (private: it never leaves this table and the request's own views). */
async function recordFeedback(tx: Transaction, { tenantId, state, data }: Projected<'FeedbackGiven'>): Promise<void> {
  if (!state.exists) return;
  await tx.query(
    `UPDATE recognition.reward_requests SET satisfaction = $4, relevance = $5, feedback_comment = $6, feedback_at = $7, updated_at = $7
     WHERE tenant_id = $1 AND program_id = $2 AND request_id = $3`,
    [tenantId, state.programId, state.requestId, data.satisfaction, data.relevance, data.comment, data.at],
  );
}

/** `recognition.reward_requests`: every request with its status, approvals, reason and feedback, applied by the append. */
export const rewardRequestsProjection = projection<RewardRequestEvent, RewardRequestState>({
  name: 'reward-requests',
  category: 'RewardRequest',
  decider: rewardRequestDecider,
  tables: ['recognition.reward_requests'],
  on: {
    RewardRequested: (tx, e) => upsertRequest(tx, e),
    FirstApprovalGiven: (tx, e) => upsertRequest(tx, e),
    RequestApproved: (tx, e) => upsertRequest(tx, e, { decidedAt: e.data.at }),
    RequestRejected: (tx, e) => upsertRequest(tx, e, { decidedAt: e.data.at, reason: e.data.reason }),
    RequestFulfilled: (tx, e) => upsertRequest(tx, e, { fulfilledAt: e.data.at }),
    RequestCancelled: (tx, e) => upsertRequest(tx, e, { reason: e.data.reason }),
    FeedbackGiven: recordFeedback,
  },
});
