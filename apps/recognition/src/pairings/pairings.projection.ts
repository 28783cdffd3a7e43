import type { PairingStartedV1, PairingStatusChangedV1 } from '@tandem/enrollment-contracts';
import { PairingStarted, PairingStatusChanged } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import { applies, integrationProjection } from '@tandem/platform';

/**
 * `recognition.pairings`: who mentors whom in each program (enrollment's `PairingStarted` and `PairingStatusChanged`,
 * both keyed by program, so a change never overtakes its start) — whom a mentee may give kudos to.
 */
export async function pairingStarted(tx: Transaction, p: PairingStartedV1): Promise<void> {
  await tx.query(
    `INSERT INTO recognition.pairings (tenant_id, program_id, pairing_id, mentor_id, mentee_id, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'active', $6) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.pairingId, p.mentor.userId, p.mentee.userId, p.startedAt],
  );
}

export async function pairingStatusChanged(tx: Transaction, p: PairingStatusChangedV1): Promise<void> {
  await tx.query(`UPDATE recognition.pairings SET status = $4, updated_at = $5 WHERE tenant_id = $1 AND program_id = $2 AND pairing_id = $3`, [
    p.tenantId, p.programId, p.pairingId, p.to, p.changedAt,
  ]);
}

export const pairingsProjection = integrationProjection({
  name: 'pairings',
  tables: ['recognition.pairings'],
  on: [applies(PairingStarted, pairingStarted), applies(PairingStatusChanged, pairingStatusChanged)],
});
