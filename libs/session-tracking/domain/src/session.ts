import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { addDays, CONFIRMATION_WINDOW_DAYS, type PairActor, type SessionFormat, type Side } from './common';

/**
 * A mentoring session of one pairing: scheduled → rescheduled* → completed | cancelled | no-show, or logged
 * after the fact. A completion (or a log) is reported by one side and confirmed (or declined) by the other
 * within the confirmation window; only a confirmed session counts. Each side rates a confirmed session once.
 * Private notes are NOT part of this aggregate: they never enter the event store (see the app's notes table).
 */
export const sessionStreamId = (sessionId: string) => `Session-${sessionId}`;

export type SessionStatus = 'scheduled' | 'cancelled' | 'completed' | 'no-show';
export type Confirmation = 'pending' | 'confirmed' | 'declined';

interface Ref {
  sessionId: string;
  pairingId: string;
  programId: string;
}

export interface CompletionDetails {
  /** When the session took place. */
  occurredAt: string;
  minutes: number;
  format: SessionFormat;
  topics: string[];
}

// Commands: every one carries the acting member (resolved by the app from the pairing) and the time.
export type SessionCommand =
  | ({ type: 'ScheduleSession'; scheduledAt: string; plannedMinutes: number; format: SessionFormat; by: PairActor; at: string } & Ref)
  | { type: 'RescheduleSession'; sessionId: string; scheduledAt: string; by: PairActor; at: string }
  | { type: 'CancelSession'; sessionId: string; reason: string | null; by: PairActor; at: string }
  | { type: 'CompleteSession'; sessionId: string; details: Omit<CompletionDetails, 'occurredAt'> & { occurredAt?: string }; by: PairActor; at: string }
  | ({ type: 'LogSession'; details: CompletionDetails; pairingStartedAt: string; by: PairActor; at: string } & Ref)
  /**
   * A past session brought by an import: reported by one side and confirmed by the other (the import gives the
   * confirmation), at its original times — `at` is the confirmation's, `now` the import's.
   */
  | ({ type: 'ImportSession'; details: CompletionDetails; pairingStartedAt: string; reportedBy: PairActor; confirmedBy: PairActor; at: string; now: string } & Ref)
  | { type: 'ConfirmSession'; sessionId: string; by: PairActor; at: string }
  | { type: 'DeclineSession'; sessionId: string; reason: string | null; by: PairActor; at: string }
  | { type: 'ReportNoShow'; sessionId: string; absent: Side; by: PairActor; at: string }
  | { type: 'RateSession'; sessionId: string; rating: number; comment: string | null; by: PairActor; at: string };

// Events (stored in the session's stream; never published as they are)
export type SessionScheduled = DomainEvent<'SessionScheduled', Ref & { scheduledAt: string; plannedMinutes: number; format: SessionFormat; scheduledBy: PairActor; at: string }>;
export type SessionRescheduled = DomainEvent<'SessionRescheduled', { sessionId: string; from: string; to: string; by: PairActor; at: string }>;
export type SessionCancelled = DomainEvent<'SessionCancelled', { sessionId: string; reason: string | null; by: PairActor; at: string }>;
/** One side reports the session took place (completing a scheduled one, or logging a past one). */
export type SessionCompletionReported = DomainEvent<
  'SessionCompletionReported',
  Ref & CompletionDetails & { logged: boolean; reportedBy: PairActor; at: string; confirmBy: string }
>;
export type SessionConfirmed = DomainEvent<'SessionConfirmed', { sessionId: string; by: PairActor; at: string }>;
export type SessionDeclined = DomainEvent<'SessionDeclined', { sessionId: string; reason: string | null; by: PairActor; at: string }>;
export type NoShowReported = DomainEvent<'NoShowReported', { sessionId: string; absent: Side; by: PairActor; at: string }>;
export type SessionRated = DomainEvent<'SessionRated', { sessionId: string; side: Side; userId: string; rating: number; comment: string | null; at: string }>;
export type SessionEvent =
  | SessionScheduled
  | SessionRescheduled
  | SessionCancelled
  | SessionCompletionReported
  | SessionConfirmed
  | SessionDeclined
  | NoShowReported
  | SessionRated;

export interface SessionCompletion extends CompletionDetails {
  logged: boolean;
  reportedBy: PairActor;
  reportedAt: string;
  confirmBy: string;
  confirmation: Confirmation;
  decidedAt: string | null;
  decidedBy: PairActor | null;
}

