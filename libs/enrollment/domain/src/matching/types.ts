/**
 * Public types of whole-cohort matching (see `matcher.ts` for the algorithm).
 *
 * Everything here is plain data: a matching run is a pure function of a `MatchingInput`, and its result can be
 * stored next to the proposals it produced (score breakdowns, algorithm version, input fingerprint).
 */

/** Bumped whenever a change could alter which pairs are proposed or how they are scored. */
export const MATCHING_ALGORITHM_VERSION = 'min-cost-flow/2';
/** The baseline (not used for proposals; benchmarks and comparisons only). */
export const GREEDY_ALGORITHM_VERSION = 'greedy/1';

/** A mentor or a mentee taking part in a matching run. */
export interface MatchingParticipant {
  participantId: string;
  employeeId: string;
  /** The participant's direct manager (an employee id), null when none is known. */
  managerId: string | null;
  /**
   * Offset from UTC in minutes (e.g. +60 for CET, -300 for EST), within [-720, 840], taken from the participant's
   * IANA zone on the day of the run. Differences are measured around the clock (+12:00 and −11:00 are 1 h apart).
   */
  timeZoneOffsetMinutes: number;
  languages: readonly string[];
  /** Mentors: skills they can help with. Ignored on mentees. */
  skillsOffered?: readonly string[];
  /** Mentees: skills they want to grow. Ignored on mentors. */
  skillsSought?: readonly string[];
  goals?: readonly string[];
  interests?: readonly string[];
  department: string;
  /** Mentors: how many mentees at once (a non-negative integer). Defaults to 1. Ignored on mentees. */
  mentorCapacity?: number;
  /** Free-form attributes referenced by the policy's must-have criteria (e.g. `{ site: 'berlin' }`). */
  attributes?: Readonly<Record<string, string>>;
}

export type MatchingCriterion = 'skills' | 'goals' | 'interests' | 'language' | 'timeZone' | 'crossDepartment';
/** Order in which criteria appear in every score breakdown. */
export const MATCHING_CRITERIA: readonly MatchingCriterion[] = ['skills', 'goals', 'interests', 'language', 'timeZone', 'crossDepartment'];

export type MatchingObjective = 'most-participation' | 'best-quality';

export interface MustHaveCriterion {
  attribute: string;
  /** Mentor and mentee must carry the same (trimmed, case-insensitive) value; a missing value never matches. */
  mode: 'equal';
}

export interface MatchingPolicy {
  /** Non-negative weights; the score is their weighted average (at least one must be positive). */
  weights: Record<MatchingCriterion, number>;
  mustHaves: MustHaveCriterion[];
  /**
   * Hard filter on the time-zone difference around the clock (at most 12 h apart), in hours, within [0, 26]
   * (12 or more disables it).
   */
  maxTimeZoneDifferenceHours: number;
  /**
   * `most-participation`: first maximize the number of matched mentees, then the total score.
   * `best-quality`: maximize the total score using only pairs scoring at least `minimumScore`
   * (ties: more matched mentees); a mentee may stay unmatched.
   */
  objective: MatchingObjective;
  /** 0–100, resolution 0.001. Used by `best-quality`. Neither objective ever proposes a pair scoring 0. */
  minimumScore: number;
}

/** Tuning knobs. They change running time, never the meaning of an optimal answer. */
export interface MatchingOptions {
  /**
   * K: each mentee keeps edges to its K best feasible mentors (score desc, then mentor id). Default 20.
   * `Infinity` keeps every feasible pair (the candidate graph is then the whole graph).
   */
  candidatesPerMentee?: number;
  /**
   * Each mentor also keeps edges to its best `candidatesPerMentorSlot × capacity` mentees, so that a mentor who
   * is nobody's top-K still gets candidates (no starving behind a few popular mentors). Default: K.
   */
  candidatesPerMentorSlot?: number;
  /**
   * After solving on the candidate graph, the optimal dual prices are checked against every pruned pair. If
   * none could improve the result, the answer is proven optimal over the whole graph; otherwise the improving
   * pairs are added and the problem is solved again, at most this many extra times. Default 2; 0 disables.
   */
  pricingRounds?: number;
  /** Called at phase boundaries (e.g. to sample memory in a benchmark). Must not affect the result. */
  observe?: (phase: MatchingPhase) => void;
}

export type MatchingPhase = 'prepared' | 'candidates' | 'solved' | 'priced' | 'done';

export interface MatchingInput {
  mentors: readonly MatchingParticipant[];
  mentees: readonly MatchingParticipant[];
  policy: MatchingPolicy;
  /**
   * Org chart, employee id → manager employee id (null for the top). Participants' own `managerId` always
   * applies on top of it; pass extra entries here for managers who are not participants so that skip-level
   * chains are known. Defaults to the chart built from the participants alone (`buildOrgChart`).
   */
  managerOf?: ReadonlyMap<string, string | null>;
  options?: MatchingOptions;
  /**
   * Pairs that may not be proposed (a manager rejected them or one side declined them earlier in the program,
   * and no manager lifted the exclusion): the `excluded` hard filter. Ids not in the cohort are ignored.
   */
  excludedPairs?: readonly ExcludedPair[];
}

