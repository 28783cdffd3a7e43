import { InvalidCommandError } from '@tandem/kernel';

/** The two sides of a pairing. Who a caller is in a pairing comes from the pairing (JWT subject == member userId). */
export const SIDES = ['mentor', 'mentee'] as const;
export type Side = (typeof SIDES)[number];

/** A member of the pair acting on something of the pairing. */
export interface PairActor {
  userId: string;
  side: Side;
}

export const otherSide = (side: Side): Side => (side === 'mentor' ? 'mentee' : 'mentor');

export const SESSION_FORMATS = ['in-person', 'video', 'phone', 'chat'] as const;
export type SessionFormat = (typeof SESSION_FORMATS)[number];

const DAY_MS = 86_400_000;

/**
 * How long the other side has to confirm a session that one side logged or completed. A session still
 * unconfirmed after this many days never counts (no hours, no cadence, no SessionCompleted). Programs do not
 * carry their own setting yet, so it is a constant; each completion stores its own deadline (`confirmBy`), so
 * changing it later never rewrites the past.
 */
export const CONFIRMATION_WINDOW_DAYS = 14;

export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/**
 * The engagement window of a program: a pairing with no confirmed session for this many days is at risk.
 * One and a half expected intervals between sessions, rounded up to whole days:
 * `ceil(30 / sessionsPerMonth × 1.5)` — 2 sessions a month → 23 days, 4 → 12 days, 1 → 45 days.
 */
export function cadenceWindowDays(sessionsPerMonth: number): number {
  if (!(sessionsPerMonth > 0)) throw new InvalidCommandError('sessionsPerMonth must be positive', 'policy.invalid_cadence');
  return Math.ceil((30 / sessionsPerMonth) * 1.5);
}

/** How confirmed session time becomes training hours. */
export interface TrainingHoursPolicy {
  /** Credited minutes are rounded UP to a multiple of this (15 → a 50-minute session credits 60). */
  roundingMinutes: number;
  /** At most this many minutes per person, program and calendar month (UTC) of the session. */
  monthlyCapMinutes: number;
}

/** Programs do not define a training-hours policy yet: every program gets this one (recorded on every entry). */
export const DEFAULT_TRAINING_HOURS_POLICY: TrainingHoursPolicy = { roundingMinutes: 15, monthlyCapMinutes: 8 * 60 };

/** `2027-03-14T…` → `2027-03` (UTC calendar month). */
export const monthOf = (iso: string): string => new Date(iso).toISOString().slice(0, 7);

/** `2027-03-14T…` → `2027-03-14` (UTC date). */
export const dateOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);

export function requireText(value: string, field: string, code: string): void {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InvalidCommandError(`${field} must not be empty`, code, { field });
  }
}

