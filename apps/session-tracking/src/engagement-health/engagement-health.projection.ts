import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { engagementHealthDecider, type HealthEvent, type HealthState } from '@tandem/session-tracking-domain';

/**
 * The pairing's health as its health stream decided it, kept on session tracking's pairing row (a row the
 * enrollment events own: this projection owns only its health columns, so a rebuild re-applies them and empties
 * nothing; `updated_at` only moves forward, to the event's time).
 */
async function updatePairingHealth(tx: Transaction, { tenantId, state, data }: ProjectedEvent<HealthEvent, HealthState>): Promise<void> {
  const at = 'detectedAt' in data ? data.detectedAt : data.recoveredAt;
  await tx.query(
    `UPDATE session_tracking.pairings SET health = $3, at_risk_since = $4, updated_at = greatest(updated_at, $5::timestamptz)
     WHERE tenant_id = $1 AND pairing_id = $2`,
    [tenantId, data.pairingId, state.status, state.atRiskSince, at],
  );
}

/** The health columns of `session_tracking.pairings`. */
export const engagementHealthProjection = projection<HealthEvent, HealthState>({
  name: 'engagement-health',
  category: 'EngagementHealth',
  decider: engagementHealthDecider,
  tables: [],
  on: { PairingAtRisk: updatePairingHealth, PairingRecovered: updatePairingHealth },
});