export type SessionState =
  | { exists: false }
  | (Ref & {
      exists: true;
      status: SessionStatus;
      scheduledAt: string | null;
      plannedMinutes: number | null;
      format: SessionFormat;
      completion: SessionCompletion | null;
      noShow: { absent: Side; reportedBy: PairActor; at: string } | null;
      ratings: Partial<Record<Side, { rating: number; comment: string | null; at: string }>>;
    });

type Existing = Extract<SessionState, { exists: true }>;

/** A pending confirmation past its deadline is `expired`: evaluated lazily against the clock, never stored. */
export function confirmationAt(completion: Pick<SessionCompletion, 'confirmation' | 'confirmBy'>, now: string): Confirmation | 'expired' {
  return completion.confirmation === 'pending' && Date.parse(now) > Date.parse(completion.confirmBy) ? 'expired' : completion.confirmation;
}

function existing(state: SessionState, sessionId: string): Existing {
  if (!state.exists) throw new NotFoundError(`Session ${sessionId} not found`, 'session.not_found');
  return state;
}

function mustBe(state: Existing, status: SessionStatus, doing: string): void {
  if (state.status !== status) {
    throw new IllegalStateError(`A ${state.status} session cannot be ${doing}; only a ${status} one can`, 'session.illegal_state', {
      status: state.status,
    });
  }
}

function validDetails(details: { minutes: number; topics: string[] }): void {
  if (!Number.isInteger(details.minutes) || details.minutes < 1 || details.minutes > 600) {
    throw new InvalidCommandError('minutes must be a whole number from 1 to 600', 'session.invalid_minutes', { field: 'minutes' });
  }
  if (details.topics.some((t) => t.trim().length === 0)) {
    throw new InvalidCommandError('topics must not be empty', 'session.invalid_topics', { field: 'topics' });
  }
}

function awaitingConfirmation(state: Existing, by: PairActor, at: string, doing: string): SessionCompletion {
  const completion = state.completion;
  if (state.status !== 'completed' || !completion) {
    throw new IllegalStateError(`Only a completed session can be ${doing}; this one is ${state.status}`, 'session.illegal_state', { status: state.status });
  }
  if (completion.confirmation !== 'pending') {
    throw new IllegalStateError(`This session was already ${completion.confirmation}`, 'session.already_decided', { confirmation: completion.confirmation });
  }
  if (completion.reportedBy.side === by.side) {
    throw new ForbiddenError(`The ${by.side} reported this session; only the other side (the ${by.side === 'mentor' ? 'mentee' : 'mentor'}) can confirm or decline it`, 'session.confirm_own_report');
  }
  if (confirmationAt(completion, at) === 'expired') {
    throw new IllegalStateError(
      `The confirmation window closed on ${completion.confirmBy}: this session no longer counts; log it again if it took place`,
      'session.confirmation_window_closed',
      { confirmBy: completion.confirmBy },
    );
  }
  return completion;
}

