import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';

/**
 * A program's reward budget for one period (stream `RewardBudget-<program>-<period>`), kept as a ledger: allocations,
 * a reservation when a mentor requests a reward, its capture when the reward is fulfilled, its release when the
 * request is rejected or cancelled, and corrections as new entries (never an edit). Amounts are integer minor units
 * of the budget's one currency. The invariant — reserved + spent ≤ allocated — is decided on the stream's current
 * state and the entry is appended at the expected version, so concurrent requests can never overspend: the loser of a
 * race re-decides on the winner's entry.
 */
export type RewardBudgetCommand =
  | { type: 'Allocate'; programId: string; period: string; amountMinor: number; currency: string; note: string; at: string; by: string }
  | { type: 'Correct'; amountMinor: number; reason: string; at: string; by: string }
  | { type: 'Reserve'; programId: string; period: string; requestId: string; amountMinor: number; currency: string; at: string }
  | { type: 'Capture'; requestId: string; at: string }
  | { type: 'Release'; requestId: string; reason: 'rejected' | 'cancelled'; at: string };

interface Ref {
  programId: string;
  period: string;
}
export type BudgetAllocated = DomainEvent<'BudgetAllocated', Ref & { amountMinor: number; currency: string; note: string; at: string; by: string }>;
export type BudgetCorrected = DomainEvent<'BudgetCorrected', Ref & { amountMinor: number; reason: string; at: string; by: string }>;
export type BudgetReserved = DomainEvent<'BudgetReserved', Ref & { requestId: string; amountMinor: number; at: string }>;
export type BudgetCaptured = DomainEvent<'BudgetCaptured', Ref & { requestId: string; amountMinor: number; at: string }>;
export type BudgetReleased = DomainEvent<'BudgetReleased', Ref & { requestId: string; amountMinor: number; reason: 'rejected' | 'cancelled'; at: string }>;
export type RewardBudgetEvent = BudgetAllocated | BudgetCorrected | BudgetReserved | BudgetCaptured | BudgetReleased;

export interface BudgetPosition {
  allocatedMinor: number;
  reservedMinor: number;
  spentMinor: number;
  remainingMinor: number;
}

export type RewardBudgetState =
  | { exists: false }
  | (Ref & { exists: true; currency: string; allocatedMinor: number; spentMinor: number; reservations: Record<string, number>; captured: string[] });

export const rewardBudgetStreamId = (programId: string, period: string) => `RewardBudget-${programId}-${period}`;

/** `2027` (a year), `2027-Q1` (a quarter) or `2027-01` (a month). */
export const BUDGET_PERIOD = /^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/;

/** The budget periods containing `at` (UTC), narrowest first: the month, its quarter, its year. */
export function periodsContaining(at: string): string[] {
  const year = at.slice(0, 4);
  const month = Number(at.slice(5, 7));
  return [at.slice(0, 7), `${year}-Q${Math.ceil(month / 3)}`, year];
}

export function budgetPosition(state: RewardBudgetState): BudgetPosition {
  if (!state.exists) return { allocatedMinor: 0, reservedMinor: 0, spentMinor: 0, remainingMinor: 0 };
  const reservedMinor = Object.values(state.reservations).reduce((sum, amount) => sum + amount, 0);
  return { allocatedMinor: state.allocatedMinor, reservedMinor, spentMinor: state.spentMinor, remainingMinor: state.allocatedMinor - reservedMinor - state.spentMinor };
}

const positiveAmount = (amount: number, field: string) => {
  if (!Number.isSafeInteger(amount) || amount < 1) throw new InvalidCommandError(`${field} must be a positive integer (minor units)`, 'reward.invalid_amount');
};

