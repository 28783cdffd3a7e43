import { defineContract } from '@tandem/kernel';
import { BADGE_TIERS, RECOGNITION_TOPIC, type BadgeTier } from './badge-events';

/**
 * Awards and the richer badge rules. Award events are keyed by PERSON, so one person's awards (awarded, amended,
 * flagged, revoked) stay in order on one partition. Every schema sets `additionalProperties: false`.
 */
const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
export const RULE_FACTS_V2 = [
  'confirmedSessions', 'distinctMentees', 'consecutiveActiveMonths', 'verifiedMenteeOutcomes', 'averageRating', 'trainingHours', 'goalsAchieved',
] as const;
/**
 * v3 (issue 13) adds `kudosReceived`. Widening v2's enum would break v2 consumers that validate payloads (a rule with
 * the new fact fails their schema), so it is a new version: recognition publishes v3 for every definition and v2 too
 * whenever the rule uses only v2's facts; a rule using kudos is published as v3 only.
 */
export const RULE_FACTS_V3 = [...RULE_FACTS_V2, 'kudosReceived'] as const;

/** A rule criterion (recursive): a fact with a target, or allOf / anyOf of criteria. */
export type CriterionV2 =
  | { fact: (typeof RULE_FACTS_V2)[number]; atLeast: number; withinDays?: number; role?: 'mentor' | 'mentee'; minRatings?: number; outcomeKind?: string }
  | { allOf: CriterionV2[] }
  | { anyOf: CriterionV2[] };

const criterionSchemaOf = (facts: readonly string[]) => ({
  $defs: {
    criterion: {
      oneOf: [
        {
          type: 'object', additionalProperties: false, required: ['fact', 'atLeast'],
          properties: {
            fact: { enum: [...facts] }, atLeast: { type: 'number', minimum: 0 }, withinDays: { type: 'integer', minimum: 1 },
            role: { enum: ['mentor', 'mentee'] }, minRatings: { type: 'integer', minimum: 1 }, outcomeKind: { type: 'string' },
          },
        },
        { type: 'object', additionalProperties: false, required: ['allOf'], properties: { allOf: { type: 'array', minItems: 1, items: { $ref: '#/$defs/criterion' } } } },
        { type: 'object', additionalProperties: false, required: ['anyOf'], properties: { anyOf: { type: 'array', minItems: 1, items: { $ref: '#/$defs/criterion' } } } },
      ],
    },
  },
});
const criterionSchema = criterionSchemaOf(RULE_FACTS_V2);

export interface BadgeDefinedV2 {
  tenantId: string;
  programId: string;
  badgeId: string;
  name: string;
  tier: BadgeTier;
  description: string;
  /** 1 when the badge is created, then one more per published rule. */
  ruleVersion: number;
  rule: CriterionV2;
  definedAt: string;
  definedBy: string;
}