export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    switch (command.type) {
      case 'ScheduleSession': {
        if (state.exists) throw new IllegalStateError(`Session ${command.sessionId} already exists`, 'session.already_exists');
        if (Date.parse(command.scheduledAt) <= Date.parse(command.at)) {
          throw new InvalidCommandError('A session is scheduled in the future; log a past session instead', 'session.scheduled_in_past', { field: 'scheduledAt' });
        }
        const { sessionId, pairingId, programId, scheduledAt, plannedMinutes, format, by, at } = command;
        validDetails({ minutes: plannedMinutes, topics: [] });
        return [{ type: 'SessionScheduled', data: { sessionId, pairingId, programId, scheduledAt, plannedMinutes, format, scheduledBy: by, at } }];
      }
      case 'RescheduleSession': {
        const s = existing(state, command.sessionId);
        mustBe(s, 'scheduled', 'rescheduled');
        if (Date.parse(command.scheduledAt) <= Date.parse(command.at)) {
          throw new InvalidCommandError('A session is rescheduled to a time in the future', 'session.scheduled_in_past', { field: 'scheduledAt' });
        }
        if (s.scheduledAt && Date.parse(s.scheduledAt) === Date.parse(command.scheduledAt)) return [];
        return [{ type: 'SessionRescheduled', data: { sessionId: s.sessionId, from: s.scheduledAt!, to: new Date(command.scheduledAt).toISOString(), by: command.by, at: command.at } }];
      }
      case 'CancelSession': {
        const s = existing(state, command.sessionId);
        mustBe(s, 'scheduled', 'cancelled');
        return [{ type: 'SessionCancelled', data: { sessionId: s.sessionId, reason: command.reason, by: command.by, at: command.at } }];
      }
      case 'CompleteSession': {
        const s = existing(state, command.sessionId);
        mustBe(s, 'scheduled', 'completed');
        const occurredAt = command.details.occurredAt ?? s.scheduledAt!;
        if (Date.parse(occurredAt) > Date.parse(command.at)) {
          throw new IllegalStateError(`This session is scheduled for ${occurredAt}: it cannot be completed before it takes place`, 'session.not_yet_held', { scheduledAt: s.scheduledAt });
        }
        validDetails(command.details);
        const { minutes, format, topics } = command.details;
        return [
          {
            type: 'SessionCompletionReported',
            data: {
              sessionId: s.sessionId, pairingId: s.pairingId, programId: s.programId,
              occurredAt: new Date(occurredAt).toISOString(), minutes, format, topics,
              logged: false, reportedBy: command.by, at: command.at, confirmBy: addDays(command.at, CONFIRMATION_WINDOW_DAYS),
            },
          },
        ];
      }
      case 'LogSession': {
        if (state.exists) throw new IllegalStateError(`Session ${command.sessionId} already exists`, 'session.already_exists');
        const { details } = command;
        if (Date.parse(details.occurredAt) > Date.parse(command.at)) {
          throw new InvalidCommandError('A logged session must have taken place already; schedule a future one', 'session.logged_in_future', { field: 'occurredAt' });
        }
        if (Date.parse(details.occurredAt) < Date.parse(command.pairingStartedAt)) {
          throw new InvalidCommandError(`A session cannot precede the pairing (started ${command.pairingStartedAt})`, 'session.before_pairing', { field: 'occurredAt' });
        }
        validDetails(details);
        return [
          {
            type: 'SessionCompletionReported',
            data: {
              sessionId: command.sessionId, pairingId: command.pairingId, programId: command.programId,
              occurredAt: new Date(details.occurredAt).toISOString(), minutes: details.minutes, format: details.format, topics: details.topics,
              logged: true, reportedBy: command.by, at: command.at, confirmBy: addDays(command.at, CONFIRMATION_WINDOW_DAYS),
            },
          },
        ];
      }
      case 'ImportSession': {
        if (state.exists) throw new IllegalStateError(`Session ${command.sessionId} already exists`, 'session.already_exists');
        const { details, reportedBy, confirmedBy } = command;
        if (Date.parse(command.at) > Date.parse(command.now)) {
          throw new InvalidCommandError('An imported session took place and was confirmed in the past', 'session.logged_in_future', { field: 'confirmedAt' });
        }
        if (Date.parse(details.occurredAt) < Date.parse(command.pairingStartedAt)) {
          throw new InvalidCommandError(`A session cannot precede the pairing (started ${command.pairingStartedAt})`, 'session.before_pairing', { field: 'occurredAt' });
        }
        const confirmBy = addDays(details.occurredAt, CONFIRMATION_WINDOW_DAYS);
        if (Date.parse(command.at) < Date.parse(details.occurredAt) || Date.parse(command.at) > Date.parse(confirmBy)) {
          throw new InvalidCommandError(
            `A session is confirmed after it took place and within ${CONFIRMATION_WINDOW_DAYS} days`,
            'session.confirmation_window_closed',
            { field: 'confirmedAt' },
          );
        }
        if (reportedBy.side === confirmedBy.side) {
          throw new InvalidCommandError('The side that did not report the session confirms it', 'session.confirm_own_report', { field: 'reportedBy' });
        }
        validDetails(details);
        const occurredAt = new Date(details.occurredAt).toISOString();
        return [
          {
            type: 'SessionCompletionReported',
            data: {
              sessionId: command.sessionId, pairingId: command.pairingId, programId: command.programId,
              occurredAt, minutes: details.minutes, format: details.format, topics: details.topics,
              logged: true, reportedBy, at: occurredAt, confirmBy,
            },
          },
          { type: 'SessionConfirmed', data: { sessionId: command.sessionId, by: confirmedBy, at: new Date(command.at).toISOString() } },
        ];
      }
      case 'ConfirmSession': {
        const s = existing(state, command.sessionId);
        awaitingConfirmation(s, command.by, command.at, 'confirmed');
        return [{ type: 'SessionConfirmed', data: { sessionId: s.sessionId, by: command.by, at: command.at } }];
      }
      case 'DeclineSession': {
        const s = existing(state, command.sessionId);
        awaitingConfirmation(s, command.by, command.at, 'declined');
        return [{ type: 'SessionDeclined', data: { sessionId: s.sessionId, reason: command.reason, by: command.by, at: command.at } }];
      }
      case 'ReportNoShow': {
        const s = existing(state, command.sessionId);
        mustBe(s, 'scheduled', 'reported as a no-show');
        if (Date.parse(s.scheduledAt!) > Date.parse(command.at)) {
          throw new IllegalStateError(`This session is scheduled for ${s.scheduledAt}: nobody has missed it yet`, 'session.not_yet_held', { scheduledAt: s.scheduledAt });
        }
        if (command.absent === command.by.side) {
          throw new InvalidCommandError('Report the other side as absent; cancel the session if you cannot attend', 'session.self_no_show', { field: 'absent' });
        }
        return [{ type: 'NoShowReported', data: { sessionId: s.sessionId, absent: command.absent, by: command.by, at: command.at } }];
      }
      case 'RateSession': {
        const s = existing(state, command.sessionId);
        if (s.status !== 'completed' || s.completion?.confirmation !== 'confirmed') {
          throw new IllegalStateError('Only a completed and confirmed session can be rated', 'session.not_confirmed', {
            status: s.status,
            confirmation: s.completion?.confirmation ?? null,
          });
        }
        if (!Number.isInteger(command.rating) || command.rating < 1 || command.rating > 5) {
          throw new InvalidCommandError('rating must be a whole number from 1 to 5', 'feedback.invalid_rating', { field: 'rating' });
        }
        if (s.ratings[command.by.side]) {
          throw new IllegalStateError(`The ${command.by.side} already rated this session`, 'feedback.already_rated', { side: command.by.side });
        }
        return [
          {
            type: 'SessionRated',
            data: { sessionId: s.sessionId, side: command.by.side, userId: command.by.userId, rating: command.rating, comment: command.comment, at: command.at },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SessionScheduled': {
        const { sessionId, pairingId, programId, scheduledAt, plannedMinutes, format } = event.data;
        return {
          exists: true, sessionId, pairingId, programId, status: 'scheduled', scheduledAt: new Date(scheduledAt).toISOString(),
          plannedMinutes, format, completion: null, noShow: null, ratings: {},
        };
      }
      case 'SessionCompletionReported': {
        const d = event.data;
        const completion: SessionCompletion = {
          occurredAt: d.occurredAt, minutes: d.minutes, format: d.format, topics: d.topics, logged: d.logged,
          reportedBy: d.reportedBy, reportedAt: d.at, confirmBy: d.confirmBy, confirmation: 'pending', decidedAt: null, decidedBy: null,
        };
        const base = state.exists
          ? state
          : { exists: true as const, sessionId: d.sessionId, pairingId: d.pairingId, programId: d.programId, scheduledAt: null, plannedMinutes: null, noShow: null, ratings: {} };
        return { ...base, status: 'completed', format: d.format, completion };
      }
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'SessionRescheduled':
        return { ...state, scheduledAt: event.data.to };
      case 'SessionCancelled':
        return { ...state, status: 'cancelled' };
      case 'SessionConfirmed':
      case 'SessionDeclined':
        return state.completion
          ? {
              ...state,
              completion: {
                ...state.completion,
                confirmation: event.type === 'SessionConfirmed' ? 'confirmed' : 'declined',
                decidedAt: event.data.at,
                decidedBy: event.data.by,
              },
            }
          : state;
      case 'NoShowReported':
        return { ...state, status: 'no-show', noShow: { absent: event.data.absent, reportedBy: event.data.by, at: event.data.at } };
      case 'SessionRated':
        return { ...state, ratings: { ...state.ratings, [event.data.side]: { rating: event.data.rating, comment: event.data.comment, at: event.data.at } } };
    }
    return state;
  },
};

/** Confirmed, completed sessions are the only ones that count (hours, cadence, recognition). */
export const sessionCounts = (state: SessionState): boolean =>
  state.exists && state.status === 'completed' && state.completion?.confirmation === 'confirmed';
