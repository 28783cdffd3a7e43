import { defineContract } from '@tandem/kernel';
import { BADGE_TIERS, RECOGNITION_TOPIC, type BadgeTier } from './badge-events';

/**
 * Community recognition (issue 13): kudos from mentees and manual grants by managers. Keyed by PROGRAM. No schema has
 * a field for free text — a kudos message, a grant's citation or custom title stay in recognition, shown only to the
 * people concerned and, with the recipient's consent in the program, on the recognition wall — and every schema sets
 * `additionalProperties: false`.
 */
const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const programKey = { context: 'recognition', version: 1, topic: RECOGNITION_TOPIC, key: (p: { programId: string }) => p.programId } as const;
const exampleProgram = '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f';

export const KUDOS_CATEGORIES_V1 = ['expertise', 'commitment', 'trust', 'creativity', 'networking'] as const;

export interface KudosGivenV1 {
  tenantId: string;
  programId: string;
  kudosId: string;
  mentorId: string;
  menteeId: string;
  category: (typeof KUDOS_CATEGORIES_V1)[number];
  givenAt: string;
}

export const KudosGiven = defineContract<KudosGivenV1>({
  ...programKey,
  name: 'KudosGiven',
  subject: (p) => `programs/${p.programId}/kudos/${p.kudosId}`,
  example: { tenantId: 'acme', programId: exampleProgram, kudosId: 'e1c3a5b7-9d2f-4a6c-8e0b-1d3f5a7c9e2b', mentorId: 'auth0|mentor-ada', menteeId: 'auth0|mentee-max', category: 'trust', givenAt: '2026-12-02T09:00:00.000Z' },
  schema: {
    description: "A mentee gave their mentor kudos in a category (the message stays private to the mentor). Counts as the mentor's `kudosReceived` fact.",
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'programId', 'kudosId', 'mentorId', 'menteeId', 'category', 'givenAt'],
    properties: { tenantId: id, programId: id, kudosId: id, mentorId: id, menteeId: id, category: { enum: [...KUDOS_CATEGORIES_V1] }, givenAt: isoTime },
  },
});

export interface RecognitionGrantedV1 {
  tenantId: string;
  programId: string;
  grantId: string;
  personId: string;
  kind: 'badge' | 'custom';
  /** The badge granted (null for a custom recognition). */
  badgeId: string | null;
  /** The badge's tier; `custom` for a custom recognition. */
  tier: BadgeTier;
  grantedAt: string;
  grantedBy: string;
}

export const RecognitionGranted = defineContract<RecognitionGrantedV1>({
  ...programKey,
  name: 'RecognitionGranted',
  subject: (p) => `programs/${p.programId}/grants/${p.grantId}`,
  example: { tenantId: 'acme', programId: exampleProgram, grantId: 'a4c6e8b0-2d4f-4b6a-8c0e-3f5a7b9d1c2e', personId: 'auth0|mentor-ada', kind: 'badge', badgeId: 'champion', tier: 'champion', grantedAt: '2026-12-02T09:30:00.000Z', grantedBy: 'auth0|pm-lin' },
  schema: {
    description: "A program's manager granted a person a badge or a custom recognition (the citation and a custom title stay in recognition). Counted among recognitions issued.",
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'programId', 'grantId', 'personId', 'kind', 'badgeId', 'tier', 'grantedAt', 'grantedBy'],
    properties: {
      tenantId: id, programId: id, grantId: id, personId: id, kind: { enum: ['badge', 'custom'] }, badgeId: { type: ['string', 'null'], minLength: 1 },
      tier: { enum: [...BADGE_TIERS] }, grantedAt: isoTime, grantedBy: id,
    },
  },
});

export interface RecognitionGrantRevokedV1 {
  tenantId: string;
  programId: string;
  grantId: string;
  personId: string;
  revokedAt: string;
  revokedBy: string;
}

export const RecognitionGrantRevoked = defineContract<RecognitionGrantRevokedV1>({
  ...programKey,
  name: 'RecognitionGrantRevoked',
  subject: (p) => `programs/${p.programId}/grants/${p.grantId}`,
  example: { tenantId: 'acme', programId: exampleProgram, grantId: 'a4c6e8b0-2d4f-4b6a-8c0e-3f5a7b9d1c2e', personId: 'auth0|mentor-ada', revokedAt: '2026-12-03T09:30:00.000Z', revokedBy: 'auth0|pm-lin' },
  schema: {
    description: 'A manager revoked a manual recognition (the reason stays in recognition).',
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'programId', 'grantId', 'personId', 'revokedAt', 'revokedBy'],
    properties: { tenantId: id, programId: id, grantId: id, personId: id, revokedAt: isoTime, revokedBy: id },
  },
});

export const COMMUNITY_CONTRACTS = [KudosGiven, RecognitionGranted, RecognitionGrantRevoked];
