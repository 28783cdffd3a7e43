import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { outcomeDecider, type OutcomeEvent, type OutcomeState } from '@tandem/session-tracking-domain';

/** An outcome's row; a decision later only moves its status, decider and rejection reason. */
async function upsertOutcome(tx: Transaction, { tenantId, state, type, data }: ProjectedEvent<OutcomeEvent, OutcomeState>): Promise<void> {
  if (!state.exists) return;
  const rejectionReason = type === 'OutcomeRejected' ? (data as { reason: string }).reason : null;
  const at = data.at;
  await tx.query(
    `INSERT INTO session_tracking.outcomes
       (tenant_id, outcome_id, pairing_id, program_id, kind, title, description, achieved_on, beneficiary_user_id, beneficiary_role,
        reported_by, reported_at, status, decided_by, decided_at, rejection_reason, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (tenant_id, outcome_id) DO UPDATE SET status = EXCLUDED.status, decided_by = EXCLUDED.decided_by,
       decided_at = EXCLUDED.decided_at, rejection_reason = EXCLUDED.rejection_reason, updated_at = EXCLUDED.updated_at`,
    [
      tenantId, state.outcomeId, state.pairingId, state.programId, state.kind, state.title, state.description, state.achievedOn,
      state.beneficiary.userId, state.beneficiary.role, state.reportedBy.side, state.reportedAt, state.status, state.decidedBy, state.decidedAt,
      rejectionReason, at,
    ],
  );
}

/** `session_tracking.outcomes`: one row per reported outcome. */
export const outcomesProjection = projection<OutcomeEvent, OutcomeState>({
  name: 'outcomes',
  category: 'Outcome',
  decider: outcomeDecider,
  tables: ['session_tracking.outcomes'],
  on: { OutcomeReported: upsertOutcome, OutcomeVerified: upsertOutcome, OutcomeRejected: upsertOutcome },
});
