import { defineContract } from '@tandem/kernel';
import { ENROLLMENT_TOPIC } from './program-events';

export const PAIRING_STATUSES = ['active', 'paused', 'completed', 'ended-early'] as const;
export type PairingStatus = (typeof PAIRING_STATUSES)[number];

const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;

/** One side of a pair: the application it came from and the person's identity (JWT subject). */
export interface PairMemberV1 {
  applicationId: string;
  userId: string;
  employeeId: string;
  name: string;
}

const member = {
  type: 'object',
  required: ['applicationId', 'userId', 'employeeId', 'name'],
  properties: { applicationId: id, userId: id, employeeId: id, name: { type: 'string' } },
} as const;

export interface MatchProposedV1 {
  tenantId: string;
  programId: string;
  proposalId: string;
  /** The matching run that proposed it; null for an evergreen mentee request. */
  runId: string | null;
  mentor: PairMemberV1;
  mentee: PairMemberV1;
  /** Compatibility 0–100. */
  score: number;
  algorithmVersion: string;
  proposedAt: string;
  expiresAt: string;
}

/** The two people the MatchProposed and PairingStarted examples pair. */
const exampleMentor: PairMemberV1 = {
  applicationId: 'a1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  userId: 'auth0|mentor-ada',
  employeeId: 'E-10442',
  name: 'Ada Lovelace'
};
const exampleMentee: PairMemberV1 = {
  applicationId: 'e5d4c3b2-a1f0-4e9d-8c7b-6a5f4e3d2c1b',
  userId: 'auth0|mentee-grace',
  employeeId: 'E-20817',
  name: 'Grace Hopper'
};

export const MatchProposed = defineContract<MatchProposedV1>({
  context: 'enrollment',
  name: 'MatchProposed',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    proposalId: '9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d',
    runId: '3f1e5d7c-9b2a-4c8e-a6d4-0b2c4e6f8a1c',
    mentor: exampleMentor,
    mentee: exampleMentee,
    score: 78.5,
    algorithmVersion: 'optimal-assignment-1',
    proposedAt: '2026-11-16T10:00:00.000Z',
    expiresAt: '2026-11-30T10:00:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/proposals/${p.proposalId}`,
  schema: {
    description: 'A mentor–mentee match was proposed (by a matching run or a mentee request) and awaits approval and acceptance.',
    type: 'object',
    required: ['tenantId', 'programId', 'proposalId', 'runId', 'mentor', 'mentee', 'score', 'algorithmVersion', 'proposedAt', 'expiresAt'],
    properties: {
      tenantId: id,
      programId: id,
      proposalId: id,
      runId: { type: ['string', 'null'] },
      mentor: member,
      mentee: member,
      score: { type: 'number', minimum: 0, maximum: 100 },
      algorithmVersion: { type: 'string' },
      proposedAt: isoTime,
      expiresAt: isoTime,
    },
  },
});

export interface PairingStartedV1 {
  tenantId: string;
  programId: string;
  pairingId: string;
  proposalId: string;
  mentor: PairMemberV1;
  mentee: PairMemberV1;
  startedAt: string;
}

export const PairingStarted = defineContract<PairingStartedV1>({
  context: 'enrollment',
  name: 'PairingStarted',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    pairingId: 'c2e4a6b8-1d3f-4a5c-8e7b-9f0a1b2c3d4e',
    proposalId: '9a7b5c3d-1e2f-4a6b-8c0d-2e4f6a8b0c1d',
    mentor: exampleMentor,
    mentee: exampleMentee,
    startedAt: '2026-11-18T09:30:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/pairings/${p.pairingId}`,
  schema: {
    description: 'A mentorship became active: both sides accepted an approved match.',
    type: 'object',
    required: ['tenantId', 'programId', 'pairingId', 'proposalId', 'mentor', 'mentee', 'startedAt'],
    properties: { tenantId: id, programId: id, pairingId: id, proposalId: id, mentor: member, mentee: member, startedAt: isoTime },
  },
});

export interface PairingStatusChangedV1 {
  tenantId: string;
  programId: string;
  pairingId: string;
  from: PairingStatus;
  to: PairingStatus;
  /** Required when the pairing ended early. */
  reason: string | null;
  changedBy: string;
  changedAt: string;
}

export const PairingStatusChanged = defineContract<PairingStatusChangedV1>({
  context: 'enrollment',
  name: 'PairingStatusChanged',
  example: {
    tenantId: 'acme',
    programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f',
    pairingId: 'c2e4a6b8-1d3f-4a5c-8e7b-9f0a1b2c3d4e',
    from: 'active',
    to: 'paused',
    reason: 'Parental leave until March',
    changedBy: 'auth0|pm-lin',
    changedAt: '2026-12-01T12:00:00.000Z'
  },
  version: 1,
  topic: ENROLLMENT_TOPIC,
  key: (p) => p.programId,
  subject: (p) => `programs/${p.programId}/pairings/${p.pairingId}`,
  schema: {
    description: 'A pairing was paused, resumed, completed or ended early (with a reason).',
    type: 'object',
    required: ['tenantId', 'programId', 'pairingId', 'from', 'to', 'reason', 'changedBy', 'changedAt'],
    properties: {
      tenantId: id,
      programId: id,
      pairingId: id,
      from: { enum: [...PAIRING_STATUSES] },
      to: { enum: [...PAIRING_STATUSES] },
      reason: { type: ['string', 'null'] },
      changedBy: id,
      changedAt: isoTime,
    },
  },
});
