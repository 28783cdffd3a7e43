import { defineContract } from '@tandem/kernel';

export const RECOGNITION_TOPIC = 'mentoring.recognition.v1';

export const BADGE_TIERS = ['participation', 'rising-star', 'champion', 'custom'] as const;
export type BadgeTier = (typeof BADGE_TIERS)[number];

/** A fact a badge criterion is measured on, each counted per mentor within the program. */
export const CRITERION_FACTS = ['completedSessions', 'consecutiveActiveMonths', 'verifiedMenteeOutcomes', 'feedbackAverage', 'trainingHours'] as const;
export type CriterionFact = (typeof CRITERION_FACTS)[number];

export interface BadgeDefinedV1 {
  tenantId: string;
  programId: string;
  badgeId: string;
  name: string;
  tier: BadgeTier;
  description: string;
  /** All must hold: `fact >= atLeast`. */
  criteria: { fact: CriterionFact; atLeast: number }[];
  definedAt: string;
}

export const BadgeDefined = defineContract<BadgeDefinedV1>({
  context: 'recognition',
  name: 'BadgeDefined',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    badgeId: '0d2f4a6c-8e1b-4d3f-a5c7-e9b1d3f5a7c9',
    name: 'Rising Star',
    tier: 'rising-star',
    description: 'Three months in a row with a confirmed session, and five confirmed sessions',
    criteria: [
      {
        fact: 'consecutiveActiveMonths',
        atLeast: 3
      },
      {
        fact: 'completedSessions',
        atLeast: 5
      }
    ],
    definedAt: '2026-11-02T09:15:01.000Z'
  },
  version: 1,
  topic: RECOGNITION_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/badges/${p.badgeId}`,
  schema: {
    description: 'A badge (tier and criteria) became available in a program.',
    type: 'object',
    required: ['tenantId', 'programId', 'badgeId', 'name', 'tier', 'description', 'criteria', 'definedAt'],
    properties: {
      tenantId: { type: 'string', minLength: 1 },
      programId: { type: 'string', minLength: 1 },
      badgeId: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      tier: { enum: [...BADGE_TIERS] },
      description: { type: 'string' },
      criteria: {
        type: 'array',
        items: {
          type: 'object',
          required: ['fact', 'atLeast'],
          properties: { fact: { enum: [...CRITERION_FACTS] }, atLeast: { type: 'number', minimum: 0 } },
        },
      },
      definedAt: { type: 'string', format: 'date-time' },
    },
  },
});
