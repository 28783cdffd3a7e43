/**
 * Why a mentee stayed unmatched, in terms a program manager can act on: how many mentors each hard filter
 * eliminated ("no shared language: 5; capacity full: 2; same reporting line: 1") and the closest mentor.
 * Computed for unmatched mentees only, with the cheap bit-set check over every mentor.
 */
import type { Cohort } from './cohort';
import { HARD_FILTER_LABELS, HARD_FILTERS, type HardFilter, type UnmatchedExplanation } from './types';

const popcount = (x: number) => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
};

export function explainUnmatched(cohort: Cohort, e: number, feasibleMentors: number, eligibleMentors: number): UnmatchedExplanation {
  const counts = new Int32Array(HARD_FILTERS.length);
  let best = -1;
  let bestFailed = Infinity;
  let bestUnits = -1;
  for (let m = 0; m < cohort.mentorCount; m++) {
    const mask = cohort.failedFilters(e, m);
    for (let i = 0; i < HARD_FILTERS.length; i++) if (mask & (1 << i)) counts[i]++;
    const failed = popcount(mask);
    if (failed > bestFailed) continue;
    const units = cohort.scoreUnits(e, m);
    // A feasible mentor is a near-miss only if the objective could propose them (capacity-exhausted mentees).
    if (failed === 0 && !cohort.isEligibleScore(units)) continue;
    if (failed < bestFailed || units > bestUnits) {
      best = m;
      bestFailed = failed;
      bestUnits = units;
    }
  }
  const eliminatedBy: Partial<Record<HardFilter, number>> = {};
  const parts: { filter: HardFilter; count: number }[] = [];
  HARD_FILTERS.forEach((filter, i) => {
    if (counts[i] > 0) {
      eliminatedBy[filter] = counts[i];
      parts.push({ filter, count: counts[i] });
    }
  });
  parts.sort((a, b) => b.count - a.count || HARD_FILTERS.indexOf(a.filter) - HARD_FILTERS.indexOf(b.filter));
  const eliminated = parts.map((p) => `${HARD_FILTER_LABELS[p.filter]}: ${p.count}`);
  if (feasibleMentors > eligibleMentors) eliminated.push(`score below the minimum: ${feasibleMentors - eligibleMentors}`);
  if (eligibleMentors > 0) eliminated.push(`taken by other mentees in this run: ${eligibleMentors}`);
  const summary = cohort.mentorCount === 0 ? 'no mentors with free capacity in this run' : eliminated.join('; ');
  return {
    mentors: cohort.mentorCount,
    eliminatedBy,
    feasibleMentors,
    eligibleMentors,
    summary,
    nearMiss: best < 0 ? null : { mentorId: cohort.mentors[best].participantId, violations: cohort.violations(e, best), score: cohort.explain(e, best).total },
  };
}