export const rewardBudgetDecider: Decider<RewardBudgetCommand, RewardBudgetEvent, RewardBudgetState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'Allocate') {
      positiveAmount(command.amountMinor, 'amountMinor');
      if (state.exists && state.currency !== command.currency) {
        throw new IllegalStateError(`The ${state.period} budget is in ${state.currency}, not ${command.currency}`, 'reward.currency_mismatch');
      }
      const { programId, period, amountMinor, currency, note, at, by } = command;
      return [{ type: 'BudgetAllocated', data: { programId, period, amountMinor, currency, note, at, by } }];
    }
    if (command.type === 'Reserve') {
      positiveAmount(command.amountMinor, 'amountMinor');
      if (!state.exists) throw new IllegalStateError(`The program has no reward budget for ${command.period}`, 'reward.no_budget');
      if (state.currency !== command.currency) {
        throw new IllegalStateError(`The ${state.period} budget is in ${state.currency}, the reward costs ${command.currency}`, 'reward.currency_mismatch');
      }
      if (command.requestId in state.reservations || state.captured.includes(command.requestId)) return [];
      const { remainingMinor } = budgetPosition(state);
      if (command.amountMinor > remainingMinor) {
        throw new IllegalStateError(`The ${state.period} reward budget is exhausted (${remainingMinor} left, ${command.amountMinor} asked)`, 'reward.budget_exhausted', {
          remainingMinor,
          askedMinor: command.amountMinor,
        });
      }
      return [{ type: 'BudgetReserved', data: { programId: state.programId, period: state.period, requestId: command.requestId, amountMinor: command.amountMinor, at: command.at } }];
    }
    if (!state.exists) throw new NotFoundError('No such reward budget', 'reward.budget_not_found');
    const ref = { programId: state.programId, period: state.period };
    switch (command.type) {
      case 'Correct': {
        if (!Number.isSafeInteger(command.amountMinor) || command.amountMinor === 0) {
          throw new InvalidCommandError('amountMinor must be a non-zero integer (minor units, negative to lower the budget)', 'reward.invalid_amount');
        }
        const { reservedMinor, spentMinor, allocatedMinor } = budgetPosition(state);
        if (allocatedMinor + command.amountMinor < reservedMinor + spentMinor) {
          throw new IllegalStateError(`The correction would leave less than is reserved and spent (${reservedMinor + spentMinor})`, 'reward.budget_overcommitted');
        }
        return [{ type: 'BudgetCorrected', data: { ...ref, amountMinor: command.amountMinor, reason: command.reason, at: command.at, by: command.by } }];
      }
      case 'Capture': {
        const amountMinor = state.reservations[command.requestId];
        if (amountMinor === undefined) {
          if (state.captured.includes(command.requestId)) return [];
          throw new IllegalStateError(`Nothing is reserved for request ${command.requestId}`, 'reward.not_reserved');
        }
        return [{ type: 'BudgetCaptured', data: { ...ref, requestId: command.requestId, amountMinor, at: command.at } }];
      }
      case 'Release': {
        const amountMinor = state.reservations[command.requestId];
        if (amountMinor === undefined) return [];
        return [{ type: 'BudgetReleased', data: { ...ref, requestId: command.requestId, amountMinor, reason: command.reason, at: command.at } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'BudgetAllocated') {
      const { programId, period, currency, amountMinor } = event.data;
      return state.exists
        ? { ...state, allocatedMinor: state.allocatedMinor + amountMinor }
        : { exists: true, programId, period, currency, allocatedMinor: amountMinor, spentMinor: 0, reservations: {}, captured: [] };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'BudgetCorrected':
        return { ...state, allocatedMinor: state.allocatedMinor + event.data.amountMinor };
      case 'BudgetReserved':
        return { ...state, reservations: { ...state.reservations, [event.data.requestId]: event.data.amountMinor } };
      case 'BudgetCaptured': {
        const { [event.data.requestId]: _captured, ...reservations } = state.reservations;
        return { ...state, reservations, spentMinor: state.spentMinor + event.data.amountMinor, captured: [...state.captured, event.data.requestId] };
      }
      case 'BudgetReleased': {
        const { [event.data.requestId]: _released, ...reservations } = state.reservations;
        return { ...state, reservations };
      }
    }
  },
};
