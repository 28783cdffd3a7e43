import { ForbiddenError, IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { dateOf, requireText, type PairActor, type Side } from './common';

/**
 * An outcome the mentoring led to, reported by the pair and verified (or rejected) by a program manager.
 * Only verified outcomes count for recognition and ROI, and only they are published.
 */
export const outcomeStreamId = (outcomeId: string) => `Outcome-${outcomeId}`;

export const OUTCOME_KINDS = ['promotion', 'project-completion', 'skill-attainment', 'certification'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];
export type OutcomeStatus = 'reported' | 'verified' | 'rejected';

export interface OutcomeReport {
  kind: OutcomeKind;
  title: string;
  description: string;
  achievedOn: string;
  /** Whose outcome it is (usually the mentee's). */
  beneficiary: { userId: string; role: Side };
}

export type OutcomeCommand =
  | ({ type: 'ReportOutcome'; outcomeId: string; pairingId: string; programId: string; by: PairActor; at: string } & OutcomeReport)
  | { type: 'VerifyOutcome'; outcomeId: string; by: string; at: string }
  | { type: 'RejectOutcome'; outcomeId: string; reason: string; by: string; at: string };

export type OutcomeReported = DomainEvent<
  'OutcomeReported',
  OutcomeReport & { outcomeId: string; pairingId: string; programId: string; reportedBy: PairActor; at: string }
>;
export type OutcomeVerified = DomainEvent<'OutcomeVerified', { outcomeId: string; by: string; at: string }>;
export type OutcomeRejected = DomainEvent<'OutcomeRejected', { outcomeId: string; reason: string; by: string; at: string }>;
export type OutcomeEvent = OutcomeReported | OutcomeVerified | OutcomeRejected;

export type OutcomeState =
  | { exists: false }
  | (OutcomeReport & {
      exists: true;
      outcomeId: string;
      pairingId: string;
      programId: string;
      status: OutcomeStatus;
      reportedBy: PairActor;
      reportedAt: string;
      decidedBy: string | null;
      decidedAt: string | null;
    });

function reported(state: OutcomeState, outcomeId: string, by: string, doing: string) {
  if (!state.exists) throw new NotFoundError(`Outcome ${outcomeId} not found`, 'outcome.not_found');
  if (state.status !== 'reported') {
    throw new IllegalStateError(`This outcome was already ${state.status}; it cannot be ${doing}`, 'outcome.already_decided', { status: state.status });
  }
  if (by === state.beneficiary.userId || by === state.reportedBy.userId) {
    throw new ForbiddenError('An outcome is verified by a program manager other than the person it concerns or who reported it', 'outcome.own_outcome');
  }
  return state;
}

export const outcomeDecider: Decider<OutcomeCommand, OutcomeEvent, OutcomeState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    switch (command.type) {
      case 'ReportOutcome': {
        if (state.exists) throw new IllegalStateError(`Outcome ${command.outcomeId} already exists`, 'outcome.already_exists');
        requireText(command.title, 'title', 'outcome.invalid');
        if (command.achievedOn > dateOf(command.at)) {
          throw new InvalidCommandError('An outcome is reported once it was achieved', 'outcome.achieved_in_future', { field: 'achievedOn' });
        }
        const { outcomeId, pairingId, programId, kind, title, description, achievedOn, beneficiary, by, at } = command;
        return [{ type: 'OutcomeReported', data: { outcomeId, pairingId, programId, kind, title, description, achievedOn, beneficiary, reportedBy: by, at } }];
      }
      case 'VerifyOutcome': {
        reported(state, command.outcomeId, command.by, 'verified');
        return [{ type: 'OutcomeVerified', data: { outcomeId: command.outcomeId, by: command.by, at: command.at } }];
      }
      case 'RejectOutcome': {
        reported(state, command.outcomeId, command.by, 'rejected');
        requireText(command.reason, 'reason', 'outcome.reason_required');
        return [{ type: 'OutcomeRejected', data: { outcomeId: command.outcomeId, reason: command.reason, by: command.by, at: command.at } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'OutcomeReported': {
        const { reportedBy, at, ...report } = event.data;
        return { exists: true, ...report, status: 'reported', reportedBy, reportedAt: at, decidedBy: null, decidedAt: null };
      }
      case 'OutcomeVerified':
      case 'OutcomeRejected':
        return state.exists
          ? { ...state, status: event.type === 'OutcomeVerified' ? 'verified' : 'rejected', decidedBy: event.data.by, decidedAt: event.data.at }
          : state;
    }
  },
};
