import { fold, ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import type { PairActor } from './common';
import { confirmationAt, sessionCounts, sessionDecider, type SessionCommand, type SessionEvent } from './session';

const mentor: PairActor = { userId: 'u-mentor', side: 'mentor' };
const mentee: PairActor = { userId: 'u-mentee', side: 'mentee' };
const ref = { sessionId: 's1', pairingId: 'p1', programId: 'prog1' };
const t0 = '2027-03-01T10:00:00.000Z';
const later = (days: number, from = t0) => new Date(Date.parse(from) + days * 86_400_000).toISOString();

/** given (past events) / when (command) / then (new events or an error). */
function given(events: SessionEvent[]) {
  return { when: (command: SessionCommand) => () => sessionDecider.decide(command, fold(sessionDecider, events)) };
}

const scheduled: SessionEvent = {
  type: 'SessionScheduled',
  data: { ...ref, scheduledAt: later(2), plannedMinutes: 45, format: 'video', scheduledBy: mentee, at: t0 },
};
const completedByMentee: SessionEvent = {
  type: 'SessionCompletionReported',
  data: { ...ref, occurredAt: later(2), minutes: 50, format: 'video', topics: ['career'], logged: false, reportedBy: mentee, at: later(3), confirmBy: later(17) },
};
const confirmed: SessionEvent = { type: 'SessionConfirmed', data: { sessionId: 's1', by: mentor, at: later(4) } };
const schedule = (at = t0): SessionCommand => ({ type: 'ScheduleSession', ...ref, scheduledAt: later(2), plannedMinutes: 45, format: 'video', by: mentee, at });
const complete = (by: PairActor, at: string): SessionCommand => ({ type: 'CompleteSession', sessionId: 's1', details: { minutes: 50, format: 'video', topics: ['career'] }, by, at });
const confirm = (by: PairActor, at: string): SessionCommand => ({ type: 'ConfirmSession', sessionId: 's1', by, at });
const rate = (by: PairActor, rating = 5): SessionCommand => ({ type: 'RateSession', sessionId: 's1', rating, comment: 'helpful', by, at: later(5) });

describe('session decider', () => {
  describe('scheduling', () => {
    it('given nothing, when a future session is scheduled, then SessionScheduled', () => {
      expect(given([]).when(schedule())()).toEqual([scheduled]);
    });

    it('given nothing, when a session is scheduled in the past, then it is invalid naming scheduledAt', () => {
      const attempt = given([]).when({ ...schedule(), scheduledAt: later(-1) } as SessionCommand);
      expect(attempt).toThrow(InvalidCommandError);
      expect(attempt).toThrow(/log a past session/);
    });

    it('given a session, when it is scheduled again, then 409', () => {
      expect(given([scheduled]).when(schedule())).toThrow(IllegalStateError);
    });

    it('given a scheduled session, when it is rescheduled, then SessionRescheduled from the old time to the new', () => {
      expect(given([scheduled]).when({ type: 'RescheduleSession', sessionId: 's1', scheduledAt: later(5), by: mentor, at: t0 })()).toEqual([
        { type: 'SessionRescheduled', data: { sessionId: 's1', from: later(2), to: later(5), by: mentor, at: t0 } },
      ]);
      expect(given([scheduled]).when({ type: 'RescheduleSession', sessionId: 's1', scheduledAt: later(2), by: mentor, at: t0 })()).toEqual([]);
    });

    it('given a cancelled session, when it is rescheduled or cancelled again, then 409 naming the state', () => {
      const cancelled: SessionEvent = { type: 'SessionCancelled', data: { sessionId: 's1', reason: null, by: mentor, at: t0 } };
      expect(given([scheduled]).when({ type: 'CancelSession', sessionId: 's1', reason: null, by: mentor, at: t0 })()).toEqual([cancelled]);
      expect(given([scheduled, cancelled]).when({ type: 'CancelSession', sessionId: 's1', reason: null, by: mentor, at: t0 })).toThrow(
        'A cancelled session cannot be cancelled; only a scheduled one can',
      );
      expect(given([scheduled, cancelled]).when({ type: 'RescheduleSession', sessionId: 's1', scheduledAt: later(9), by: mentor, at: t0 })).toThrow(IllegalStateError);
    });

    it('given nothing, when an unknown session is cancelled, then 404', () => {
      expect(given([]).when({ type: 'CancelSession', sessionId: 's1', reason: null, by: mentor, at: t0 })).toThrow(NotFoundError);
    });
  });

  describe('completion and two-sided confirmation', () => {
    it('given a scheduled session, when one side completes it after it took place, then it awaits confirmation for 14 days', () => {
      expect(given([scheduled]).when(complete(mentee, later(3)))()).toEqual([completedByMentee]);
      const state = fold(sessionDecider, [scheduled, completedByMentee]);
      expect(state).toMatchObject({ status: 'completed', completion: { confirmation: 'pending', confirmBy: later(17) } });
      expect(sessionCounts(state)).toBe(false);
    });

    it('given a scheduled session, when it is completed before it takes place, then 409', () => {
      expect(given([scheduled]).when(complete(mentee, later(1)))).toThrow(/cannot be completed before it takes place/);
    });

    it('given a completion by the mentee, when the mentee confirms it, then 403: the other side confirms', () => {
      const attempt = given([scheduled, completedByMentee]).when(confirm(mentee, later(4)));
      expect(attempt).toThrow(ForbiddenError);
      expect(attempt).toThrow(/only the other side \(the mentor\)/);
    });

    it('given a completion by the mentee, when the mentor confirms it within the window, then SessionConfirmed and it counts', () => {
      expect(given([scheduled, completedByMentee]).when(confirm(mentor, later(4)))()).toEqual([confirmed]);
      expect(sessionCounts(fold(sessionDecider, [scheduled, completedByMentee, confirmed]))).toBe(true);
    });

    it('given a completion, when the other side confirms after the window, then 409 window closed and it never counts', () => {
      const attempt = given([scheduled, completedByMentee]).when(confirm(mentor, later(18)));
      expect(attempt).toThrow(IllegalStateError);
      expect(attempt).toThrow(/confirmation window closed/);
      const pending = fold(sessionDecider, [scheduled, completedByMentee]);
      if (!pending.exists || !pending.completion) throw new Error('expected a completion');
      expect(confirmationAt(pending.completion, later(18))).toBe('expired');
      expect(confirmationAt({ confirmation: 'pending', confirmBy: later(17) }, later(16))).toBe('pending');
    });

    it('given a confirmed session, when it is confirmed or declined again, then 409 already decided', () => {
      expect(given([scheduled, completedByMentee, confirmed]).when(confirm(mentor, later(5)))).toThrow('This session was already confirmed');
      expect(given([scheduled, completedByMentee, confirmed]).when({ type: 'DeclineSession', sessionId: 's1', reason: null, by: mentor, at: later(5) })).toThrow(IllegalStateError);
    });

    it('given a completion, when the other side declines it, then SessionDeclined and it does not count', () => {
      const declined = given([scheduled, completedByMentee]).when({ type: 'DeclineSession', sessionId: 's1', reason: 'did not happen', by: mentor, at: later(4) })();
      expect(declined).toEqual([{ type: 'SessionDeclined', data: { sessionId: 's1', reason: 'did not happen', by: mentor, at: later(4) } }]);
      expect(sessionCounts(fold(sessionDecider, [scheduled, completedByMentee, ...declined]))).toBe(false);
    });

    it('given a scheduled session, when it is confirmed before anyone completed it, then 409', () => {
      expect(given([scheduled]).when(confirm(mentor, later(3)))).toThrow(/Only a completed session can be confirmed/);
    });
  });

  describe('logging a past session', () => {
    const log = (occurredAt: string, at = later(10)): SessionCommand => ({
      type: 'LogSession', ...ref, details: { occurredAt, minutes: 30, format: 'phone', topics: [] }, pairingStartedAt: t0, by: mentor, at,
    });

    it('given nothing, when a past session is logged, then a completion awaiting the mentee', () => {
      const events = given([]).when(log(later(8)))();
      expect(events).toEqual([
        {
          type: 'SessionCompletionReported',
          data: { ...ref, occurredAt: later(8), minutes: 30, format: 'phone', topics: [], logged: true, reportedBy: mentor, at: later(10), confirmBy: later(24) },
        },
      ]);
      expect(fold(sessionDecider, events)).toMatchObject({ status: 'completed', scheduledAt: null, completion: { confirmation: 'pending', logged: true } });
    });

    it('given nothing, when a future or pre-pairing session is logged, then it is invalid naming occurredAt', () => {
      expect(given([]).when(log(later(11)))).toThrow(/must have taken place already/);
      expect(given([]).when(log(later(-1)))).toThrow(/cannot precede the pairing/);
    });

    it('given nothing, when the minutes are out of range, then invalid', () => {
      const attempt = given([]).when({ ...(log(later(8)) as any), details: { occurredAt: later(8), minutes: 0, format: 'phone', topics: [] } });
      expect(attempt).toThrow(InvalidCommandError);
    });
  });

  describe('no-show', () => {
    it('given a scheduled session that has passed, when the mentor reports the mentee absent, then NoShowReported', () => {
      const events = given([scheduled]).when({ type: 'ReportNoShow', sessionId: 's1', absent: 'mentee', by: mentor, at: later(3) })();
      expect(events).toEqual([{ type: 'NoShowReported', data: { sessionId: 's1', absent: 'mentee', by: mentor, at: later(3) } }]);
      expect(fold(sessionDecider, [scheduled, ...events])).toMatchObject({ status: 'no-show' });
    });

    it('given a session still ahead, when a no-show is reported, then 409; reporting oneself is invalid', () => {
      expect(given([scheduled]).when({ type: 'ReportNoShow', sessionId: 's1', absent: 'mentee', by: mentor, at: later(1) })).toThrow(IllegalStateError);
      expect(given([scheduled]).when({ type: 'ReportNoShow', sessionId: 's1', absent: 'mentor', by: mentor, at: later(3) })).toThrow(InvalidCommandError);
    });
  });

  describe('feedback', () => {
    it('given a confirmed session, when each side rates it, then SessionRated once per side', () => {
      const byMentee = given([scheduled, completedByMentee, confirmed]).when(rate(mentee, 4))();
      expect(byMentee).toEqual([{ type: 'SessionRated', data: { sessionId: 's1', side: 'mentee', userId: 'u-mentee', rating: 4, comment: 'helpful', at: later(5) } }]);
      expect(given([scheduled, completedByMentee, confirmed, ...byMentee]).when(rate(mentor))()).toHaveLength(1);
      expect(given([scheduled, completedByMentee, confirmed, ...byMentee]).when(rate(mentee))).toThrow('The mentee already rated this session');
    });

    it('given an unconfirmed session, when it is rated, then 409; a rating outside 1–5 is invalid', () => {
      expect(given([scheduled, completedByMentee]).when(rate(mentee))).toThrow(/completed and confirmed/);
      expect(given([scheduled, completedByMentee, confirmed]).when(rate(mentee, 6))).toThrow(InvalidCommandError);
      expect(given([scheduled, completedByMentee, confirmed]).when(rate(mentee, 0))).toThrow(InvalidCommandError);
    });
  });
});
