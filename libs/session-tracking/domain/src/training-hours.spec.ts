import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { DEFAULT_TRAINING_HOURS_POLICY } from './common';
import { roundUp, trainingHoursDecider, type TrainingHoursCommand, type TrainingHoursEvent } from './training-hours';

const owner = { programId: 'prog1', userId: 'u-mentor' };
const at = '2027-03-20T10:00:00.000Z';

const given = deciderSpecification(trainingHoursDecider);
const credit = (n: number, minutes: number, occurredAt = `2027-03-${String(n).padStart(2, '0')}T09:00:00.000Z`): TrainingHoursCommand => ({
  type: 'CreditSession', ...owner, entryId: `e${n}`, role: 'mentor', pairingId: 'p1', sessionId: `s${n}`, occurredAt, minutes,
  policy: DEFAULT_TRAINING_HOURS_POLICY, at,
});
const correct = (entryId: string, correctsEntryId: string, minutes: number): TrainingHoursCommand => ({
  type: 'CorrectEntry', ...owner, entryId, correctsEntryId, minutes, reason: 'the session was shorter', by: 'pm-1', at,
});

describe('training hours ledger decider', () => {
  it('rounds up to the policy increment', () => {
    expect([1, 15, 16, 50, 60].map((m) => roundUp(m, 15))).toEqual([15, 15, 30, 60, 60]);
  });

  it('given nothing, when a 50-minute session is credited, then 60 minutes (rounded up to 15) in the session month', () => {
    given([]).when(credit(1, 50)).then([
      {
        type: 'TrainingHoursCredited',
        data: {
          ...owner, entryId: 'e1', role: 'mentor', pairingId: 'p1', sessionId: 's1', occurredAt: '2027-03-01T09:00:00.000Z', month: '2027-03',
          sessionMinutes: 50, roundedMinutes: 60, minutes: 60, capped: false, policy: DEFAULT_TRAINING_HOURS_POLICY, at,
        },
      },
    ]);
  });

  it('given a credited session, when the same session is credited again, then nothing (idempotent)', () => {
    given(given([]).when(credit(1, 50)).history()).when({ ...(credit(1, 50) as any), entryId: 'other' }).thenNothingHappened();
  });

  it('given 7.5 hours in March, when a 90-minute March session is credited, then only 30 minutes up to the 8-hour cap; April is separate', () => {
    let history: TrainingHoursEvent[] = [];
    for (let n = 1; n <= 5; n++) history = given(history).when(credit(n, 90)).history(); // 5 × 90 = 450
    const capped = given(history).when(credit(6, 90));
    expect(capped.events()[0].data).toMatchObject({ minutes: 30, roundedMinutes: 90, capped: true, month: '2027-03' });
    history = capped.history();
    expect(given(history).when(credit(7, 45)).events()[0].data).toMatchObject({ minutes: 0, capped: true });
    expect(given(history).when(credit(8, 45, '2027-04-02T09:00:00.000Z')).events()[0].data).toMatchObject({ minutes: 45, month: '2027-04', capped: false });
  });

  it('given a credit, when a manager corrects it, then a correction entry referencing it with the signed difference', () => {
    const history = given([]).when(credit(1, 90)).history();
    const correction = given(history).when(correct('c1', 'e1', 40));
    correction.then([
      {
        type: 'TrainingHoursCorrected',
        data: {
          ...owner, entryId: 'c1', correctsEntryId: 'e1', role: 'mentor', pairingId: 'p1', sessionId: 's1', month: '2027-03',
          sessionMinutes: 40, deltaMinutes: -45, minutes: 45, reason: 'the session was shorter', by: 'pm-1', at,
        },
      },
    ]);
    const corrected = correction.history();
    expect(correction.state()).toMatchObject({ minutesByMonth: { '2027-03': 45 }, credits: { e1: { effectiveMinutes: 45, corrections: 1 } } });
    // A second correction starts from the corrected value.
    expect(given(corrected).when(correct('c2', 'e1', 60)).events()[0].data).toMatchObject({ deltaMinutes: 15, minutes: 60 });
  });

  it('given a full month, when a correction raises an entry, then the cap still holds', () => {
    let history: TrainingHoursEvent[] = [];
    for (let n = 1; n <= 6; n++) history = given(history).when(credit(n, 90)).history(); // 450 + 30 = 480
    given(history).when(correct('c1', 'e6', 120)).thenThrows(IllegalStateError, /nothing to correct/);
    expect(given(history).when(correct('c1', 'e1', 30)).events()[0].data).toMatchObject({ deltaMinutes: -60, minutes: 30 });
  });

  it('given a ledger, when an unknown entry or a correction is corrected, then 404 / 409', () => {
    const history = given(given([]).when(credit(1, 90)).history()).when(correct('c1', 'e1', 40)).history();
    given(history).when(correct('c2', 'nope', 40)).thenThrows(NotFoundError);
    given(history).when(correct('c2', 'c1', 40)).thenThrows(IllegalStateError);
    given(history).when(correct('c2', 'e1', 45)).thenThrows(IllegalStateError); // already 45
    given(history).when({ ...(correct('c2', 'e1', 10) as any), reason: ' ' }).thenThrows(InvalidCommandError, /reason must not be empty/);
  });
});
