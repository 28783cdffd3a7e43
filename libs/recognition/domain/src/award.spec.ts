import { IllegalStateError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { awardDecider, type AwardCommand, type AwardResult } from './award';

const at = '2026-11-21T10:00:00.000Z';
const ref = { programId: 'p1', badgeId: 'participation', personId: 'mentor-1', tier: 'participation' as const };
const given = deciderSpecification(awardDecider);
const result: AwardResult = { ruleVersion: 1, earnedAt: '2026-03-01T10:00:00.000Z', evidence: [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: ['s2'] }] };
const evaluate = (r: AwardResult | null, correctedEventIds: string[] = [], ruleVersion = 1): AwardCommand => {
  const { ruleVersion: _v, ...rest } = r ?? { ruleVersion };
  return { type: 'Evaluate', ...ref, ruleVersion, result: r ? (rest as Omit<AwardResult, 'ruleVersion'>) : null, correctedEventIds, at };
};
const awarded = given([]).when(evaluate(result));

describe('award decider', () => {
  it('given no award, when the rule holds, then the badge is awarded with rule version, earned-at and evidence', () => {
    awarded.then([{ type: 'BadgeAwarded', data: { ...ref, ...result, awardedAt: at } }]);
    given([]).when(evaluate(null)).thenNothingHappened();
  });

  it('given an award, when the same result comes again (a redelivery, a later fact), then nothing happens', () => {
    given(awarded.history()).when(evaluate(result)).thenNothingHappened();
  });

  it('given an award, when a late older fact moves earned-at, then the award is amended, not awarded twice', () => {
    const earlier = { ruleVersion: 1, earnedAt: '2026-02-01T10:00:00.000Z', evidence: [{ criterion: 'rule', fact: 'confirmedSessions' as const, eventIds: ['s1'] }] };
    given(awarded.history()).when(evaluate(earlier)).then([{ type: 'AwardAmended', data: { ...ref, ...earlier, previousEarnedAt: result.earnedAt, amendedAt: at } }]);
  });

  it('given an award under rule version 1, when version 2 evaluates differently, then the award keeps its version', () => {
    given(awarded.history()).when(evaluate({ ...result, earnedAt: '2026-01-01T00:00:00.000Z' }, [], 2)).thenNothingHappened();
    given(awarded.history()).when(evaluate(null, [], 2)).thenNothingHappened();
  });

  it('given an award, when a fact behind its evidence is corrected, then it is flagged, never removed', () => {
    given(awarded.history()).when(evaluate(null, ['s2', 'other'])).then([
      { type: 'AwardFlagged', data: { ...ref, reason: 'evidence-corrected', eventIds: ['s2'], stillSatisfied: false, flaggedAt: at } },
    ]);
    given(awarded.history()).when(evaluate(result, ['unrelated'])).thenNothingHappened();
  });

  it('given an award, when the rule no longer holds, then it is flagged once', () => {
    const flagged = given(awarded.history()).when(evaluate(null));
    flagged.then([{ type: 'AwardFlagged', data: { ...ref, reason: 'no-longer-satisfied', eventIds: [], stillSatisfied: false, flaggedAt: at } }]);
    given(flagged.history()).when(evaluate(null)).thenNothingHappened();
  });

  it('given an award, when a manager revokes it, then it is revoked with the reason; again is 409; no award is 404', () => {
    const revoke = given(awarded.history()).when({ type: 'Revoke', reason: 'sessions were a test', by: 'pm-1', at });
    revoke.then([{ type: 'BadgeRevoked', data: { ...ref, reason: 'sessions were a test', revokedBy: 'pm-1', revokedAt: at } }]);
    given(revoke.history()).when({ type: 'Revoke', reason: 'again', by: 'pm-1', at }).thenThrows(IllegalStateError, 'already revoked');
    given([]).when({ type: 'Revoke', reason: 'x', by: 'pm-1', at }).thenThrows(NotFoundError);
  });

  it('given a revoked award, when the rule holds again, then nothing is awarded', () => {
    given(given(awarded.history()).when({ type: 'Revoke', reason: 'r', by: 'pm-1', at }).history()).when(evaluate(result)).thenNothingHappened();
  });
});
