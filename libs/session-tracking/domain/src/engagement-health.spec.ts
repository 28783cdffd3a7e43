import { InvalidCommandError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { cadenceWindowDays } from './common';
import { engagementHealthDecider, type EvaluateHealth, type HealthEvent } from './engagement-health';

const start = '2027-03-01T00:00:00.000Z';
const day = (n: number) => new Date(Date.parse(start) + n * 86_400_000).toISOString();

const given = deciderSpecification(engagementHealthDecider);
const evaluate = (now: string, anchorAt = start, lastSessionAt: string | null = null): EvaluateHealth => ({
  type: 'EvaluateHealth', pairingId: 'p1', programId: 'prog1', now, anchorAt, lastSessionAt, windowDays: 23,
});
const atRisk: HealthEvent = {
  type: 'PairingAtRisk',
  data: { pairingId: 'p1', programId: 'prog1', lastSessionAt: null, windowDays: 23, overdueSince: day(23), detectedAt: day(24), episode: 1 },
};

describe('engagement health decider', () => {
  it('derives the window from the cadence: ceil(30 / sessionsPerMonth × 1.5) days', () => {
    expect([0.5, 1, 2, 4, 8].map(cadenceWindowDays)).toEqual([90, 45, 23, 12, 6]);
    expect(() => cadenceWindowDays(0)).toThrow(InvalidCommandError);
    expect(() => cadenceWindowDays(0)).toThrow(/positive/);
  });

  it('given a healthy pairing within its window, when evaluated, then nothing', () => {
    given([]).when(evaluate(day(23))).thenNothingHappened();
  });

  it('given a healthy pairing past its window, when evaluated, then PairingAtRisk (episode 1)', () => {
    given([]).when(evaluate(day(24))).then([atRisk]);
  });

  it('given an at-risk pairing still overdue, when evaluated again (or by another replica), then nothing: never the same alert twice', () => {
    given([atRisk]).when(evaluate(day(25))).thenNothingHappened();
    given([atRisk]).when(evaluate(day(90))).thenNothingHappened();
  });

  it('given an at-risk pairing, when a confirmed session moves the anchor, then PairingRecovered', () => {
    given([atRisk]).when(evaluate(day(30), day(29), day(29))).then([
      { type: 'PairingRecovered', data: { pairingId: 'p1', programId: 'prog1', lastSessionAt: day(29), atRiskSince: day(24), recoveredAt: day(30), episode: 1 } },
    ]);
  });

  it('given a recovered pairing, when it lapses again, then a new episode is raised', () => {
    const recovered: HealthEvent = {
      type: 'PairingRecovered', data: { pairingId: 'p1', programId: 'prog1', lastSessionAt: day(29), atRiskSince: day(24), recoveredAt: day(30), episode: 1 },
    };
    const again = given([atRisk, recovered]).when(evaluate(day(60), day(29), day(29))).events();
    expect(again).toHaveLength(1);
    expect(again[0]).toMatchObject({ type: 'PairingAtRisk', data: { episode: 2, overdueSince: day(52) } });
  });
});
