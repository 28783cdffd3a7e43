import { defineContract } from '@tandem/kernel';

/**
 * Every public event of session tracking, on one topic keyed by PAIRING id (one pairing's events stay in
 * order). Privacy by construction: no free text written by the pair or about them is ever published — no
 * private notes, no topics, no feedback or pulse comments, no outcome descriptions, no cancellation reasons.
 * Every schema sets `additionalProperties: false` and the producer validates before the outbox write, so a
 * field slipped into a payload by mistake fails the command instead of leaking.
 */
export const SESSION_TRACKING_TOPIC = 'mentoring.session-tracking.v1';

export const PAIR_ROLES = ['mentor', 'mentee'] as const;
export type PairRole = (typeof PAIR_ROLES)[number];
export const SESSION_FORMATS_V1 = ['in-person', 'video', 'phone', 'chat'] as const;
export const OUTCOME_KINDS_V1 = ['promotion', 'project-completion', 'skill-attainment', 'certification'] as const;

const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const isoDate = { type: 'string', format: 'date' } as const;
const role = { enum: [...PAIR_ROLES] } as const;
const month = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' } as const;
const minutes = { type: 'integer', minimum: 0 } as const;

/** Who and what every session-tracking event is about. */
export interface PairingRefV1 {
  tenantId: string;
  programId: string;
  pairingId: string;
  /** JWT subjects of the pair, as in enrollment's PairingStarted. */
  mentorUserId: string;
  menteeUserId: string;
}
const pairingRef = { tenantId: id, programId: id, pairingId: id, mentorUserId: id, menteeUserId: id } as const;
const pairingRequired = ['tenantId', 'programId', 'pairingId', 'mentorUserId', 'menteeUserId'] as const;
/** The pairing every example below is about. */
const examplePair: PairingRefV1 = {
  tenantId: 'acme',
  programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
  pairingId: 'c2e4a6b8-1d3f-4a5c-8e7b-9f0a1b2c3d4e',
  mentorUserId: 'auth0|mentor-ada',
  menteeUserId: 'auth0|mentee-grace',
};

function schema(description: string, required: readonly string[], properties: Record<string, unknown>) {
  return {
    description,
    type: 'object',
    additionalProperties: false,
    required: [...pairingRequired, ...required],
    properties: { ...pairingRef, ...properties },
  };
}

const common = {
  context: 'session-tracking',
  version: 1,
  topic: SESSION_TRACKING_TOPIC,
  key: (p: PairingRefV1) => p.pairingId,
} as const;

export interface SessionCompletedV1 extends PairingRefV1 {
  sessionId: string;
  occurredAt: string;
  minutes: number;
  format: (typeof SESSION_FORMATS_V1)[number];
  /** True when it was logged after the fact rather than scheduled first. */
  logged: boolean;
  reportedByRole: PairRole;
  confirmedAt: string;
}

