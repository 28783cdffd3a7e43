// The program KPIs: one definition each, shared by every service that states one (enrollment validates program
// objectives against this vocabulary, session tracking and analytics compute with these formulas), documented in
// docs/kpis.md (a spec keeps the two in step).

export type KpiUnit = 'count' | 'percent' | 'points' | 'hours' | 'rating';

export interface KpiDefinition {
  title: string;
  unit: KpiUnit;
  /** Which way is better: an objective on a `lower` metric is met at or below its target. */
  better: 'higher' | 'lower';
  /**
   * `cumulative`: a running total over the program's life (sessions, hours), so an objective on it is on track when
   * the total keeps pace with the elapsed part of its horizon; `level`: a rate or a current state (NPS, match rate),
   * compared with its target as it stands.
   */
  kind: 'cumulative' | 'level';
  /** Decimals it is reported with (rounded half away from zero). */
  decimals: number;
  /** Formula, denominator, and where a duration starts and ends. */
  definition: string;
}

export const KPIS = {
  applications: {
    title: 'Applications',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Applications received (mentors and mentees), whatever became of them.',
  },
  'approved-participants': {
    title: 'Approved participants',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Applications whose current status is approved (mentors and mentees): a withdrawn or later rejected one no longer counts.',
  },
  'match-rate': {
    title: 'Match rate',
    unit: 'percent',
    better: 'higher',
    kind: 'level',
    decimals: 1,
    definition: 'Approved mentees (as in approved-participants) with at least one pairing that started ÷ approved mentees × 100 (0 when no mentee is approved).',
  },
  'time-to-match-hours': {
    title: 'Time to match (median)',
    unit: 'hours',
    better: 'lower',
    kind: 'level',
    decimals: 1,
    definition:
      'Median, over pairings that started, of the hours from the proposal (a matching run, a mentee request or a manager override) to the moment the second side accepted and the pairing started. None without started pairings.',
  },
  'proposal-decline-rate': {
    title: 'Proposal decline rate',
    unit: 'percent',
    better: 'lower',
    kind: 'level',
    decimals: 1,
    definition: 'Proposals declined by the mentor or the mentee ÷ all proposals × 100 (0 without proposals). Rejections by a manager and expiries are not declines.',
  },
  'active-pairings': {
    title: 'Active pairings',
    unit: 'count',
    better: 'higher',
    kind: 'level',
    decimals: 0,
    definition: 'Pairings started and neither paused, completed nor ended early.',
  },
  'at-risk-pairings': {
    title: 'At-risk pairings',
    unit: 'count',
    better: 'lower',
    kind: 'level',
    decimals: 0,
    definition: 'Pairings whose latest health alert (no confirmed session within the cadence window) has not been followed by a recovery.',
  },
  'mentor-retention': {
    title: 'Mentor retention',
    unit: 'percent',
    better: 'higher',
    kind: 'level',
    decimals: 1,
    definition:
      'Mentors of the previous six-month cohort who mentor in the current one ÷ mentors of the previous cohort × 100: the current cohort is the six months up to the moment measured, the previous one the six months before; a mentor belongs to a cohort when one of their pairings in scope (across the tenant’s programs for the tenant) was started and not yet completed or ended early at some moment of it. None without mentors in the previous cohort.',
  },
  sessions: {
    title: 'Confirmed sessions',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Sessions confirmed by both sides (or logged confirmed), counted in the month they took place.',
  },
  'training-hours': {
    title: 'Training hours',
    unit: 'hours',
    better: 'higher',
    kind: 'cumulative',
    decimals: 2,
    definition: 'Minutes credited to participants’ training-hours ledgers (both sides of a session, capped per person and month, corrections included) ÷ 60.',
  },
  'average-session-rating': {
    title: 'Average session rating',
    unit: 'rating',
    better: 'higher',
    kind: 'level',
    decimals: 2,
    definition: 'Mean of the 1–5 ratings both sides gave their confirmed sessions. None without ratings.',
  },
  nps: {
    title: 'Net promoter score',
    unit: 'points',
    better: 'higher',
    kind: 'level',
    decimals: 1,
    definition: 'Monthly pulse answers 9–10 (promoters) minus answers 0–6 (detractors), as a share of all answers × 100, from −100 to 100. None without answers.',
  },
  'goals-achieved': {
    title: 'Goals achieved',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Goals of pairings whose every milestone is done, counted when they were achieved.',
  },
  'verified-outcomes': {
    title: 'Verified outcomes',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Outcomes the pair reported and a program manager verified (promotion, project completion, skill attainment, certification).',
  },
  'verified-promotions': {
    title: 'Verified promotions',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Verified outcomes of the kind promotion.',
  },
  'recognitions-issued': {
    title: 'Recognitions issued',
    unit: 'count',
    better: 'higher',
    kind: 'cumulative',
    decimals: 0,
    definition: 'Badges awarded to participants, revoked ones excluded.',
  },
  'reward-spend-against-budget': {
    title: 'Reward spend against budget',
    unit: 'percent',
    better: 'higher',
    kind: 'level',
    decimals: 1,
    definition:
      'Cost of the rewards fulfilled (spend captured from the budget ledger, at its fulfilment time) ÷ reward budget allocated (allocations plus signed corrections, every period) × 100, in minor units of the budgets’ currency. None without a budget.',
  },
  'reward-satisfaction': {
    title: 'Reward satisfaction',
    unit: 'rating',
    better: 'higher',
    kind: 'level',
    decimals: 2,
    definition: 'Mean of the 1–5 satisfaction ratings mentors gave the rewards they received (relevance is reported beside it). None without ratings.',
  },
} as const satisfies Record<string, KpiDefinition>;

