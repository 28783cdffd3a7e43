import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import type { PairActor } from './common';
import { outcomeDecider, type OutcomeCommand } from './outcome';
import { netPromoterScore, npsCategory, pulseDecider, type AnswerPulse } from './pulse';

const mentee: PairActor = { userId: 'u-mentee', side: 'mentee' };
const mentor: PairActor = { userId: 'u-mentor', side: 'mentor' };
const at = '2027-03-10T10:00:00.000Z';

const given = deciderSpecification(outcomeDecider);
const report: OutcomeCommand = {
  type: 'ReportOutcome', outcomeId: 'o1', pairingId: 'p1', programId: 'prog1', kind: 'promotion', title: 'Promoted to senior engineer',
  description: '', achievedOn: '2027-03-01', beneficiary: { userId: 'u-mentee', role: 'mentee' }, by: mentee, at,
};
const reporting = given([]).when(report);
const reported = reporting.events();

describe('outcome decider', () => {
  it('given nothing, when the pair reports an outcome, then OutcomeReported awaiting verification', () => {
    expect(reported).toEqual([
      {
        type: 'OutcomeReported',
        data: { outcomeId: 'o1', pairingId: 'p1', programId: 'prog1', kind: 'promotion', title: 'Promoted to senior engineer', description: '', achievedOn: '2027-03-01', beneficiary: { userId: 'u-mentee', role: 'mentee' }, reportedBy: mentee, at },
      },
    ]);
    expect(reporting.state()).toMatchObject({ status: 'reported' });
  });

  it('given nothing, when an outcome achieved in the future is reported, then invalid', () => {
    given([]).when({ ...(report as any), achievedOn: '2027-04-01' }).thenThrows(InvalidCommandError);
  });

  it('given a reported outcome, when a program manager verifies it, then OutcomeVerified; a second decision is 409', () => {
    const verification = given(reported).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'pm-1', at });
    verification.then([{ type: 'OutcomeVerified', data: { outcomeId: 'o1', by: 'pm-1', at } }]);
    given(verification.history())
      .when({ type: 'RejectOutcome', outcomeId: 'o1', reason: 'no', by: 'pm-1', at })
      .thenThrows(IllegalStateError, 'This outcome was already verified; it cannot be rejected');
  });

  it('given a reported outcome, when it is rejected, then a reason is required and it is never verified', () => {
    given(reported).when({ type: 'RejectOutcome', outcomeId: 'o1', reason: '', by: 'pm-1', at }).thenThrows(InvalidCommandError);
    const rejection = given(reported).when({ type: 'RejectOutcome', outcomeId: 'o1', reason: 'no evidence', by: 'pm-1', at });
    expect(rejection.state()).toMatchObject({ status: 'rejected', decidedBy: 'pm-1' });
    given(rejection.history()).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'pm-1', at }).thenThrows(IllegalStateError);
  });

  it('refuses verifying one\'s own outcome (403) and unknown outcomes (404)', () => {
    given(reported).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'u-mentee', at }).thenThrows(ForbiddenError);
    given([]).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'pm-1', at }).thenThrows(NotFoundError);
  });
});

describe('pulse survey decider', () => {
  const answer = (by: PairActor, when = at, score = 9): AnswerPulse => ({ type: 'AnswerPulse', pairingId: 'p1', programId: 'prog1', score, comment: null, by, at: when });
  const givenPulse = deciderSpecification(pulseDecider);

  it('given nothing, when each side answers in March, then one PulseAnswered per side for 2027-03', () => {
    const first = givenPulse([]).when(answer(mentee));
    first.then([{ type: 'PulseAnswered', data: { pairingId: 'p1', programId: 'prog1', period: '2027-03', side: 'mentee', userId: 'u-mentee', score: 9, comment: null, at } }]);
    expect(givenPulse(first.history()).when(answer(mentor)).events()).toHaveLength(1);
  });

  it('given a March answer, when the same side answers again in March, then 409; April is a new period', () => {
    const first = givenPulse([]).when(answer(mentee)).history();
    givenPulse(first).when(answer(mentee, '2027-03-31T23:00:00.000Z')).thenThrows(IllegalStateError, 'The mentee already answered the pulse survey for 2027-03');
    expect(givenPulse(first).when(answer(mentee, '2027-04-01T00:00:00.000Z')).events()[0].data).toMatchObject({ period: '2027-04' });
  });

  it('accepts 0–10 only and computes the NPS', () => {
    givenPulse([]).when(answer(mentee, at, 11)).thenThrows(InvalidCommandError);
    givenPulse([]).when(answer(mentee, at, -1)).thenThrows(InvalidCommandError);
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(netPromoterScore([10, 9, 8, 3])).toBe(25);
    expect(netPromoterScore([10, 9, 3, 7, 8, 8])).toBe(16.7); // one decimal, as analytics states it
    expect(netPromoterScore([])).toBeNull();
  });
});
