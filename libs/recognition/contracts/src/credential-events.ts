import { defineContract } from '@tandem/kernel';
import { BADGE_TIERS, RECOGNITION_TOPIC, type BadgeTier } from './badge-events';

/**
 * Verifiable credentials (Open Badges 3.0) issued for awards and grants, keyed by PERSON like the awards they certify. They
 * carry where the signed credential is published, never the document itself nor anything of the signing key; a
 * revocation's reason stays in recognition (it is about the person).
 */
const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;

export interface CredentialRefV1 {
  tenantId: string;
  programId: string;
  /** The badge it certifies (an award, or a badge granted); null for a custom recognition granted. */
  badgeId: string | null;
  tier: BadgeTier | null;
  /** The grant it certifies (`RecognitionGranted`); null for an award. */
  grantId: string | null;
  /** The holder's JWT subject. */
  personId: string;
  credentialId: string;
  /** The signed credential, public at this unguessable URL. */
  url: string;
}
const credentialRef = {
  tenantId: id, programId: id, badgeId: { type: ['string', 'null'], minLength: 1 }, tier: { enum: [...BADGE_TIERS, null] }, grantId: { type: ['string', 'null'], minLength: 1 },
  personId: id, credentialId: id, url: { type: 'string', format: 'uri' },
} as const;
const common = { context: 'recognition', version: 1, topic: RECOGNITION_TOPIC, key: (p: CredentialRefV1) => p.personId, subject: (p: CredentialRefV1) => `credentials/${p.credentialId}` } as const;
const schema = (description: string, required: string[], properties: Record<string, unknown>) => ({
  description, type: 'object', additionalProperties: false,
  required: ['tenantId', 'programId', 'badgeId', 'tier', 'grantId', 'personId', 'credentialId', 'url', ...required], properties: { ...credentialRef, ...properties },
});
const example: CredentialRefV1 = {
  tenantId: 'acme', programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f', badgeId: 'rising-star', tier: 'rising-star', grantId: null, personId: 'auth0|mentor-ada',
  credentialId: '3f9c2a7e-8b1d-4c5e-9a6f-0d2b4e6a8c1f', url: 'https://tandem.example.com/recognition/credentials/3f9c2a7e-8b1d-4c5e-9a6f-0d2b4e6a8c1f',
};

export interface CredentialIssuedV1 extends CredentialRefV1 {
  issuedAt: string;
}

export const CredentialIssued = defineContract<CredentialIssuedV1>({
  ...common,
  name: 'CredentialIssued',
  example: { ...example, issuedAt: '2026-11-26T08:12:02.000Z' },
  schema: schema('An Open Badges 3.0 credential was issued for an award or a grant, signed by the tenant’s key and published at `url`.', ['issuedAt'], { issuedAt: isoTime }),
});

export interface CredentialRevokedV1 extends CredentialRefV1 {
  revokedBy: string;
  revokedAt: string;
}

export const CredentialRevoked = defineContract<CredentialRevokedV1>({
  ...common,
  name: 'CredentialRevoked',
  example: { ...example, revokedBy: 'auth0|pm-lin', revokedAt: '2026-11-28T14:00:00.000Z' },
  schema: schema('A credential was revoked (its bit set in the tenant’s status list): verifiers now report it revoked.', ['revokedBy', 'revokedAt'], { revokedBy: id, revokedAt: isoTime }),
});

export const CREDENTIAL_CONTRACTS = [CredentialIssued, CredentialRevoked];
