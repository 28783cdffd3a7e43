import { defineContract } from '@tandem/kernel';
import { RECOGNITION_TOPIC } from './badge-events';

/**
 * Rewards: the budget ledger's allocations and the life of a reward request. All keyed by PROGRAM, so a program's
 * budget entries and requests stay in order on one partition. Amounts are integer minor units of an ISO 4217
 * currency. Free text (a rejection's or cancellation's reason, a feedback comment, a correction's reason) stays in
 * recognition: no schema has a field for it, and every schema sets `additionalProperties: false`.
 */
const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const currency = { type: 'string', pattern: '^[A-Z]{3}$' } as const;
const minor = { type: 'integer', minimum: 1 } as const;
const rating = { type: 'integer', minimum: 1, maximum: 5 } as const;

/** What a reward is, by category: development, access, public recognition, gifts, remuneration (flagged). */
export const REWARD_KINDS = ['training', 'workshop', 'conference', 'network', 'event', 'public-recognition', 'gift', 'remuneration'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];
export const REWARD_CATEGORIES = ['development', 'access', 'public-recognition', 'gift', 'remuneration'] as const;
export type RewardCategory = (typeof REWARD_CATEGORIES)[number];
const CATEGORY_OF: Record<RewardKind, RewardCategory> = {
  training: 'development', workshop: 'development', conference: 'development', network: 'access', event: 'access',
  'public-recognition': 'public-recognition', gift: 'gift', remuneration: 'remuneration',
};
export const rewardCategory = (kind: RewardKind): RewardCategory => CATEGORY_OF[kind];

export interface RewardBudgetAllocatedV1 {
  tenantId: string;
  programId: string;
  /** `2027`, `2027-Q1` or `2027-01`. */
  period: string;
  /** An allocation adds; a correction adds or (negative) takes away — a new ledger entry, never an edit. */
  entry: 'allocation' | 'correction';
  amountMinor: number;
  currency: string;
  /** The period's allocation after this entry. */
  allocatedMinor: number;
  occurredAt: string;
  by: string;
}

const programKey = { context: 'recognition', version: 1, topic: RECOGNITION_TOPIC, key: (p: { programId: string }) => p.programId } as const;
const exampleProgram = '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f';

export const RewardBudgetAllocated = defineContract<RewardBudgetAllocatedV1>({
  ...programKey,
  name: 'RewardBudgetAllocated',
  subject: (p) => `programs/${p.programId}/reward-budgets/${p.period}`,
  example: {
    tenantId: 'acme', programId: exampleProgram, period: '2027-Q1', entry: 'allocation', amountMinor: 500000, currency: 'EUR', allocatedMinor: 500000,
    occurredAt: '2026-12-02T09:00:00.000Z', by: 'auth0|pm-lin',
  },
  schema: {
    description: "A program's reward budget for a period got an allocation or a correction (a signed ledger entry); reservations and spend follow from the request events.",
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'programId', 'period', 'entry', 'amountMinor', 'currency', 'allocatedMinor', 'occurredAt', 'by'],
    properties: {
      tenantId: id, programId: id, period: { type: 'string', pattern: '^\\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$' }, entry: { enum: ['allocation', 'correction'] },
      amountMinor: { type: 'integer', not: { const: 0 } }, currency, allocatedMinor: { type: 'integer', minimum: 0 }, occurredAt: isoTime, by: id,
    },
  },
});

/** The request every request event is about. */
export interface RewardRequestRefV1 {
  tenantId: string;
  programId: string;
  requestId: string;
  rewardId: string;
  /** The mentor's JWT subject. */
  mentorId: string;
}
const requestRef = { tenantId: id, programId: id, requestId: id, rewardId: id, mentorId: id } as const;
const requestRequired = ['tenantId', 'programId', 'requestId', 'rewardId', 'mentorId'] as const;
const requestSubject = (p: RewardRequestRefV1) => `programs/${p.programId}/reward-requests/${p.requestId}`;
function requestSchema(description: string, properties: Record<string, unknown>) {
  return { description, type: 'object', additionalProperties: false, required: [...requestRequired, ...Object.keys(properties)], properties: { ...requestRef, ...properties } };
}
const exampleRequest: RewardRequestRefV1 = {
  tenantId: 'acme', programId: exampleProgram, requestId: '7c1e9a3b-5d2f-4e8a-b6c4-1a3e5c7d9f0b', rewardId: 'e4a6c8d0-2b4d-4f6a-8c0e-2d4f6a8c0e1f', mentorId: 'auth0|mentor-ada',
};

