import 'reflect-metadata';
import { runWrites, type Database, type Transaction } from '@tandem/event-store';
import type {
  FeedbackSubmittedV1,
  OutcomeVerifiedV1,
  PairingAtRiskV1,
  PairingRecoveredV1,
  PulseSurveyAnsweredV1,
  SessionCompletedV1,
  TrainingHoursCorrectedV1,
  TrainingHoursCreditedV1,
} from '@tandem/session-tracking-contracts';
import {
  feedbacksSubmitted,
  outcomesVerified,
  pairingAtRisk,
  pairingRecovered,
  pulseSurveysAnswered,
  sessionsCompleted,
  trainingHoursCorrections,
  trainingHoursCredits,
} from './engagement.projection';
import { programImpact } from './engagement.queries';
import { analyticsTestDatabase, insertProgram } from '../testing/read-models';

const TENANT = 'acme';
const ref = { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-1', mentorUserId: 'mentor-1', menteeUserId: 'mentee-1' };

/**
 * Session tracking's events into the engagement read model with explicit SQL against the real schema: each event
 * counts once however often it arrives, corrections are signed ledger entries, health only moves forward.
 */
describe('analytics engagement projection (real database)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    env = await analyticsTestDatabase('an_engagement');
    db = env.db;
    await insertProgram(db, TENANT, 'p-1', 'running');
  });

  afterAll(async () => {
    await env?.close();
  });

  /** Every handler runs twice, as a redelivery would. */
  async function twice(write: (tx: Transaction) => Promise<unknown>) {
    await db.transaction(write);
    await db.transaction(write);
  }

  it('adds up sessions, ratings, pulse, hours (with corrections) and outcomes into the impact figures, once each', async () => {
    const session = (sessionId: string, occurredAt: string) => ({ ...ref, sessionId, occurredAt, minutes: 60, format: 'video' }) as SessionCompletedV1;
    await twice((tx) => runWrites(tx, [sessionsCompleted([session('s-1', '2027-02-03T10:00:00.000Z')])]));
    await twice((tx) => runWrites(tx, [sessionsCompleted([session('s-2', '2027-03-03T10:00:00.000Z')])]));
    const rating = (raterRole: 'mentor' | 'mentee', value: number) => ({ ...ref, sessionId: 's-1', raterRole, rating: value, submittedAt: '2027-02-04T10:00:00.000Z' }) as FeedbackSubmittedV1;
    await twice((tx) => runWrites(tx, [feedbacksSubmitted([rating('mentor', 4)])]));
    await twice((tx) => runWrites(tx, [feedbacksSubmitted([rating('mentee', 5)])]));
    const pulse = (respondentRole: 'mentor' | 'mentee', score: number) => ({ ...ref, period: '2027-02', respondentRole, score, answeredAt: '2027-02-12T10:00:00.000Z' }) as PulseSurveyAnsweredV1;
    await twice((tx) => runWrites(tx, [pulseSurveysAnswered([pulse('mentor', 10)])]));
    await twice((tx) => runWrites(tx, [pulseSurveysAnswered([pulse('mentee', 3)])]));
    await twice((tx) => runWrites(tx, [trainingHoursCredits([{ ...ref, entryId: 'e-1', userId: 'mentee-1', role: 'mentee', month: '2027-02', minutes: 90, creditedAt: '2027-02-10T10:00:00.000Z' } as TrainingHoursCreditedV1])]));
    await twice((tx) => runWrites(tx, [trainingHoursCorrections([{ ...ref, entryId: 'e-2', userId: 'mentee-1', role: 'mentee', month: '2027-02', deltaMinutes: -30, minutes: 60, correctedAt: '2027-02-11T10:00:00.000Z' } as TrainingHoursCorrectedV1])]));
    await twice((tx) => runWrites(tx, [outcomesVerified([{ ...ref, outcomeId: 'o-1', kind: 'promotion', beneficiaryRole: 'mentee', verifiedAt: '2027-03-10T10:00:00.000Z' } as OutcomeVerifiedV1])]));

    expect(await programImpact(db, TENANT, 'p-1')).toEqual({
      programId: 'p-1',
      sessions: 2,
      trainingHours: 1,
      averageRating: 4.5,
      nps: 0,
      verifiedOutcomes: 1,
      atRiskPairings: 0,
      months: [
        { month: '2027-02', sessions: 1, sessionMinutes: 60, trainingHours: 1, averageRating: 4.5 },
        { month: '2027-03', sessions: 1, sessionMinutes: 60, trainingHours: 0, averageRating: null },
      ],
    });
  });

  it('keeps the newest health episode: a late alert of an older episode changes nothing', async () => {
    const atRisk = (episode: number) => ({ ...ref, episode, detectedAt: `2027-04-0${episode}T10:00:00.000Z` }) as PairingAtRiskV1;
    const recovered = (episode: number) => ({ ...ref, episode, recoveredAt: `2027-04-0${episode}T12:00:00.000Z` }) as PairingRecoveredV1;
    const atRiskPairings = async () => (await programImpact(db, TENANT, 'p-1'))?.atRiskPairings;

    await twice((tx) => pairingAtRisk(tx, atRisk(1)));
    expect(await atRiskPairings()).toBe(1);
    await twice((tx) => pairingRecovered(tx, recovered(1)));
    expect(await atRiskPairings()).toBe(0);
    await db.transaction((tx) => pairingAtRisk(tx, atRisk(1)));
    expect(await atRiskPairings()).toBe(0);
    await db.transaction((tx) => pairingAtRisk(tx, atRisk(2)));
    expect(await atRiskPairings()).toBe(1);
  });

  it('knows no impact of a program it has not seen', async () => {
    expect(await programImpact(db, TENANT, 'p-unknown')).toBeUndefined();
  });
});
