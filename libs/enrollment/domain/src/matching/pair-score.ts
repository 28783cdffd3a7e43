/**
 * The compatibility score of a pair: `100 × Σ wᵢ·vᵢ / Σ wᵢ` over the criteria, as an integer in thousandths of a
 * point, and its explanation (weight, value, points and a reason per criterion).
 */
import type { CanonicalParticipant, CanonicalPolicy } from './canonical-input';
import type { InternedSide } from './interned-cohort';
import { fmtHours, fmtList, intersectStrings } from './reason-text';
import { tzDistanceMinutes, workingHoursOverlapMinutes } from './time-zones';
import { MAX_SCORE_UNITS, round3, SCORE_SCALE } from './score-scale';
import { intersectionSize, intersects, jaccard } from './sorted-int-sets';
import { MATCHING_CRITERIA, type CriterionScore, type ScoreBreakdown } from './types';

/** Index of criteria in the value vectors. */
const SKILLS = 0;
const GOALS = 1;
const INTERESTS = 2;
const LANGUAGE = 3;
const TIME_ZONE = 4;
const DEPARTMENT = 5;

export class PairScore {
  private readonly weights: Float64Array;
  private readonly weightSum: number;
  private readonly values = new Float64Array(6);

  constructor(
    policy: CanonicalPolicy,
    private readonly mentees: CanonicalParticipant[],
    private readonly mentors: CanonicalParticipant[],
    private readonly eSide: InternedSide,
    private readonly mSide: InternedSide,
    private readonly maxTzMinutes: number,
  ) {
    const w = policy.weights;
    this.weights = Float64Array.from(MATCHING_CRITERIA.map((c) => w[c]));
    this.weightSum = this.weights.reduce((a, b) => a + b, 0);
  }

  /** The pair's score in thousandths of a point (the exact integer the optimizer uses). */
  units(e: number, m: number): number {
    this.computeValues(e, m, this.values);
    return this.combine(this.values[0], this.values[1], this.values[2], this.values[3], this.values[4], this.values[5]);
  }

  /** `units` for a pair known to pass the hard filters (so it shares a language): the hot path, same numbers. */
  feasibleUnits(e: number, m: number): number {
    const es = this.eSide;
    const ms = this.mSide;
    const sought = es.skills.size(e);
    const skills = sought === 0 ? 0 : intersectionSize(es.skills, e, ms.skills, m) / sought;
    const goals = jaccard(es.goals, e, ms.goals, m);
    const interests = jaccard(es.interests, e, ms.interests, m);
    const diff = tzDistanceMinutes(es.tz[e], ms.tz[m]);
    const tz = this.maxTzMinutes > 0 ? Math.max(0, 1 - diff / this.maxTzMinutes) : diff === 0 ? 1 : 0;
    return this.combine(skills, goals, interests, 1, tz, es.dept[e] !== ms.dept[m] ? 1 : 0);
  }

  /** The explainable score of a pair (whether or not it is feasible). */
  explain(e: number, m: number): ScoreBreakdown {
    const values = new Float64Array(6);
    this.computeValues(e, m, values);
    const mentee = this.mentees[e];
    const mentor = this.mentors[m];
    const reasons: string[] = [];
    {
      const shared = intersectStrings(mentee.skills, mentor.skills);
      reasons[SKILLS] =
        mentee.skills.length === 0
          ? 'the mentee listed no sought skills'
          : shared.length === 0
            ? `offers none of the ${mentee.skills.length} sought skills`
            : `offers ${shared.length} of ${mentee.skills.length} sought skills: ${fmtList(shared)}`;
    }
    const overlap = (a: string[], b: string[], noun: string) => {
      if (a.length === 0 && b.length === 0) return `neither listed ${noun}`;
      const shared = intersectStrings(a, b);
      const union = a.length + b.length - shared.length;
      return shared.length === 0 ? `no ${noun} in common (${union} listed)` : `${shared.length} of ${union} ${noun} in common: ${fmtList(shared)}`;
    };
    reasons[GOALS] = overlap(mentee.goals, mentor.goals, 'goals');
    reasons[INTERESTS] = overlap(mentee.interests, mentor.interests, 'interests');
    {
      const shared = intersectStrings(mentee.languages, mentor.languages);
      reasons[LANGUAGE] = shared.length === 0 ? 'no shared language' : `both speak ${fmtList(shared)}`;
    }
    {
      const diff = tzDistanceMinutes(mentee.timeZoneOffsetMinutes, mentor.timeZoneOffsetMinutes);
      const overlap = fmtHours(workingHoursOverlapMinutes(mentee.timeZoneOffsetMinutes, mentor.timeZoneOffsetMinutes));
      reasons[TIME_ZONE] =
        diff === 0
          ? `same time zone (window ${fmtHours(this.maxTzMinutes)})`
          : `time zones ${fmtHours(diff)} apart, ${overlap} of shared working hours (window ${fmtHours(this.maxTzMinutes)})`;
    }
    reasons[DEPARTMENT] =
      mentee.department === mentor.department ? `same department (${mentee.department || 'unknown'})` : `different departments (mentee: ${mentee.department || 'unknown'}; mentor: ${mentor.department || 'unknown'})`;
    const criteria: CriterionScore[] = MATCHING_CRITERIA.map((criterion, i) => ({
      criterion,
      weight: this.weights[i],
      value: round3(values[i]),
      contribution: round3((100 * this.weights[i] * values[i]) / this.weightSum),
      reason: reasons[i],
    }));
    return { total: this.combine(values[0], values[1], values[2], values[3], values[4], values[5]) / SCORE_SCALE, criteria };
  }

  /** Sub-scores in [0, 1], in `MATCHING_CRITERIA` order. */
  private computeValues(e: number, m: number, out: Float64Array): void {
    const es = this.eSide;
    const ms = this.mSide;
    const sought = es.skills.size(e);
    out[SKILLS] = sought === 0 ? 0 : intersectionSize(es.skills, e, ms.skills, m) / sought;
    out[GOALS] = jaccard(es.goals, e, ms.goals, m);
    out[INTERESTS] = jaccard(es.interests, e, ms.interests, m);
    out[LANGUAGE] = intersects(es.lang, e, ms.lang, m) ? 1 : 0;
    const diff = tzDistanceMinutes(es.tz[e], ms.tz[m]);
    out[TIME_ZONE] = this.maxTzMinutes > 0 ? Math.max(0, 1 - diff / this.maxTzMinutes) : diff === 0 ? 1 : 0;
    out[DEPARTMENT] = es.dept[e] !== ms.dept[m] ? 1 : 0;
  }

  /** Weighted average × 100, rounded to thousandths of a point, as an integer. The one place a score is made. */
  private combine(skills: number, goals: number, interests: number, language: number, timeZone: number, department: number): number {
    const w = this.weights;
    const sum = w[0] * skills + w[1] * goals + w[2] * interests + w[3] * language + w[4] * timeZone + w[5] * department;
    return Math.min(MAX_SCORE_UNITS, Math.round(((100 * sum) / this.weightSum) * SCORE_SCALE));
  }
}
