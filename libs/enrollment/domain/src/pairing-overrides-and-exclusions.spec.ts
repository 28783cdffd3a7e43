import { IllegalStateError, InvalidCommandError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { pairingDecider, type PairingCommand, type PairingEvent } from './pairing';

const at = '2026-11-21T10:00:00.000Z';
const mentor = { applicationId: 'am', userId: 'mentor-1', employeeId: 'E1', name: 'Grace' };
const mentee = { applicationId: 'ae', userId: 'mentee-1', employeeId: 'E2', name: 'Alan' };
const propose = (over: Partial<Extract<PairingCommand, { type: 'ProposeMatch' }>> = {}): PairingCommand => ({
  type: 'ProposeMatch', pairingId: 'x1', programId: 'p1', runId: 'r1', source: 'cohort-run', mentor, mentee, score: 72.5, breakdown: null,
  algorithmVersion: 'min-cost-flow/2', preApproved: false, menteeAccepted: false, expiresAt: '2026-12-05T10:00:00.000Z', by: 'pm', at, ...over,
});
const broken = [
  { filter: 'language' as const, reason: 'no shared language (mentee: de; mentor: en)' },
  { filter: 'time-zone' as const, reason: 'time zones 9 h apart (max 3 h; 0 h of shared working hours)' },
];
const override = (acknowledgedFilters: ('language' | 'time-zone' | 'excluded')[]) =>
  propose({ source: 'manager-override', runId: null, preApproved: true, overriddenFilters: broken, acknowledgedFilters });

const given = deciderSpecification(pairingDecider);
const proposed = given([]).when(propose()).history();

describe('pairing decider: a manager override that breaks hard filters', () => {
  it('is refused (409) unless every broken filter is acknowledged by name', () => {
    given([]).when(override([])).thenThrows(IllegalStateError, 'acknowledge each to override: language (no shared language (mentee: de; mentor: en)); time-zone');
    given([]).when(override(['language'])).thenThrows(IllegalStateError, 'time-zone (time zones 9 h apart');
  });

  it('is recorded with the broken filters and the acknowledgement when both are named', () => {
    const events = given([]).when(override(['time-zone', 'language'])).events();
    expect(events[0]).toMatchObject({ type: 'MatchProposed', data: { source: 'manager-override', overriddenFilters: broken, acknowledgedFilters: ['language', 'time-zone'] } });
    expect(given([]).when(override(['time-zone', 'language'])).state()).toMatchObject({ status: 'approved', overriddenFilters: broken });
  });

  it('cannot come from a matching run or a mentee request: only a manager may break a filter', () => {
    given([]).when(propose({ overriddenFilters: broken, acknowledgedFilters: ['language', 'time-zone'] })).thenThrows(InvalidCommandError, 'Only a program manager override');
  });

  it('records no broken filter on an ordinary proposal', () => {
    expect(given([]).when(propose()).events()[0]).toMatchObject({ data: { overriddenFilters: [], acknowledgedFilters: [] } });
  });
});

describe('pairing decider: lifting the exclusion of a rejected or declined pair', () => {
  const rejected = given(proposed).when({ type: 'RejectProposal', reason: 'not a fit', by: 'pm', at }).history();
  const approved = given(proposed).when({ type: 'ApproveProposal', by: 'pm', at }).history();
  const declined = given(approved).when({ type: 'DeclineMatch', userId: 'mentee-1', reason: null, at }).history();
  const lift: PairingCommand = { type: 'LiftExclusion', reason: 'they talked it through', by: 'pm', at };
  const lifted: PairingEvent = {
    type: 'PairExclusionLifted',
    data: { pairingId: 'x1', programId: 'p1', mentorApplicationId: 'am', menteeApplicationId: 'ae', reason: 'they talked it through', liftedBy: 'pm', liftedAt: at },
  };

  it('given a rejected pair, when a manager lifts the exclusion, then it is lifted (once)', () => {
    given(rejected).when(lift).then([lifted]);
    given([...rejected, lifted]).when(lift).thenNothingHappened();
    expect(given(rejected).when(lift).state()).toMatchObject({ status: 'rejected', exclusionLifted: true });
  });

  it('given a declined pair, when a manager lifts the exclusion, then it is lifted', () => {
    given(declined).when(lift).then([lifted]);
  });

  it('given a pending or running pairing, when asked to lift, then 409: there is nothing to lift', () => {
    given(proposed).when(lift).thenThrows(IllegalStateError, 'Cannot lift the exclusion of: the pairing is proposed');
  });
});
