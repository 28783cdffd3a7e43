import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { grantDecider, type GrantEvent, type GrantState } from '@tandem/recognition-domain';

async function granted(tx: Transaction, { tenantId, state, data }: ProjectedEvent<GrantEvent, GrantState>): Promise<void> {
  if (!state.exists || !('citation' in data)) return;
  await tx.query(
    `INSERT INTO recognition.grants (tenant_id, program_id, grant_id, person_id, kind, badge_id, tier, title, citation, status, granted_at, granted_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'granted', $10, $11, $10) ON CONFLICT DO NOTHING`,
    [tenantId, state.programId, state.grantId, state.personId, state.kind, state.badgeId, state.tier ?? 'custom', state.title, state.citation, data.at, data.by],
  );
}

async function revoked(tx: Transaction, { tenantId, data }: ProjectedEvent<GrantEvent, GrantState>): Promise<void> {
  if (!('reason' in data)) return;
  await tx.query(`UPDATE recognition.grants SET status = 'revoked', revoke_reason = $4, updated_at = $5 WHERE tenant_id = $1 AND program_id = $2 AND grant_id = $3`, [
    tenantId, data.programId, data.grantId, data.reason, data.at,
  ]);
}

/** `recognition.grants`: manual recognitions with their (private) citation, applied by the append. */
export const grantsProjection = projection<GrantEvent, GrantState>({
  name: 'grants',
  category: 'Grant',
  decider: grantDecider,
  tables: ['recognition.grants'],
  on: { RecognitionGranted: granted, GrantRevoked: revoked },
});
