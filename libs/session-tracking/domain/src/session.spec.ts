import { fold, ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import type { PairActor } from './common';
import { confirmationAt, sessionCounts, sessionDecider, type SessionCommand, type SessionEvent } from './session';

const mentor: PairActor = { userId: 'u-mentor', side: 'mentor' };
const mentee: PairActor = { userId: 'u-mentee', side: 'mentee' };
const ref = { sessionId: 's1', pairingId: 'p1', programId: 'prog1' };
const t0 = '2027-03-01T10:00:00.000Z';
const later = (days: number, from = t0) => new Date(Date.parse(from) + days * 86_400_000).toISOString();

const given = deciderSpecification(sessionDecider);

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
      given([]).when(schedule()).then([scheduled]);
    });

    it('given nothing, when a session is scheduled in the past, then it is invalid naming scheduledAt', () => {
      given([]).when({ ...schedule(), scheduledAt: later(-1) } as SessionCommand).thenThrows(InvalidCommandError, /log a past session/);
    });

    it('given a session, when it is scheduled again, then 409', () => {
      given([scheduled]).when(schedule()).thenThrows(IllegalStateError);
    });

    it('given a scheduled session, when it is rescheduled, then SessionRescheduled from the old time to the new', () => {
      given([scheduled]).when({ type: 'RescheduleSession', sessionId: 's1', scheduledAt: later(5), by: mentor, at: t0 }).then([
        { type: 'SessionRescheduled', data: { sessionId: 's1', from: later(2), to: later(5), by: mentor, at: t0 } },
      ]);
      given([scheduled]).when({ type: 'RescheduleSession', sessionId: 's1', scheduledAt: later(2), by: mentor, at: t0 }).thenNothingHappened();
    });

    it('given a cancelled session, when it is rescheduled or cancelled again, then 409 naming the state', () => {
      const cancelled: SessionEvent = { type: 'SessionCancelled', data: { sessionId: 's1', reason: null, by: mentor, at: t0 } };
      given([scheduled]).when({ type: 'CancelSession', sessionId: 's1', reason: null, by: mentor, at: t0 }).then([cancelled]);
      given([scheduled, cancelled])
        .when({ type: 'CancelSession', sessionId: 's1', reason: null, by: mentor, at: t0 })
        .thenThrows(IllegalStateError, 'A cancelled session cannot be cancelled; only a scheduled one can');
      given([scheduled, cancelled]).when({ type: 'RescheduleSession', sessionId: 's1', scheduledAt: later(9), by: mentor, at: t0 }).thenThrows(IllegalStateError);
    });

    it('given nothing, when an unknown session is cancelled, then 404', () => {
      given([]).when({ type: 'CancelSession', sessionId: 's1', reason: null, by: mentor, at: t0 }).thenThrows(NotFoundError);
    });
  });

  describe('completion and two-sided confirmation', () => {
    it('given a scheduled session, when one side completes it after it took place, then it awaits confirmation for 14 days', () => {
      const completion = given([scheduled]).when(complete(mentee, later(3)));
      completion.then([completedByMentee]);
      const state = completion.state();
      expect(state).toMatchObject({ status: 'completed', completion: { confirmation: 'pending', confirmBy: later(17) } });
      expect(sessionCounts(state)).toBe(false);
    });

    it('given a scheduled session, when it is completed before it takes place, then 409', () => {
      given([scheduled]).when(complete(mentee, later(1))).thenThrows(IllegalStateError, /cannot be completed before it takes place/);
    });

    it('given a completion by the mentee, when the mentee confirms it, then 403: the other side confirms', () => {
      given([scheduled, completedByMentee]).when(confirm(mentee, later(4))).thenThrows(ForbiddenError, /only the other side \(the mentor\)/);
    });

    it('given a completion by the mentee, when the mentor confirms it within the window, then SessionConfirmed and it counts', () => {
      const confirmation = given([scheduled, completedByMentee]).when(confirm(mentor, later(4)));
      confirmation.then([confirmed]);
      expect(sessionCounts(confirmation.state())).toBe(true);
    });

    it('given a completion, when the other side confirms after the window, then 409 window closed and it never counts', () => {
      given([scheduled, completedByMentee]).when(confirm(mentor, later(18))).thenThrows(IllegalStateError, /confirmation window closed/);
      const pending = fold(sessionDecider, [scheduled, completedByMentee]);
      if (!pending.exists || !pending.completion) throw new Error('expected a completion');
      expect(confirmationAt(pending.completion, later(18))).toBe('expired');
      expect(confirmationAt({ confirmation: 'pending', confirmBy: later(17) }, later(16))).toBe('pending');
    });

    it('given a confirmed session, when it is confirmed or declined again, then 409 already decided', () => {
      given([scheduled, completedByMentee, confirmed]).when(confirm(mentor, later(5))).thenThrows(IllegalStateError, 'This session was already confirmed');
      given([scheduled, completedByMentee, confirmed]).when({ type: 'DeclineSession', sessionId: 's1', reason: null, by: mentor, at: later(5) }).thenThrows(IllegalStateError);
    });

    it('given a completion, when the other side declines it, then SessionDeclined and it does not count', () => {
      const decline = given([scheduled, completedByMentee]).when({ type: 'DeclineSession', sessionId: 's1', reason: 'did not happen', by: mentor, at: later(4) });
      decline.then([{ type: 'SessionDeclined', data: { sessionId: 's1', reason: 'did not happen', by: mentor, at: later(4) } }]);
      expect(sessionCounts(decline.state())).toBe(false);
    });

    it('given a scheduled session, when it is confirmed before anyone completed it, then 409', () => {
      given([scheduled]).when(confirm(mentor, later(3))).thenThrows(IllegalStateError, /Only a completed session can be confirmed/);
    });
  });

  describe('logging a past session', () => {
    const log = (occurredAt: string, at = later(10)): SessionCommand => ({
      type: 'LogSession', ...ref, details: { occurredAt, minutes: 30, format: 'phone', topics: [] }, pairingStartedAt: t0, by: mentor, at,
    });

    it('given nothing, when a past session is logged, then a completion awaiting the mentee', () => {
      const logging = given([]).when(log(later(8)));
      logging.then([
        {
          type: 'SessionCompletionReported',
          data: { ...ref, occurredAt: later(8), minutes: 30, format: 'phone', topics: [], logged: true, reportedBy: mentor, at: later(10), confirmBy: later(24) },
        },
      ]);
      expect(logging.state()).toMatchObject({ status: 'completed', scheduledAt: null, completion: { confirmation: 'pending', logged: true } });
    });

    it('given nothing, when a future or pre-pairing session is logged, then it is invalid naming occurredAt', () => {
      given([]).when(log(later(11))).thenThrows(InvalidCommandError, /must have taken place already/);
      given([]).when(log(later(-1))).thenThrows(InvalidCommandError, /cannot precede the pairing/);
    });

    it('given nothing, when the minutes are out of range, then invalid', () => {
      given([]).when({ ...(log(later(8)) as any), details: { occurredAt: later(8), minutes: 0, format: 'phone', topics: [] } }).thenThrows(InvalidCommandError);
    });
  });

  describe('no-show', () => {
    it('given a scheduled session that has passed, when the mentor reports the mentee absent, then NoShowReported', () => {
      const noShow = given([scheduled]).when({ type: 'ReportNoShow', sessionId: 's1', absent: 'mentee', by: mentor, at: later(3) });
      noShow.then([{ type: 'NoShowReported', data: { sessionId: 's1', absent: 'mentee', by: mentor, at: later(3) } }]);
      expect(noShow.state()).toMatchObject({ status: 'no-show' });
    });

    it('given a session still ahead, when a no-show is reported, then 409; reporting oneself is invalid', () => {
      given([scheduled]).when({ type: 'ReportNoShow', sessionId: 's1', absent: 'mentee', by: mentor, at: later(1) }).thenThrows(IllegalStateError);
      given([scheduled]).when({ type: 'ReportNoShow', sessionId: 's1', absent: 'mentor', by: mentor, at: later(3) }).thenThrows(InvalidCommandError);
    });
  });

  describe('feedback', () => {
    it('given a confirmed session, when each side rates it, then SessionRated once per side', () => {
      const byMentee = given([scheduled, completedByMentee, confirmed]).when(rate(mentee, 4));
      byMentee.then([{ type: 'SessionRated', data: { sessionId: 's1', side: 'mentee', userId: 'u-mentee', rating: 4, comment: 'helpful', at: later(5) } }]);
      expect(given(byMentee.history()).when(rate(mentor)).events()).toHaveLength(1);
      given(byMentee.history()).when(rate(mentee)).thenThrows(IllegalStateError, 'The mentee already rated this session');
    });

    it('given an unconfirmed session, when it is rated, then 409; a rating outside 1–5 is invalid', () => {
      given([scheduled, completedByMentee]).when(rate(mentee)).thenThrows(IllegalStateError, /completed and confirmed/);
      given([scheduled, completedByMentee, confirmed]).when(rate(mentee, 6)).thenThrows(InvalidCommandError);
      given([scheduled, completedByMentee, confirmed]).when(rate(mentee, 0)).thenThrows(InvalidCommandError);
    });
  });

  describe('importing a past session', () => {
    const importSession = (overrides: Partial<Extract<SessionCommand, { type: 'ImportSession' }>> = {}): SessionCommand => ({
      type: 'ImportSession', ...ref, details: { occurredAt: later(2), minutes: 50, format: 'video', topics: [] }, pairingStartedAt: t0,
      reportedBy: mentor, confirmedBy: mentee, at: later(3), now: later(100), ...overrides,
    });

    it('given nothing, when a past session is imported, then it is reported and confirmed at its original times', () => {
      given([])
        .when(importSession())
        .then([
          { type: 'SessionCompletionReported', data: { ...ref, occurredAt: later(2), minutes: 50, format: 'video', topics: [], logged: true, reportedBy: mentor, at: later(2), confirmBy: later(16) } },
          { type: 'SessionConfirmed', data: { sessionId: 's1', by: mentee, at: later(3) } },
        ]);
    });

    it('an imported session counts like a confirmed one', () => {
      const events = sessionDecider.decide(importSession(), sessionDecider.initialState());
      expect(sessionCounts(fold(sessionDecider, events))).toBe(true);
    });

    it('refuses what today refuses: before the pairing, confirmed outside the window or in the future, by the reporting side, bad minutes', () => {
      given([]).when(importSession({ pairingStartedAt: later(5) })).thenThrows(InvalidCommandError, /precede the pairing/);
      given([]).when(importSession({ at: later(20) })).thenThrows(InvalidCommandError, /within 14 days/);
      given([]).when(importSession({ at: later(1) })).thenThrows(InvalidCommandError, /after it took place/);
      given([]).when(importSession({ now: later(2.5) })).thenThrows(InvalidCommandError, /in the past/);
      given([]).when(importSession({ confirmedBy: mentor })).thenThrows(InvalidCommandError, /did not report/);
      given([]).when(importSession({ details: { occurredAt: later(2), minutes: 0, format: 'video', topics: [] } })).thenThrows(InvalidCommandError, /minutes/);
    });

    it('given the session, when it is imported again, then 409 (the import reports it unchanged before asking)', () => {
      given([completedByMentee]).when(importSession()).thenThrows(IllegalStateError, /already exists/);
    });
  });
});
