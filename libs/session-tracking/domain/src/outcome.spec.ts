import { fold, ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import type { PairActor } from './common';
import { outcomeDecider, type OutcomeCommand, type OutcomeEvent } from './outcome';
import { netPromoterScore, npsCategory, pulseDecider, type AnswerPulse, type PulseEvent } from './pulse';

const mentee: PairActor = { userId: 'u-mentee', side: 'mentee' };
const mentor: PairActor = { userId: 'u-mentor', side: 'mentor' };
const at = '2027-03-10T10:00:00.000Z';

function given(events: OutcomeEvent[]) {
  return { when: (command: OutcomeCommand) => () => outcomeDecider.decide(command, fold(outcomeDecider, events)) };
}
const report: OutcomeCommand = {
  type: 'ReportOutcome', outcomeId: 'o1', pairingId: 'p1', programId: 'prog1', kind: 'promotion', title: 'Promoted to senior engineer',
  description: '', achievedOn: '2027-03-01', beneficiary: { userId: 'u-mentee', role: 'mentee' }, by: mentee, at,
};
const reported = given([]).when(report)();

describe('outcome decider', () => {
  it('given nothing, when the pair reports an outcome, then OutcomeReported awaiting verification', () => {
    expect(reported).toEqual([
      {
        type: 'OutcomeReported',
        data: { outcomeId: 'o1', pairingId: 'p1', programId: 'prog1', kind: 'promotion', title: 'Promoted to senior engineer', description: '', achievedOn: '2027-03-01', beneficiary: { userId: 'u-mentee', role: 'mentee' }, reportedBy: mentee, at },
      },
    ]);
    expect(fold(outcomeDecider, reported)).toMatchObject({ status: 'reported' });
  });

  it('given nothing, when an outcome achieved in the future is reported, then invalid', () => {
    expect(given([]).when({ ...(report as any), achievedOn: '2027-04-01' })).toThrow(InvalidCommandError);
  });

  it('given a reported outcome, when a program manager verifies it, then OutcomeVerified; a second decision is 409', () => {
    const verified = given(reported).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'pm-1', at })();
    expect(verified).toEqual([{ type: 'OutcomeVerified', data: { outcomeId: 'o1', by: 'pm-1', at } }]);
    expect(given([...reported, ...verified]).when({ type: 'RejectOutcome', outcomeId: 'o1', reason: 'no', by: 'pm-1', at })).toThrow(
      'This outcome was already verified; it cannot be rejected',
    );
  });

  it('given a reported outcome, when it is rejected, then a reason is required and it is never verified', () => {
    expect(given(reported).when({ type: 'RejectOutcome', outcomeId: 'o1', reason: '', by: 'pm-1', at })).toThrow(InvalidCommandError);
    const rejected = given(reported).when({ type: 'RejectOutcome', outcomeId: 'o1', reason: 'no evidence', by: 'pm-1', at })();
    expect(fold(outcomeDecider, [...reported, ...rejected])).toMatchObject({ status: 'rejected', decidedBy: 'pm-1' });
    expect(given([...reported, ...rejected]).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'pm-1', at })).toThrow(IllegalStateError);
  });

  it('refuses verifying one\'s own outcome (403) and unknown outcomes (404)', () => {
    expect(given(reported).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'u-mentee', at })).toThrow(ForbiddenError);
    expect(given([]).when({ type: 'VerifyOutcome', outcomeId: 'o1', by: 'pm-1', at })).toThrow(NotFoundError);
  });
});

describe('pulse survey decider', () => {
  const answer = (by: PairActor, when = at, score = 9): AnswerPulse => ({ type: 'AnswerPulse', pairingId: 'p1', programId: 'prog1', score, comment: null, by, at: when });
  const decide = (events: PulseEvent[], command: AnswerPulse) => () => pulseDecider.decide(command, fold(pulseDecider, events));

  it('given nothing, when each side answers in March, then one PulseAnswered per side for 2027-03', () => {
    const first = decide([], answer(mentee))();
    expect(first).toEqual([{ type: 'PulseAnswered', data: { pairingId: 'p1', programId: 'prog1', period: '2027-03', side: 'mentee', userId: 'u-mentee', score: 9, comment: null, at } }]);
    expect(decide(first, answer(mentor))()).toHaveLength(1);
  });

  it('given a March answer, when the same side answers again in March, then 409; April is a new period', () => {
    const first = decide([], answer(mentee))();
    expect(decide(first, answer(mentee, '2027-03-31T23:00:00.000Z'))).toThrow('The mentee already answered the pulse survey for 2027-03');
    expect(decide(first, answer(mentee, '2027-04-01T00:00:00.000Z'))()[0].data).toMatchObject({ period: '2027-04' });
  });

  it('accepts 0–10 only and computes the NPS', () => {
    expect(decide([], answer(mentee, at, 11))).toThrow(InvalidCommandError);
    expect(decide([], answer(mentee, at, -1))).toThrow(InvalidCommandError);
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual(['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
    expect(netPromoterScore([10, 9, 8, 3])).toBe(25);
    expect(netPromoterScore([])).toBeNull();
  });
});
