/**
 * A validated, canonical, interned view of a matching input: hard filters and the compatibility score,
 * fast enough to evaluate tens of millions of mentor–mentee pairs. This is what the matchers work on; it puts
 * together the canonical input (`canonical-input.ts`), its interned form (`interned-cohort.ts`), the hard
 * filters (`hard-filters.ts`) and the score (`pair-score.ts`). Mentees are indexed `e`, mentors `m`, both in
 * canonical (id) order.
 */
import { canonicalCohort, type CanonicalCohort, type CanonicalOptions, type CanonicalParticipant, type CanonicalPolicy } from './canonical-input';
import { HardFilters } from './hard-filters';
import { internCohort } from './interned-cohort';
import { PairScore } from './pair-score';
import { SCORE_SCALE } from './score-scale';
import type { HardFilterViolation, MatchingInput, ScoreBreakdown } from './types';

export class Cohort {
  readonly mentees: CanonicalParticipant[];
  readonly mentors: CanonicalParticipant[];
  readonly policy: CanonicalPolicy;
  readonly options: CanonicalOptions;
  /** Excluded pairs (canonical order). */
  readonly excluded: CanonicalCohort['excluded'];
  /** Mentor capacities, capped at the number of mentees. */
  readonly capacity: Int32Array;
  /** Smallest score (in units) a proposable pair must reach: 1 (never 0), or minimumScore for best-quality. */
  readonly minEligibleUnits: number;
  /** Output buffers of `feasibleMentors`. */
  readonly found: { mentors: Int32Array; units: Int32Array };

  private readonly filters: HardFilters;
  private readonly score: PairScore;

  constructor(input: MatchingInput) {
    const canonical = canonicalCohort(input);
    this.policy = canonical.policy;
    this.options = canonical.options;
    this.mentors = canonical.mentors;
    this.mentees = canonical.mentees;
    this.excluded = canonical.excluded;
    this.minEligibleUnits = this.policy.objective === 'best-quality' ? Math.max(1, Math.round(this.policy.minimumScore * SCORE_SCALE)) : 1;

    const interned = internCohort(this.mentees, this.mentors);
    const n = this.mentees.length;
    this.capacity = Int32Array.from(this.mentors.map((p) => Math.min(p.capacity, n)));
    const maxTzMinutes = Math.round(this.policy.maxTimeZoneDifferenceHours * 60);
    this.filters = new HardFilters(
      this.mentees,
      this.mentors,
      interned.mentees,
      interned.mentors,
      interned.employeeCount,
      this.capacity,
      this.policy.mustHaves,
      maxTzMinutes,
      this.excludedPairs(),
    );
    this.score = new PairScore(this.policy, this.mentees, this.mentors, interned.mentees, interned.mentors, maxTzMinutes);
    this.found = { mentors: new Int32Array(this.mentors.length), units: new Int32Array(this.mentors.length) };
  }

  /** Excluded pairs as mentee index → (mentor index → reason). */
  private excludedPairs(): Map<number, Map<number, string>> {
    const menteeIndex = new Map(this.mentees.map((p, i) => [p.participantId, i]));
    const mentorIndex = new Map(this.mentors.map((p, i) => [p.participantId, i]));
    const out = new Map<number, Map<number, string>>();
    for (const x of this.excluded) {
      const e = menteeIndex.get(x.menteeId)!;
      let row = out.get(e);
      if (!row) out.set(e, (row = new Map()));
      row.set(mentorIndex.get(x.mentorId)!, x.reason);
    }
    return out;
  }

  get menteeCount(): number {
    return this.mentees.length;
  }

  get mentorCount(): number {
    return this.mentors.length;
  }

  /**
   * Lists every mentor passing all hard filters for mentee `e` into `found.mentors[0…count-1]` with their scores
   * in `found.units` (in time-zone order, not id order) and returns the count. This is the hot loop of a run;
   * the buffers are reused by the next call.
   */
  feasibleMentors(e: number): number {
    const { mentors, units } = this.found;
    const count = this.filters.feasibleMentors(e, mentors);
    for (let i = 0; i < count; i++) units[i] = this.score.feasibleUnits(e, mentors[i]);
    return count;
  }

  /** Same filters as `feasibleMentors`, for one pair: the score in units, or −1 when a hard filter fails. */
  unitsIfFeasible(e: number, m: number): number {
    return this.filters.feasible(e, m) ? this.score.feasibleUnits(e, m) : -1;
  }

  /** The pair's score in thousandths of a point (the exact integer the optimizer uses). */
  scoreUnits(e: number, m: number): number {
    return this.score.units(e, m);
  }

  isEligibleScore(units: number): boolean {
    return units >= this.minEligibleUnits;
  }

  /** The hard filters the pair fails, as a bit set (bit i = `HARD_FILTERS[i]`); cheap, for explanations. */
  failedFilters(e: number, m: number): number {
    return this.filters.failedMask(e, m);
  }

  /** Every hard filter the pair fails, with a human reason (empty when the pair is feasible). */
  violations(e: number, m: number): HardFilterViolation[] {
    return this.filters.violations(e, m);
  }

  /** The explainable score of a pair (whether or not it is feasible). */
  explain(e: number, m: number): ScoreBreakdown {
    return this.score.explain(e, m);
  }
}
