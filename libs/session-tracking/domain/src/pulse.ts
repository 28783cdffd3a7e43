import { IllegalStateError, InvalidCommandError, type Decider, type DomainEvent } from '@tandem/kernel';
import { monthOf, type PairActor, type Side } from './common';

/**
 * The periodic pulse survey of a pairing: once per calendar month (UTC) each side answers the NPS question
 * "How likely are you to recommend this mentoring program to a colleague?" (0–10), with an optional comment.
 */
export const pulseStreamId = (pairingId: string) => `Pulse-${pairingId}`;

export interface AnswerPulse {
  type: 'AnswerPulse';
  pairingId: string;
  programId: string;
  score: number;
  comment: string | null;
  by: PairActor;
  at: string;
}
export type PulseCommand = AnswerPulse;

export type PulseAnswered = DomainEvent<
  'PulseAnswered',
  { pairingId: string; programId: string; period: string; side: Side; userId: string; score: number; comment: string | null; at: string }
>;
export type PulseEvent = PulseAnswered;

export interface PulseState {
  /** `${period}:${side}` of every answer given. */
  answered: string[];
}

/** The program's NPS and an answer's category: the shared definition (`@tandem/kpi`, docs/kpis.md), one decimal as every service states it. */
export { netPromoterScore, npsCategory, type NpsCategory } from '@tandem/kpi';

export const pulseDecider: Decider<PulseCommand, PulseEvent, PulseState> = {
  initialState: () => ({ answered: [] }),

  decide(command, state) {
    if (!Number.isInteger(command.score) || command.score < 0 || command.score > 10) {
      throw new InvalidCommandError('score must be a whole number from 0 to 10', 'pulse.invalid_score', { field: 'score' });
    }
    const period = monthOf(command.at);
    if (state.answered.includes(`${period}:${command.by.side}`)) {
      throw new IllegalStateError(`The ${command.by.side} already answered the pulse survey for ${period}`, 'pulse.already_answered', { period });
    }
    const { pairingId, programId, score, comment, at } = command;
    return [{ type: 'PulseAnswered', data: { pairingId, programId, period, side: command.by.side, userId: command.by.userId, score, comment, at } }];
  },

  evolve(state, event) {
    return { answered: [...state.answered, `${event.data.period}:${event.data.side}`] };
  },
};
