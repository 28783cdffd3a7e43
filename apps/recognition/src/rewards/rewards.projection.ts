import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { rewardDecider, type RewardEvent, type RewardState } from '@tandem/recognition-domain';

/** The reward as its stream stands after the event (stock on hand included), stamped with the event's own time. */
async function upsertReward(tx: Transaction, { tenantId, state, data }: ProjectedEvent<RewardEvent, RewardState>): Promise<void> {
  if (!state.exists) return;
  await tx.query(
    `INSERT INTO recognition.rewards (tenant_id, program_id, reward_id, name, description, kind, cost_minor, currency, stock, available, unlocked_by,
       flagged, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13, $14)
     ON CONFLICT (tenant_id, program_id, reward_id) DO UPDATE SET stock = EXCLUDED.stock, available = EXCLUDED.available, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
    [
      tenantId, state.programId, state.rewardId, state.name, state.description, state.kind, state.costMinor, state.currency, state.stock, state.available,
      JSON.stringify(state.unlockedBy), state.flagged, state.retired ? 'retired' : 'active', data.at,
    ],
  );
}

/** `recognition.rewards`: each program's reward catalogue with the stock on hand, applied by the append of its events. */
export const rewardsProjection = projection<RewardEvent, RewardState>({
  name: 'rewards',
  category: 'Reward',
  decider: rewardDecider,
  tables: ['recognition.rewards'],
  on: { RewardAdded: upsertReward, StockReserved: upsertReward, StockReleased: upsertReward, RewardRestocked: upsertReward, RewardRetired: upsertReward },
});
