import { deterministicId } from '@tandem/event-store';
import {
  FeedbackSubmitted,
  GoalAchieved,
  OutcomeVerified,
  SessionCompleted,
  TrainingHoursCorrected,
  TrainingHoursCredited,
} from '@tandem/session-tracking-contracts';
import type { Delivery } from './awards-harness';

/** A mentor's months of history in one program, as session tracking publishes it (ids derived from a seed). */
export function mentorHistory(tenantId: string, programId: string, mentor = 'mentor-1', mentees = ['mentee-a', 'mentee-b']) {
  const id = (...parts: string[]) => deterministicId(tenantId, programId, mentor, ...parts);
  const pairing = (mentee: string) => ({ tenantId, programId, pairingId: id('pairing', mentee), mentorUserId: mentor, menteeUserId: mentee });
  const deliveries: Delivery[] = [];
  const sessions: [string, string][] = [
    ['2026-01-10T10:00:00.000Z', mentees[0]],
    ['2026-01-20T10:00:00.000Z', mentees[1]],
    ['2026-02-10T10:00:00.000Z', mentees[0]],
    ['2026-03-05T10:00:00.000Z', mentees[0]],
    ['2026-03-12T10:00:00.000Z', mentees[1]],
    ['2026-04-02T10:00:00.000Z', mentees[0]],
  ];
  sessions.forEach(([occurredAt, mentee], i) => {
    const sessionId = id('session', String(i));
    const confirmedAt = new Date(Date.parse(occurredAt) + 3_600_000).toISOString();
    deliveries.push({
      id: id('e-session', String(i)), contract: SessionCompleted,
      payload: { ...pairing(mentee), sessionId, occurredAt, minutes: 60, format: 'video', logged: false, reportedByRole: 'mentor', confirmedAt },
    });
    deliveries.push({
      id: id('e-rating', String(i)), contract: FeedbackSubmitted,
      payload: { ...pairing(mentee), sessionId, raterRole: 'mentee', rating: i === 1 ? 4 : 5, submittedAt: new Date(Date.parse(occurredAt) + 7_200_000).toISOString() },
    });
    deliveries.push({
      id: id('e-hours', String(i)), contract: TrainingHoursCredited,
      payload: {
        ...pairing(mentee), entryId: id('entry', String(i)), userId: mentor, role: 'mentor', sessionId, occurredAt, month: occurredAt.slice(0, 7),
        sessionMinutes: 60, minutes: 60, capped: false, policy: { roundingMinutes: 15, monthlyCapMinutes: 600 }, creditedAt: confirmedAt,
      },
    });
  });
  ['2026-04-10T09:00:00.000Z', '2026-04-20T09:00:00.000Z'].forEach((verifiedAt, i) => {
    deliveries.push({
      id: id('e-outcome', String(i)), contract: OutcomeVerified,
      payload: {
        ...pairing(mentees[i]), outcomeId: id('outcome', String(i)), kind: 'promotion', achievedOn: verifiedAt.slice(0, 10), beneficiaryUserId: mentees[i],
        beneficiaryRole: 'mentee', reportedAt: verifiedAt, verifiedBy: 'pm-1', verifiedAt,
      },
    });
  });
  deliveries.push({
    id: id('e-goal', '0'), contract: GoalAchieved,
    payload: { ...pairing(mentees[0]), goalId: id('goal', '0'), roadmapId: null, milestones: 3, achievedAt: '2026-02-15T10:00:00.000Z' },
  });
  return {
    deliveries,
    eventId: (kind: string, i: number) => id(`e-${kind}`, String(i)),
    /** A correction of the first training-hours credit (to 30 minutes). */
    correction: (): Delivery => ({
      id: id('e-correction', '0'), contract: TrainingHoursCorrected,
      payload: {
        ...pairing(mentees[0]), entryId: id('correction', '0'), correctsEntryId: id('entry', '0'), userId: mentor, role: 'mentor', sessionId: id('session', '0'),
        month: '2026-01', deltaMinutes: -30, minutes: 30, correctedBy: 'pm-1', correctedAt: '2026-05-01T09:00:00.000Z',
      },
    }),
  };
}

/** A seeded shuffle (mulberry32 + Fisher–Yates): the same seed, the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
