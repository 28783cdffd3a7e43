import { defineContract } from '@tandem/kernel';
import { RECOGNITION_TOPIC } from './badge-events';

/**
 * Mentor of the Year (issue 13). Keyed by COMPETITION, so one competition's events stay in order (a tenant-wide
 * competition has no program: `programId` null). No ballot is ever published — only, at the close, the tally per
 * nominee — and no citation: nominations' citations stay in recognition. Every schema sets `additionalProperties: false`.
 */
const id = { type: 'string', minLength: 1 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const programOrTenant = { type: ['string', 'null'], minLength: 1 } as const;
const competitionKey = { context: 'recognition', version: 1, topic: RECOGNITION_TOPIC, key: (p: { competitionId: string }) => p.competitionId } as const;
const subject = (p: { competitionId: string }) => `competitions/${p.competitionId}`;
const example = { tenantId: 'acme', competitionId: 'f1a3c5e7-9b2d-4f6a-8c0e-2a4c6e8b0d1f', programId: '5b8f0c1e-2d4a-4c6b-9e3f-7a1d2c3b4e5f' };

export interface CompetitionOpenedV1 {
  tenantId: string;
  competitionId: string;
  programId: string | null;
  title: string;
  periodStart: string;
  periodEnd: string;
  minConfirmedSessions: number;
  votingOpensAt: string | null;
  votingClosesAt: string | null;
  openedAt: string;
  openedBy: string;
}

export const CompetitionOpened = defineContract<CompetitionOpenedV1>({
  ...competitionKey,
  name: 'CompetitionOpened',
  subject,
  example: {
    ...example, title: 'Mentor of the Year 2026', periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2027-01-01T00:00:00.000Z', minConfirmedSessions: 1,
    votingOpensAt: '2026-12-10T09:00:00.000Z', votingClosesAt: '2026-12-17T17:00:00.000Z', openedAt: '2026-12-01T09:00:00.000Z', openedBy: 'auth0|pm-lin',
  },
  schema: {
    description: 'A manager opened a Mentor of the Year competition over a program (or, programId null, the whole tenant) for a period, with its eligibility (confirmed sessions as a mentor in the period) and voting dates.',
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'competitionId', 'programId', 'title', 'periodStart', 'periodEnd', 'minConfirmedSessions', 'votingOpensAt', 'votingClosesAt', 'openedAt', 'openedBy'],
    properties: {
      tenantId: id, competitionId: id, programId: programOrTenant, title: { type: 'string', minLength: 1, maxLength: 120 }, periodStart: isoTime, periodEnd: isoTime,
      minConfirmedSessions: { type: 'integer', minimum: 0 }, votingOpensAt: { type: ['string', 'null'], format: 'date-time' }, votingClosesAt: { type: ['string', 'null'], format: 'date-time' },
      openedAt: isoTime, openedBy: id,
    },
  },
});

export interface NominationSubmittedV1 {
  tenantId: string;
  competitionId: string;
  programId: string | null;
  nominationId: string;
  nomineeId: string;
  submittedAt: string;
}

export const NominationSubmitted = defineContract<NominationSubmittedV1>({
  ...competitionKey,
  name: 'NominationSubmitted',
  subject,
  example: { ...example, nominationId: 'b2d4f6a8-0c1e-4a3c-9e5b-7d9f1b3d5e7a', nomineeId: 'auth0|mentor-ada', submittedAt: '2026-12-03T10:00:00.000Z' },
  schema: {
    description: 'An eligible mentor was nominated (who nominated them and the citation stay in recognition).',
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'competitionId', 'programId', 'nominationId', 'nomineeId', 'submittedAt'],
    properties: { tenantId: id, competitionId: id, programId: programOrTenant, nominationId: id, nomineeId: id, submittedAt: isoTime },
  },
});

export interface VotingOpenedV1 {
  tenantId: string;
  competitionId: string;
  programId: string | null;
  openedAt: string;
  openedBy: string;
}

export const VotingOpened = defineContract<VotingOpenedV1>({
  ...competitionKey,
  name: 'VotingOpened',
  subject,
  example: { ...example, openedAt: '2026-12-10T09:00:00.000Z', openedBy: 'auth0|pm-lin' },
  schema: {
    description: 'A manager opened the voting before its date (voting also opens by itself on `votingOpensAt`, without an event).',
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'competitionId', 'programId', 'openedAt', 'openedBy'],
    properties: { tenantId: id, competitionId: id, programId: programOrTenant, openedAt: isoTime, openedBy: id },
  },
});

export interface CompetitionResultV1 {
  nomineeId: string;
  votes: number;
  nominations: number;
}

export interface CompetitionClosedV1 {
  tenantId: string;
  competitionId: string;
  programId: string | null;
  /** Null when nobody voted. */
  winnerId: string | null;
  ballots: number;
  /** Every nominee, in ranking order. */
  results: CompetitionResultV1[];
  /** Which rule decided a tie in votes: more nominations, else the nominee nominated first; null: no tie. */
  tieBreak: 'nominations' | 'first-nominated' | null;
  closedAt: string;
  closedBy: string;
}

export const CompetitionClosed = defineContract<CompetitionClosedV1>({
  ...competitionKey,
  name: 'CompetitionClosed',
  subject,
  example: {
    ...example, winnerId: 'auth0|mentor-ada', ballots: 12,
    results: [{ nomineeId: 'auth0|mentor-ada', votes: 5, nominations: 3 }, { nomineeId: 'auth0|mentor-bo', votes: 5, nominations: 2 }, { nomineeId: 'auth0|mentor-cy', votes: 2, nominations: 1 }],
    tieBreak: 'nominations', closedAt: '2026-12-17T17:05:00.000Z', closedBy: 'auth0|pm-lin',
  },
  schema: {
    description: 'A manager closed the competition: the winner (Mentor of the Year), the number of ballots and the tally per nominee — never who voted for whom.',
    type: 'object',
    additionalProperties: false,
    required: ['tenantId', 'competitionId', 'programId', 'winnerId', 'ballots', 'results', 'tieBreak', 'closedAt', 'closedBy'],
    properties: {
      tenantId: id, competitionId: id, programId: programOrTenant, winnerId: { type: ['string', 'null'], minLength: 1 }, ballots: { type: 'integer', minimum: 0 },
      results: {
        type: 'array',
        items: { type: 'object', additionalProperties: false, required: ['nomineeId', 'votes', 'nominations'], properties: { nomineeId: id, votes: { type: 'integer', minimum: 0 }, nominations: { type: 'integer', minimum: 1 } } },
      },
      tieBreak: { enum: ['nominations', 'first-nominated', null] }, closedAt: isoTime, closedBy: id,
    },
  },
});

export const COMPETITION_CONTRACTS = [CompetitionOpened, NominationSubmitted, VotingOpened, CompetitionClosed];
