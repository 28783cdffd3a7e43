import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { budgetPosition, rewardBudgetDecider, type RewardBudgetEvent, type RewardBudgetState } from '@tandem/recognition-domain';

type Projected = ProjectedEvent<RewardBudgetEvent, RewardBudgetState>;

const ENTRY: Record<RewardBudgetEvent['type'], string> = {
  BudgetAllocated: 'allocation', BudgetCorrected: 'correction', BudgetReserved: 'reservation', BudgetCaptured: 'capture', BudgetReleased: 'release',
};

/** One ledger entry (its stream version orders it) and the period's position after it, at the event's own time. */
async function recordEntry(tx: Transaction, event: Projected): Promise<void> {
  const { tenantId, state, streamVersion, type } = event;
  if (!state.exists) return;
  const data = event.data as { amountMinor: number; at: string; requestId?: string; note?: string; reason?: string; by?: string };
  // A release or capture takes its amount off the reservations; the ledger shows the signed effect on what is left.
  await tx.query(
    `INSERT INTO recognition.reward_budget_entries (tenant_id, program_id, period, stream_version, entry, request_id, amount_minor, note, occurred_at, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [tenantId, state.programId, state.period, streamVersion, ENTRY[type], data.requestId ?? null, data.amountMinor, data.note ?? data.reason ?? null, data.at, data.by ?? null],
  );
  const p = budgetPosition(state);
  await tx.query(
    `INSERT INTO recognition.reward_budgets (tenant_id, program_id, period, currency, allocated_minor, reserved_minor, spent_minor, remaining_minor, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (tenant_id, program_id, period) DO UPDATE SET allocated_minor = EXCLUDED.allocated_minor, reserved_minor = EXCLUDED.reserved_minor,
       spent_minor = EXCLUDED.spent_minor, remaining_minor = EXCLUDED.remaining_minor, updated_at = EXCLUDED.updated_at`,
    [tenantId, state.programId, state.period, state.currency, p.allocatedMinor, p.reservedMinor, p.spentMinor, p.remainingMinor, data.at],
  );
}

/** `recognition.reward_budget_entries` (the ledger) and `recognition.reward_budgets` (each period's position). */
export const rewardBudgetsProjection = projection<RewardBudgetEvent, RewardBudgetState>({
  name: 'reward-budgets',
  category: 'RewardBudget',
  decider: rewardBudgetDecider,
  tables: ['recognition.reward_budget_entries', 'recognition.reward_budgets'],
  on: { BudgetAllocated: recordEntry, BudgetCorrected: recordEntry, BudgetReserved: recordEntry, BudgetCaptured: recordEntry, BudgetReleased: recordEntry },
});
