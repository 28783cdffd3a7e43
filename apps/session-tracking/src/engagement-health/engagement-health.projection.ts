import type { Transaction } from '@tandem/event-store';

/** The pairing's health as its health stream decided it (kept on session tracking's pairing row). */
export async function updatePairingHealth(tx: Transaction, tenantId: string, pairingId: string, health: string, atRiskSince: string | null): Promise<void> {
  await tx.query(`UPDATE session_tracking.pairings SET health = $3, at_risk_since = $4, updated_at = now() WHERE tenant_id = $1 AND pairing_id = $2`, [
    tenantId, pairingId, health, atRiskSince,
  ]);
}