export const BadgeDefinedV2Contract = defineContract<BadgeDefinedV2>({
  context: 'recognition',
  name: 'BadgeDefined',
  version: 2,
  topic: RECOGNITION_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/badges/${p.badgeId}`,
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    badgeId: 'b7d9f1a3-5c7e-4a9b-8d1f-3e5a7c9b1d2e',
    name: 'Knowledge Sharer',
    tier: 'custom',
    description: 'Eight confirmed sessions as a mentor within 180 days, with an average rating of at least 4.5 over 5 ratings',
    ruleVersion: 2,
    rule: { allOf: [{ fact: 'confirmedSessions', atLeast: 8, withinDays: 180, role: 'mentor' }, { fact: 'averageRating', atLeast: 4.5, minRatings: 5 }] },
    definedAt: '2026-11-20T10:00:00.000Z',
    definedBy: 'auth0|pm-lin',
  },
  schema: {
    description: 'A badge was created or a new version of its rule was published: declarative criteria (at least, windows, roles, all-of / any-of, ratings behind an average). v1 (`{fact, atLeast}` only) is still published for the default tiers.',
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'programId', 'badgeId', 'name', 'tier', 'description', 'ruleVersion', 'rule', 'definedAt', 'definedBy'],
    properties: {
      tenantId: id, programId: id, badgeId: id, name: { type: 'string', minLength: 1 }, tier: { enum: [...BADGE_TIERS] }, description: { type: 'string' },
      ruleVersion: { type: 'integer', minimum: 1 }, rule: { $ref: '#/$defs/criterion' }, definedAt: isoTime, definedBy: id,
    },
    ...criterionSchema,
  },
});

/** BadgeDefined v2 with `kudosReceived` among the facts (see RULE_FACTS_V3). */
export type CriterionV3 =
  | { fact: (typeof RULE_FACTS_V3)[number]; atLeast: number; withinDays?: number; role?: 'mentor' | 'mentee'; minRatings?: number; outcomeKind?: string }
  | { allOf: CriterionV3[] }
  | { anyOf: CriterionV3[] };
export interface BadgeDefinedV3 extends Omit<BadgeDefinedV2, 'rule'> {
  rule: CriterionV3;
}

const { $id: _v2Id, title: _v2Title, $schema: _v2Dialect, ...v2Schema } = BadgeDefinedV2Contract.schema as Record<string, unknown>;
export const BadgeDefinedV3Contract = defineContract<BadgeDefinedV3>({
  context: 'recognition',
  name: 'BadgeDefined',
  version: 3,
  topic: RECOGNITION_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/badges/${p.badgeId}`,
  example: { ...BadgeDefinedV2Contract.example, name: 'Trusted Mentor', description: 'Three kudos from mentees and five confirmed sessions as a mentor', rule: { allOf: [{ fact: 'kudosReceived', atLeast: 3, role: 'mentor' }, { fact: 'confirmedSessions', atLeast: 5, role: 'mentor' }] } },
  schema: {
    ...v2Schema,
    description: 'A badge was created or a new version of its rule was published (v3: rules may count kudos received, `kudosReceived`). Published for every definition; v2 is published alongside when the rule uses only v2 facts.',
    ...criterionSchemaOf(RULE_FACTS_V3),
  },
});

/** Whether a rule can be published as BadgeDefined v2 (it names no fact added after v2). */
export const expressibleInV2 = (rule: CriterionV3): boolean =>
  'fact' in rule ? (RULE_FACTS_V2 as readonly string[]).includes(rule.fact) : ('allOf' in rule ? rule.allOf : rule.anyOf).every(expressibleInV2);

/** Who got which badge in which program. */
export interface AwardRefV1 {
  tenantId: string;
  programId: string;
  badgeId: string;
  tier: BadgeTier;
  /** The person's JWT subject. */
  personId: string;
}
const awardRef = { tenantId: id, programId: id, badgeId: id, tier: { enum: [...BADGE_TIERS] }, personId: id } as const;
const awardRequired = ['tenantId', 'programId', 'badgeId', 'tier', 'personId'] as const;

export interface AwardEvidenceV1 {
  /** The criterion's path in the rule (`rule`, `rule.allOf[1]`…). */
  criterion: string;
  fact: string;
  /** Ids (CloudEvents `id`) of the public events that satisfied it. */
  eventIds: string[];
}
const evidence = {
  type: 'array',
  items: {
    type: 'object', additionalProperties: false, required: ['criterion', 'fact', 'eventIds'],
    properties: { criterion: id, fact: id, eventIds: { type: 'array', items: id } },
  },
} as const;

function awardSchema(description: string, required: readonly string[], properties: Record<string, unknown>) {
  return { description, type: 'object', additionalProperties: false, required: [...awardRequired, ...required], properties: { ...awardRef, ...properties } };
}
const award = { context: 'recognition', version: 1, topic: RECOGNITION_TOPIC, key: (p: AwardRefV1) => p.personId } as const;
const subject = (p: AwardRefV1) => `programs/${p.programId}/badges/${p.badgeId}/awards/${p.personId}`;