export const SessionCompleted = defineContract<SessionCompletedV1>({
  ...common,
  name: 'SessionCompleted',
  example: {
    ...examplePair, sessionId: '7d9e1f3a-5b7c-4d9e-a1b3-c5d7e9f1a3b5', occurredAt: '2026-11-25T15:00:00.000Z',
    minutes: 50, format: 'video', logged: false, reportedByRole: 'mentor', confirmedAt: '2026-11-26T08:12:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/sessions/${p.sessionId}`,
  schema: schema(
    'A session took place and both sides agree: one side reported it and the other confirmed it within the confirmation window. Only these sessions count.',
    ['sessionId', 'occurredAt', 'minutes', 'format', 'logged', 'reportedByRole', 'confirmedAt'],
    { sessionId: id, occurredAt: isoTime, minutes: { type: 'integer', minimum: 1 }, format: { enum: [...SESSION_FORMATS_V1] }, logged: { type: 'boolean' }, reportedByRole: role, confirmedAt: isoTime },
  ),
});

export interface SessionCancelledV1 extends PairingRefV1 {
  sessionId: string;
  scheduledAt: string;
  cancelledByRole: PairRole;
  cancelledAt: string;
}

export const SessionCancelled = defineContract<SessionCancelledV1>({
  ...common,
  name: 'SessionCancelled',
  example: {
    ...examplePair, sessionId: '7d9e1f3a-5b7c-4d9e-a1b3-c5d7e9f1a3b5', scheduledAt: '2026-11-25T15:00:00.000Z',
    cancelledByRole: 'mentee', cancelledAt: '2026-11-24T18:03:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/sessions/${p.sessionId}`,
  schema: schema(
    'A scheduled session was cancelled by one side (the reason stays private).',
    ['sessionId', 'scheduledAt', 'cancelledByRole', 'cancelledAt'],
    { sessionId: id, scheduledAt: isoTime, cancelledByRole: role, cancelledAt: isoTime },
  ),
});

export interface SessionNoShowReportedV1 extends PairingRefV1 {
  sessionId: string;
  scheduledAt: string;
  absentRole: PairRole;
  reportedAt: string;
}

export const SessionNoShowReported = defineContract<SessionNoShowReportedV1>({
  ...common,
  name: 'SessionNoShowReported',
  example: {
    ...examplePair, sessionId: '7d9e1f3a-5b7c-4d9e-a1b3-c5d7e9f1a3b5', scheduledAt: '2026-11-25T15:00:00.000Z',
    absentRole: 'mentee', reportedAt: '2026-11-25T15:40:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/sessions/${p.sessionId}`,
  schema: schema(
    'One side reported that the other did not attend a scheduled session.',
    ['sessionId', 'scheduledAt', 'absentRole', 'reportedAt'],
    { sessionId: id, scheduledAt: isoTime, absentRole: role, reportedAt: isoTime },
  ),
});

export interface FeedbackSubmittedV1 extends PairingRefV1 {
  sessionId: string;
  raterRole: PairRole;
  /** 1–5. The optional comment is personal data and stays in session tracking. */
  rating: number;
  submittedAt: string;
}

export const FeedbackSubmitted = defineContract<FeedbackSubmittedV1>({
  ...common,
  name: 'FeedbackSubmitted',
  example: {
    ...examplePair, sessionId: '7d9e1f3a-5b7c-4d9e-a1b3-c5d7e9f1a3b5', raterRole: 'mentee', rating: 5,
    submittedAt: '2026-11-26T09:00:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/sessions/${p.sessionId}`,
  schema: schema(
    'One side rated a confirmed session (1–5). Comments are personal data and are not published.',
    ['sessionId', 'raterRole', 'rating', 'submittedAt'],
    { sessionId: id, raterRole: role, rating: { type: 'integer', minimum: 1, maximum: 5 }, submittedAt: isoTime },
  ),
});

export interface PulseSurveyAnsweredV1 extends PairingRefV1 {
  /** Calendar month (UTC) of the survey, e.g. `2027-03`. */
  period: string;
  respondentRole: PairRole;
  /** NPS answer 0–10: how likely to recommend the program to a colleague. */
  score: number;
  answeredAt: string;
}

export const PulseSurveyAnswered = defineContract<PulseSurveyAnsweredV1>({
  ...common,
  name: 'PulseSurveyAnswered',
  example: {
    ...examplePair, period: '2026-11', respondentRole: 'mentee', score: 9, answeredAt: '2026-11-30T17:20:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/pulse/${p.period}`,
  schema: schema(
    'One side answered the monthly pulse survey: NPS 0–10 (9–10 promoter, 7–8 passive, 0–6 detractor). Comments are not published.',
    ['period', 'respondentRole', 'score', 'answeredAt'],
    { period: month, respondentRole: role, score: { type: 'integer', minimum: 0, maximum: 10 }, answeredAt: isoTime },
  ),
});

export interface GoalAchievedV1 extends PairingRefV1 {
  goalId: string;
  /** The program roadmap the goal came from, if any. */
  roadmapId: string | null;
  milestones: number;
  achievedAt: string;
}

export const GoalAchieved = defineContract<GoalAchievedV1>({
  ...common,
  name: 'GoalAchieved',
  example: {
    ...examplePair, goalId: '4e6a8c0e-2b4d-4f6a-8c1e-3a5c7e9b1d2f', roadmapId: null, milestones: 3,
    achievedAt: '2026-11-28T10:00:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/goals/${p.goalId}`,
  schema: schema(
    "A pairing achieved one of its goals (every milestone done). The goal's wording stays private.",
    ['goalId', 'roadmapId', 'milestones', 'achievedAt'],
    { goalId: id, roadmapId: { type: ['string', 'null'] }, milestones: { type: 'integer', minimum: 0 }, achievedAt: isoTime },
  ),
});

export interface OutcomeVerifiedV1 extends PairingRefV1 {
  outcomeId: string;
  kind: (typeof OUTCOME_KINDS_V1)[number];
  achievedOn: string;
  beneficiaryUserId: string;
  beneficiaryRole: PairRole;
  reportedAt: string;
  verifiedBy: string;
  verifiedAt: string;
}

export const OutcomeVerified = defineContract<OutcomeVerifiedV1>({
  ...common,
  name: 'OutcomeVerified',
  example: {
    ...examplePair, outcomeId: '6b8d0f2a-4c6e-4a8b-9d1f-5e7a9c1b3d4e', kind: 'promotion', achievedOn: '2026-11-20',
    beneficiaryUserId: 'auth0|mentee-grace', beneficiaryRole: 'mentee', reportedAt: '2026-11-21T09:00:00.000Z',
    verifiedBy: 'auth0|pm-lin', verifiedAt: '2026-11-22T14:30:00.000Z'
  },
  subject: (p) => `pairings/${p.pairingId}/outcomes/${p.outcomeId}`,
  schema: schema(
    'A program manager verified an outcome the pair reported (promotion, project completion, skill attainment, certification). Only verified outcomes are published; they count for recognition and ROI.',
    ['outcomeId', 'kind', 'achievedOn', 'beneficiaryUserId', 'beneficiaryRole', 'reportedAt', 'verifiedBy', 'verifiedAt'],
    {
      outcomeId: id, kind: { enum: [...OUTCOME_KINDS_V1] }, achievedOn: isoDate, beneficiaryUserId: id, beneficiaryRole: role,
      reportedAt: isoTime, verifiedBy: id, verifiedAt: isoTime,
    },
  ),
});

export interface TrainingHoursCreditedV1 extends PairingRefV1 {
  entryId: string;
  /** Whose ledger: the mentor's or the mentee's user id. */
  userId: string;
  role: PairRole;
  sessionId: string;
  occurredAt: string;
  /** Calendar month (UTC) the credit counts in. */
  month: string;
  sessionMinutes: number;
  /** Credited minutes: rounded up to the policy increment, then capped per month. */
  minutes: number;
  capped: boolean;
  policy: { roundingMinutes: number; monthlyCapMinutes: number };
  creditedAt: string;
}

export const TrainingHoursCredited = defineContract<TrainingHoursCreditedV1>({
  ...common,
  name: 'TrainingHoursCredited',
  example: {
    ...examplePair, entryId: '8c0e2a4b-6d8f-4b0c-ae2f-7a9c1e3b5d6f', userId: 'auth0|mentor-ada', role: 'mentor',
    sessionId: '7d9e1f3a-5b7c-4d9e-a1b3-c5d7e9f1a3b5', occurredAt: '2026-11-25T15:00:00.000Z', month: '2026-11',
    sessionMinutes: 50, minutes: 60, capped: false, policy: { roundingMinutes: 15, monthlyCapMinutes: 480 },
    creditedAt: '2026-11-26T08:12:00.000Z'
  },
  subject: (p) => `programs/${p.programId}/training-hours/${p.userId}/entries/${p.entryId}`,
  schema: schema(
    "A confirmed session was credited to one side's training-hours ledger (rounded up, capped per month by the program's policy).",
    ['entryId', 'userId', 'role', 'sessionId', 'occurredAt', 'month', 'sessionMinutes', 'minutes', 'capped', 'policy', 'creditedAt'],
    {
      entryId: id, userId: id, role, sessionId: id, occurredAt: isoTime, month, sessionMinutes: minutes, minutes, capped: { type: 'boolean' },
      policy: {
        type: 'object', additionalProperties: false, required: ['roundingMinutes', 'monthlyCapMinutes'],
        properties: { roundingMinutes: { type: 'integer', minimum: 1 }, monthlyCapMinutes: { type: 'integer', minimum: 0 } },
      },
      creditedAt: isoTime,
    },
  ),
});

export interface TrainingHoursCorrectedV1 extends PairingRefV1 {
  /** The correction's own ledger entry. */
  entryId: string;
  /** The credit entry it corrects (entries are never edited). */
  correctsEntryId: string;
  userId: string;
  role: PairRole;
  sessionId: string;
  month: string;
  /** Signed change to the corrected entry. */
  deltaMinutes: number;
  /** What the corrected entry credits from now on. */
  minutes: number;
  correctedBy: string;
  correctedAt: string;
}

export const TrainingHoursCorrected = defineContract<TrainingHoursCorrectedV1>({
  ...common,
  name: 'TrainingHoursCorrected',
  example: {
    ...examplePair, entryId: '1f3b5d7e-9a2c-4e4f-8b6d-0c2e4a6b8d9f',
    correctsEntryId: '8c0e2a4b-6d8f-4b0c-ae2f-7a9c1e3b5d6f', userId: 'auth0|mentor-ada', role: 'mentor',
    sessionId: '7d9e1f3a-5b7c-4d9e-a1b3-c5d7e9f1a3b5', month: '2026-11', deltaMinutes: -15, minutes: 45,
    correctedBy: 'auth0|pm-lin', correctedAt: '2026-11-27T10:00:00.000Z'
  },
  subject: (p) => `programs/${p.programId}/training-hours/${p.userId}/entries/${p.entryId}`,
  schema: schema(
    'A program manager corrected a training-hours credit with a new ledger entry that references it and carries the signed difference.',
    ['entryId', 'correctsEntryId', 'userId', 'role', 'sessionId', 'month', 'deltaMinutes', 'minutes', 'correctedBy', 'correctedAt'],
    {
      entryId: id, correctsEntryId: id, userId: id, role, sessionId: id, month, deltaMinutes: { type: 'integer' }, minutes,
      correctedBy: id, correctedAt: isoTime,
    },
  ),
});

export interface PairingAtRiskV1 extends PairingRefV1 {
  lastSessionAt: string | null;
  /** No confirmed session for this many days: ceil(30 / sessionsPerMonth × 1.5). */
  windowDays: number;
  overdueSince: string;
  detectedAt: string;
  /** 1 for the pairing's first at-risk episode, 2 for the second… */
  episode: number;
}

export const PairingAtRisk = defineContract<PairingAtRiskV1>({
  ...common,
  name: 'PairingAtRisk',
  example: {
    ...examplePair, lastSessionAt: '2026-10-02T15:00:00.000Z', windowDays: 30,
    overdueSince: '2026-11-01T15:00:00.000Z', detectedAt: '2026-11-01T15:05:00.000Z', episode: 1
  },
  subject: (p) => `pairings/${p.pairingId}`,
  schema: schema(
    "An active pairing had no confirmed session within its program's cadence window (ceil(30 / sessionsPerMonth × 1.5) days). Raised once per episode.",
    ['lastSessionAt', 'windowDays', 'overdueSince', 'detectedAt', 'episode'],
    {
      lastSessionAt: { type: ['string', 'null'], format: 'date-time' }, windowDays: { type: 'integer', minimum: 1 }, overdueSince: isoTime,
      detectedAt: isoTime, episode: { type: 'integer', minimum: 1 },
    },
  ),
});

export interface PairingRecoveredV1 extends PairingRefV1 {
  lastSessionAt: string | null;
  atRiskSince: string;
  recoveredAt: string;
  episode: number;
}

export const PairingRecovered = defineContract<PairingRecoveredV1>({
  ...common,
  name: 'PairingRecovered',
  example: {
    ...examplePair, lastSessionAt: '2026-11-25T15:00:00.000Z', atRiskSince: '2026-11-01T15:05:00.000Z',
    recoveredAt: '2026-11-26T08:12:00.000Z', episode: 1
  },
  subject: (p) => `pairings/${p.pairingId}`,
  schema: schema(
    'An at-risk pairing is back within its cadence window (a confirmed session, or the pairing was resumed).',
    ['lastSessionAt', 'atRiskSince', 'recoveredAt', 'episode'],
    { lastSessionAt: { type: ['string', 'null'], format: 'date-time' }, atRiskSince: isoTime, recoveredAt: isoTime, episode: { type: 'integer', minimum: 1 } },
  ),
});
