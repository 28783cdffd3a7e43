import { projection } from '@tandem/event-store';
import { credentialDecider, type CredentialEvent, type CredentialState } from '@tandem/recognition-domain';

/** `recognition.credentials`: one row per credential, its signed document and status, applied by the append of its events. */
export const credentialsProjection = projection<CredentialEvent, CredentialState>({
  name: 'credentials',
  category: 'Credential',
  decider: credentialDecider,
  tables: ['recognition.credentials'],
  on: {
    CredentialIssued: (tx, { tenantId, data: d }) =>
      tx.query(
        `INSERT INTO recognition.credentials (tenant_id, credential_id, program_id, person_id, badge_id, tier, grant_id, list_no, status_index, document, status, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, 'issued', $11) ON CONFLICT DO NOTHING`,
        [tenantId, d.credentialId, d.programId, d.personId, d.badgeId, d.tier, d.grantId, d.listNo, d.statusIndex, JSON.stringify(d.document), d.issuedAt],
      ),
    CredentialRevoked: (tx, { tenantId, data: d }) =>
      tx.query(
        `UPDATE recognition.credentials SET status = 'revoked', revoked_at = $3, revoked_by = $4, revoke_reason = $5 WHERE tenant_id = $1 AND credential_id = $2`,
        [tenantId, d.credentialId, d.revokedAt, d.revokedBy, d.reason],
      ),
  },
});