/** The award every example below is about, and the evidence behind it. */
const exampleAward: AwardRefV1 = { tenantId: 'acme', programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f', badgeId: 'rising-star', tier: 'rising-star', personId: 'auth0|mentor-ada' };
const exampleEvidence: AwardEvidenceV1[] = [
  { criterion: 'rule.allOf[0]', fact: 'consecutiveActiveMonths', eventIds: ['0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a01', '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a02', '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a03'] },
  { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', eventIds: ['0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a01', '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a02', '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a03', '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a04', '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a05'] },
];

export interface BadgeAwardedV1 extends AwardRefV1 {
  ruleVersion: number;
  /** When the rule first held: the occurrence time of the fact that completed it. */
  earnedAt: string;
  evidence: AwardEvidenceV1[];
  awardedAt: string;
}

export const BadgeAwarded = defineContract<BadgeAwardedV1>({
  ...award,
  name: 'BadgeAwarded',
  subject,
  example: { ...exampleAward, ruleVersion: 1, earnedAt: '2026-11-25T15:00:00.000Z', evidence: exampleEvidence, awardedAt: '2026-11-26T08:12:01.000Z' },
  schema: awardSchema(
    'A person earned a badge (once per person, badge and program), with the rule version, when it was earned and the events behind each criterion.',
    ['ruleVersion', 'earnedAt', 'evidence', 'awardedAt'],
    { ruleVersion: { type: 'integer', minimum: 1 }, earnedAt: isoTime, evidence, awardedAt: isoTime },
  ),
});

export interface AwardAmendedV1 extends AwardRefV1 {
  ruleVersion: number;
  earnedAt: string;
  previousEarnedAt: string;
  evidence: AwardEvidenceV1[];
  amendedAt: string;
}

export const AwardAmended = defineContract<AwardAmendedV1>({
  ...award,
  name: 'AwardAmended',
  subject,
  example: { ...exampleAward, ruleVersion: 1, earnedAt: '2026-11-18T15:00:00.000Z', previousEarnedAt: '2026-11-25T15:00:00.000Z', evidence: exampleEvidence, amendedAt: '2026-11-27T09:00:00.000Z' },
  schema: awardSchema(
    'A late, older event changed when an award was earned or its evidence: the award stands, with these values.',
    ['ruleVersion', 'earnedAt', 'previousEarnedAt', 'evidence', 'amendedAt'],
    { ruleVersion: { type: 'integer', minimum: 1 }, earnedAt: isoTime, previousEarnedAt: isoTime, evidence, amendedAt: isoTime },
  ),
});

export interface AwardFlaggedV1 extends AwardRefV1 {
  reason: 'evidence-corrected' | 'no-longer-satisfied';
  /** The evidence events whose facts were corrected. */
  eventIds: string[];
  stillSatisfied: boolean;
  flaggedAt: string;
}

export const AwardFlagged = defineContract<AwardFlaggedV1>({
  ...award,
  name: 'AwardFlagged',
  subject,
  example: { ...exampleAward, reason: 'evidence-corrected', eventIds: ['0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a04'], stillSatisfied: true, flaggedAt: '2026-11-27T10:00:01.000Z' },
  schema: awardSchema(
    "An award's evidence changed (a correction) or its rule no longer holds: flagged for the program's managers, who may revoke it. Never removed silently.",
    ['reason', 'eventIds', 'stillSatisfied', 'flaggedAt'],
    { reason: { enum: ['evidence-corrected', 'no-longer-satisfied'] }, eventIds: { type: 'array', items: id }, stillSatisfied: { type: 'boolean' }, flaggedAt: isoTime },
  ),
});

export interface BadgeRevokedV1 extends AwardRefV1 {
  reason: string;
  revokedBy: string;
  revokedAt: string;
}

export const BadgeRevoked = defineContract<BadgeRevokedV1>({
  ...award,
  name: 'BadgeRevoked',
  subject,
  example: { ...exampleAward, reason: 'Sessions were logged for a pairing that never met', revokedBy: 'auth0|pm-lin', revokedAt: '2026-11-28T14:00:00.000Z' },
  schema: awardSchema('A manager of the program revoked an award, with a reason.', ['reason', 'revokedBy', 'revokedAt'], {
    reason: { type: 'string', minLength: 1 }, revokedBy: id, revokedAt: isoTime,
  }),
});