export interface ExcludedPair {
  menteeId: string;
  mentorId: string;
  /** Why, for the explanation (e.g. "rejected by a program manager on 2026-11-21"). */
  reason: string;
}

export interface CriterionScore {
  criterion: MatchingCriterion;
  weight: number;
  /** Sub-score in [0, 1]. */
  value: number;
  /** Points this criterion adds to the total: 100 × weight × value / Σ weights (rounded to 0.001). */
  contribution: number;
  /** Human-readable explanation, e.g. "offers 2 of 3 sought skills: kafka, typescript". */
  reason: string;
}

export interface ScoreBreakdown {
  /** 0–100, rounded to 0.001 (the value the optimizer uses). */
  total: number;
  criteria: CriterionScore[];
}

export type HardFilter = 'capacity' | 'same-person' | 'reporting-line' | 'language' | 'time-zone' | 'must-have' | 'excluded';
/** Every hard filter, in the order explanations list them. */
export const HARD_FILTERS: readonly HardFilter[] = ['excluded', 'language', 'time-zone', 'reporting-line', 'must-have', 'capacity', 'same-person'];
/** How an explanation names a filter that eliminated mentors. */
export const HARD_FILTER_LABELS: Record<HardFilter, string> = {
  excluded: 'rejected or declined earlier',
  language: 'no shared language',
  'time-zone': 'time zones too far apart',
  'reporting-line': 'same reporting line',
  'must-have': 'must-have criterion not met',
  capacity: 'capacity full',
  'same-person': 'same person',
};

export interface HardFilterViolation {
  filter: HardFilter;
  reason: string;
}

export interface PairExplanation {
  menteeId: string;
  mentorId: string;
  feasible: boolean;
  violations: HardFilterViolation[];
  score: ScoreBreakdown;
}

export interface MatchProposal {
  menteeId: string;
  mentorId: string;
  score: ScoreBreakdown;
}

export type UnmatchedReason = 'no-feasible-mentor' | 'below-minimum-score' | 'capacity-exhausted';

export interface UnmatchedMentee {
  menteeId: string;
  /**
   * `no-feasible-mentor`: every mentor fails a hard filter. `below-minimum-score`: some pass, but none scores
   * above 0 (and at least `minimumScore` for best-quality). `capacity-exhausted`: eligible mentors exist but their
   * capacity went to others in the optimal assignment.
   */
  reason: UnmatchedReason;
  /** What the manager can change: how many mentors each hard filter eliminated, and the best near-miss. */
  explanation: UnmatchedExplanation;
}

export interface UnmatchedExplanation {
  /** Mentors considered. A mentor failing several filters counts under each. */
  mentors: number;
  /** Per hard filter, how many mentors it eliminated (only filters that eliminated someone). */
  eliminatedBy: Partial<Record<HardFilter, number>>;
  /** Mentors passing every hard filter, and those of them the objective could propose. */
  feasibleMentors: number;
  eligibleMentors: number;
  /** e.g. "no shared language: 5; capacity full: 2; same reporting line: 1". */
  summary: string;
  /**
   * The closest mentor: fewest failed hard filters, then best score, then id. For a capacity-exhausted mentee
   * this is the best eligible mentor (no violations; their capacity went to others).
   */
  nearMiss: { mentorId: string; violations: HardFilterViolation[]; score: number } | null;
}

export interface MatchingStats {
  mentees: number;
  mentors: number;
  /** Σ mentor capacities. */
  totalCapacity: number;
  /** Pairs passing every hard filter. */
  feasiblePairs: number;
  /** Feasible pairs the objective may propose (score > 0, and ≥ minimumScore for best-quality). */
  eligiblePairs: number;
  /** Edges of the candidate graph the optimizer finally worked on. */
  candidateEdges: number;
  /** K, or 'all' when unlimited. */
  candidatesPerMentee: number | 'all';
  /** Extra solves triggered by the pricing check. */
  pricingRounds: number;
  /**
   * `global`: proven optimal over every eligible pair (no pruning, or the pricing check found no improving pair).
   * `candidate-graph`: optimal over the candidate graph only. `heuristic`: the greedy baseline (no guarantee).
   */
  optimality: 'global' | 'candidate-graph' | 'heuristic';
  matched: number;
}

export interface MatchingResult {
  algorithmVersion: string;
  objective: MatchingObjective;
  /** `inputFingerprint(input)`: equal fingerprints ⇒ equal results. */
  inputFingerprint: string;
  /** Sorted by mentee id. */
  proposals: MatchProposal[];
  /** Sorted by mentee id. */
  unmatchedMentees: UnmatchedMentee[];
  /** Σ proposal scores (exact to 0.001). */
  totalScore: number;
  stats: MatchingStats;
}
