import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { monthOf, requireText, type Side, type TrainingHoursPolicy } from './common';

/**
 * One person's training-hours ledger in one program. Entries are only ever appended: a confirmed session is
 * credited once (rounded up, capped per calendar month), and a mistake is fixed by a correction entry that
 * references the entry it corrects and carries the difference — an entry is never edited.
 */
export const trainingHoursStreamId = (programId: string, userId: string) => `TrainingHours-${programId}-${userId}`;

export interface LedgerOwner {
  programId: string;
  userId: string;
}

export type TrainingHoursCommand =
  | ({
      type: 'CreditSession';
      entryId: string;
      role: Side;
      pairingId: string;
      sessionId: string;
      occurredAt: string;
      minutes: number;
      policy: TrainingHoursPolicy;
      at: string;
    } & LedgerOwner)
  | ({ type: 'CorrectEntry'; entryId: string; correctsEntryId: string; minutes: number; reason: string; by: string; at: string } & LedgerOwner);

export type TrainingHoursCredited = DomainEvent<
  'TrainingHoursCredited',
  LedgerOwner & {
    entryId: string;
    role: Side;
    pairingId: string;
    sessionId: string;
    occurredAt: string;
    month: string;
    /** Confirmed session length. */
    sessionMinutes: number;
    /** After rounding, before the cap. */
    roundedMinutes: number;
    /** What the ledger credits (rounded, then capped). */
    minutes: number;
    capped: boolean;
    policy: TrainingHoursPolicy;
    at: string;
  }
>;
export type TrainingHoursCorrected = DomainEvent<
  'TrainingHoursCorrected',
  LedgerOwner & {
    entryId: string;
    correctsEntryId: string;
    role: Side;
    pairingId: string;
    sessionId: string;
    month: string;
    /** The corrected session length the correction is based on. */
    sessionMinutes: number;
    /** Signed difference to what the corrected entry credited so far. */
    deltaMinutes: number;
    /** What the corrected entry credits after this correction. */
    minutes: number;
    reason: string;
    by: string;
    at: string;
  }
>;
export type TrainingHoursEvent = TrainingHoursCredited | TrainingHoursCorrected;

interface CreditEntry {
  entryId: string;
  role: Side;
  pairingId: string;
  sessionId: string;
  month: string;
  /** What the entry credits now, corrections included. */
  effectiveMinutes: number;
  corrections: number;
}

export interface TrainingHoursState {
  credits: Record<string, CreditEntry>;
  corrections: Record<string, { correctsEntryId: string }>;
  creditBySession: Record<string, string>;
  minutesByMonth: Record<string, number>;
  policy: TrainingHoursPolicy | null;
}

export const roundUp = (minutes: number, to: number): number => Math.ceil(minutes / to) * to;

function validMinutes(minutes: number, field: string): void {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 600) {
    throw new InvalidCommandError(`${field} must be a whole number from 0 to 600`, 'training_hours.invalid_minutes', { field });
  }
}

export const trainingHoursDecider: Decider<TrainingHoursCommand, TrainingHoursEvent, TrainingHoursState> = {
  initialState: () => ({ credits: {}, corrections: {}, creditBySession: {}, minutesByMonth: {}, policy: null }),

  decide(command, state) {
    switch (command.type) {
      case 'CreditSession': {
        // A session is credited once per person, however often its confirmation is replayed.
        if (state.creditBySession[command.sessionId]) return [];
        validMinutes(command.minutes, 'minutes');
        const month = monthOf(command.occurredAt);
        const { roundingMinutes, monthlyCapMinutes } = command.policy;
        const rounded = roundUp(command.minutes, roundingMinutes);
        const available = Math.max(0, monthlyCapMinutes - (state.minutesByMonth[month] ?? 0));
        const minutes = Math.min(rounded, available);
        return [
          {
            type: 'TrainingHoursCredited',
            data: {
              programId: command.programId, userId: command.userId, entryId: command.entryId, role: command.role,
              pairingId: command.pairingId, sessionId: command.sessionId, occurredAt: command.occurredAt, month,
              sessionMinutes: command.minutes, roundedMinutes: rounded, minutes, capped: minutes < rounded, policy: command.policy, at: command.at,
            },
          },
        ];
      }
      case 'CorrectEntry': {
        const entry = state.credits[command.correctsEntryId];
        if (!entry) {
          if (state.corrections[command.correctsEntryId]) {
            throw new IllegalStateError('Correct the original credit entry, not a correction', 'training_hours.correct_a_correction', {
              correctsEntryId: state.corrections[command.correctsEntryId].correctsEntryId,
            });
          }
          throw new NotFoundError(`Ledger entry ${command.correctsEntryId} not found`, 'training_hours.entry_not_found');
        }
        validMinutes(command.minutes, 'minutes');
        requireText(command.reason, 'reason', 'training_hours.reason_required');
        const policy = state.policy!;
        const rounded = roundUp(command.minutes, policy.roundingMinutes);
        const others = (state.minutesByMonth[entry.month] ?? 0) - entry.effectiveMinutes;
        const minutes = Math.min(rounded, Math.max(0, policy.monthlyCapMinutes - others));
        const delta = minutes - entry.effectiveMinutes;
        if (delta === 0) {
          throw new IllegalStateError(`The entry already credits ${entry.effectiveMinutes} minutes: nothing to correct`, 'training_hours.nothing_to_correct', {
            minutes: entry.effectiveMinutes,
          });
        }
        return [
          {
            type: 'TrainingHoursCorrected',
            data: {
              programId: command.programId, userId: command.userId, entryId: command.entryId, correctsEntryId: entry.entryId,
              role: entry.role, pairingId: entry.pairingId, sessionId: entry.sessionId, month: entry.month,
              sessionMinutes: command.minutes, deltaMinutes: delta, minutes, reason: command.reason, by: command.by, at: command.at,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    const d = event.data;
    switch (event.type) {
      case 'TrainingHoursCredited':
        return {
          ...state,
          policy: event.data.policy,
          credits: {
            ...state.credits,
            [d.entryId]: { entryId: d.entryId, role: d.role, pairingId: d.pairingId, sessionId: d.sessionId, month: d.month, effectiveMinutes: event.data.minutes, corrections: 0 },
          },
          creditBySession: { ...state.creditBySession, [d.sessionId]: d.entryId },
          minutesByMonth: { ...state.minutesByMonth, [d.month]: (state.minutesByMonth[d.month] ?? 0) + event.data.minutes },
        };
      case 'TrainingHoursCorrected': {
        const corrected = state.credits[event.data.correctsEntryId];
        return {
          ...state,
          credits: corrected
            ? { ...state.credits, [corrected.entryId]: { ...corrected, effectiveMinutes: event.data.minutes, corrections: corrected.corrections + 1 } }
            : state.credits,
          corrections: { ...state.corrections, [d.entryId]: { correctsEntryId: event.data.correctsEntryId } },
          minutesByMonth: { ...state.minutesByMonth, [d.month]: (state.minutesByMonth[d.month] ?? 0) + event.data.deltaMinutes },
        };
      }
    }
  },
};
