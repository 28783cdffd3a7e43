import { IllegalStateError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import type { BadgeTier } from './badge-catalog';

/**
 * A verifiable credential (Open Badges 3.0) issued for an award or a grant (stream `Credential-<credentialId>`, the
 * id random and unguessable: it is the credential's public URL). Issued once, signed, with its bit in the tenant's
 * revocation status list; revoked by a manager with a reason — or when its award or grant is revoked. The signed
 * document holds no secret (the proof is public); the signing key never enters an event.
 */
export interface CredentialRef {
  credentialId: string;
  programId: string;
  personId: string;
  /** The badge it certifies (an award, a badge granted); null for a custom recognition. */
  badgeId: string | null;
  tier: BadgeTier | null;
  /** The grant it certifies; null for an award. */
  grantId: string | null;
  /** The tenant's status list and this credential's bit in it. */
  listNo: number;
  statusIndex: number;
}

export type CredentialCommand =
  | (CredentialRef & { type: 'Issue'; document: Record<string, unknown>; issuedAt: string })
  | { type: 'Revoke'; reason: string; by: string; at: string };

export type CredentialIssued = DomainEvent<'CredentialIssued', CredentialRef & { document: Record<string, unknown>; issuedAt: string }>;
export type CredentialRevoked = DomainEvent<'CredentialRevoked', CredentialRef & { reason: string; revokedBy: string; revokedAt: string }>;
export type CredentialEvent = CredentialIssued | CredentialRevoked;

export type CredentialState = { status: 'none' } | (CredentialRef & { status: 'issued' | 'revoked' });

export const credentialStreamId = (credentialId: string) => `Credential-${credentialId}`;

const refOf = ({ credentialId, programId, personId, badgeId, tier, grantId, listNo, statusIndex }: CredentialRef): CredentialRef => ({
  credentialId, programId, personId, badgeId, tier, grantId, listNo, statusIndex,
});

export const credentialDecider: Decider<CredentialCommand, CredentialEvent, CredentialState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (command.type === 'Issue') {
      if (state.status !== 'none') return [];
      return [{ type: 'CredentialIssued', data: { ...refOf(command), document: command.document, issuedAt: command.issuedAt } }];
    }
    if (state.status === 'none') throw new NotFoundError('Credential not found', 'credential.not_found');
    if (state.status === 'revoked') throw new IllegalStateError('The credential is already revoked', 'credential.revoked');
    return [{ type: 'CredentialRevoked', data: { ...refOf(state), reason: command.reason, revokedBy: command.by, revokedAt: command.at } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CredentialIssued':
        return { ...refOf(event.data), status: 'issued' };
      case 'CredentialRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked' };
    }
  },
};