export interface RewardRequestedV1 extends RewardRequestRefV1 {
  kind: RewardKind;
  category: RewardCategory;
  costMinor: number;
  currency: string;
  /** The budget period the cost is reserved on. */
  period: string;
  /** Remuneration: a tenant admin must approve after the program's manager. */
  secondApprovalRequired: boolean;
  requestedAt: string;
}

export const RewardRequested = defineContract<RewardRequestedV1>({
  ...programKey,
  name: 'RewardRequested',
  subject: requestSubject,
  example: { ...exampleRequest, kind: 'conference', category: 'development', costMinor: 45000, currency: 'EUR', period: '2027-Q1', secondApprovalRequired: false, requestedAt: '2027-01-14T10:00:00.000Z' },
  schema: requestSchema("A mentor requested a reward they are eligible for; its cost is reserved on the program's budget (and one unit of its stock).", {
    kind: { enum: [...REWARD_KINDS] }, category: { enum: [...REWARD_CATEGORIES] }, costMinor: minor, currency, period: id, secondApprovalRequired: { type: 'boolean' }, requestedAt: isoTime,
  }),
});

export interface RewardApprovedV1 extends RewardRequestRefV1 {
  /** The program manager, then (remuneration) the tenant admin. */
  approvedBy: string[];
  approvedAt: string;
}

export const RewardApproved = defineContract<RewardApprovedV1>({
  ...programKey,
  name: 'RewardApproved',
  subject: requestSubject,
  example: { ...exampleRequest, approvedBy: ['auth0|pm-lin'], approvedAt: '2027-01-15T09:30:00.000Z' },
  schema: requestSchema('A reward request was approved (by the program manager, and a tenant admin for remuneration).', { approvedBy: { type: 'array', minItems: 1, items: id }, approvedAt: isoTime }),
});

export interface RewardRejectedV1 extends RewardRequestRefV1 {
  rejectedBy: string;
  rejectedAt: string;
}

export const RewardRejected = defineContract<RewardRejectedV1>({
  ...programKey,
  name: 'RewardRejected',
  subject: requestSubject,
  example: { ...exampleRequest, rejectedBy: 'auth0|pm-lin', rejectedAt: '2027-01-15T09:30:00.000Z' },
  schema: requestSchema('A reward request was rejected (the reason stays in recognition); its reservation was released.', { rejectedBy: id, rejectedAt: isoTime }),
});

export interface RewardFulfilledV1 extends RewardRequestRefV1 {
  kind: RewardKind;
  costMinor: number;
  currency: string;
  period: string;
  fulfilledBy: string;
  fulfilledAt: string;
}

export const RewardFulfilled = defineContract<RewardFulfilledV1>({
  ...programKey,
  name: 'RewardFulfilled',
  subject: requestSubject,
  example: { ...exampleRequest, kind: 'conference', costMinor: 45000, currency: 'EUR', period: '2027-Q1', fulfilledBy: 'auth0|pm-lin', fulfilledAt: '2027-02-01T12:00:00.000Z' },
  schema: requestSchema("A reward was given to the mentor: its cost is captured as spend on the program's budget.", {
    kind: { enum: [...REWARD_KINDS] }, costMinor: minor, currency, period: id, fulfilledBy: id, fulfilledAt: isoTime,
  }),
});

export interface RewardCancelledV1 extends RewardRequestRefV1 {
  cancelledBy: string;
  cancelledAt: string;
}

export const RewardCancelled = defineContract<RewardCancelledV1>({
  ...programKey,
  name: 'RewardCancelled',
  subject: requestSubject,
  example: { ...exampleRequest, cancelledBy: 'auth0|mentor-ada', cancelledAt: '2027-01-20T08:00:00.000Z' },
  schema: requestSchema('A reward request was cancelled before fulfilment (the reason stays in recognition); its reservation was released.', { cancelledBy: id, cancelledAt: isoTime }),
});

export interface RewardFeedbackGivenV1 extends RewardRequestRefV1 {
  kind: RewardKind;
  satisfaction: number;
  relevance: number;
  givenAt: string;
}

export const RewardFeedbackGiven = defineContract<RewardFeedbackGivenV1>({
  ...programKey,
  name: 'RewardFeedbackGiven',
  subject: requestSubject,
  example: { ...exampleRequest, kind: 'conference', satisfaction: 5, relevance: 4, givenAt: '2027-02-10T16:00:00.000Z' },
  schema: requestSchema('The mentor rated a fulfilled reward: satisfaction and relevance, 1–5 (their comment stays private in recognition).', {
    kind: { enum: [...REWARD_KINDS] }, satisfaction: rating, relevance: rating, givenAt: isoTime,
  }),
});

export const REWARD_CONTRACTS = [RewardBudgetAllocated, RewardRequested, RewardApproved, RewardRejected, RewardFulfilled, RewardCancelled, RewardFeedbackGiven];