export type KpiId = keyof typeof KPIS;
export const KPI_IDS = Object.keys(KPIS) as KpiId[];

export const isKpiId = (value: string): value is KpiId => Object.hasOwn(KPIS, value);

/** Rounds half away from zero (as PostgreSQL's `round(numeric, n)` does), so every service states the same figure. */
export function roundKpi(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  // A tolerance for binary fractions (16.65 is stored as 16.6499…).
  const rounded = Math.floor(scaled + 0.5 + 1e-9) / factor;
  return value < 0 ? -rounded : rounded;
}

/** A KPI value as it is reported: rounded to its decimals; null stays null (nothing to measure yet). */
export const reportKpi = (id: KpiId, value: number | null): number | null => (value === null ? null : roundKpi(value, KPIS[id].decimals));

export type NpsCategory = 'promoter' | 'passive' | 'detractor';
/** A 0–10 pulse answer: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export const npsCategory = (score: number): NpsCategory => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');

/** Net promoter score of 0–10 answers (see `KPIS.nps`), or null without answers. */
export function netPromoterScore(scores: readonly number[]): number | null {
  if (scores.length === 0) return null;
  const promoters = scores.filter((s) => npsCategory(s) === 'promoter').length;
  const detractors = scores.filter((s) => npsCategory(s) === 'detractor').length;
  return reportKpi('nps', ((promoters - detractors) / scores.length) * 100);
}

export type ObjectiveStatus = 'met' | 'on-track' | 'behind' | 'not-measured';

/**
 * An objective's status: `met` once the actual reaches the target (at or below it for a `lower` metric); for a
 * `cumulative` metric, `on-track` while the actual keeps pace with the target pro rata to the elapsed part of the
 * horizon (a `level` metric has no pace: it is met or behind); `not-measured` without a value (or an unknown metric).
 */
export function objectiveStatus(metric: string, target: number, actual: number | null, elapsed: number): ObjectiveStatus {
  if (!isKpiId(metric) || actual === null) return 'not-measured';
  const { better, kind } = KPIS[metric];
  if (better === 'higher' ? actual >= target : actual <= target) return 'met';
  if (kind === 'cumulative' && better === 'higher' && actual >= target * Math.min(1, Math.max(0, elapsed))) return 'on-track';
  return 'behind';
}

/** Objectives are short-term when due within this many months of the program's start, long-term after. */
export const SHORT_TERM_MONTHS = 6;
/** The horizon of an objective that states none (programs created before horizons existed). */
export const DEFAULT_HORIZON_MONTHS = 12;
