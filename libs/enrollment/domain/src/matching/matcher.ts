/**
 * Whole-cohort mentor–mentee matching.
 *
 * 1. `Cohort` validates and canonicalizes the input (participants sorted by id, tokens normalized).
 * 2. Hard filters (capacity, same person, reporting line, shared language, time-zone window, must-haves) and
 *    the explainable 0–100 score are evaluated for every pair; each mentee keeps its K best eligible mentors
 *    and each mentor its best K × capacity mentees (the candidate graph, `candidates.ts`).
 * 3. The assignment maximizing the objective over the candidate graph is computed exactly as a min-cost flow
 *    (`min-cost-flow.ts`), with integer weights:
 *      most-participation  weight = BIG + score, BIG = 100 000 × mentees + 1 > any total score,
 *                          so one more matched mentee always beats any gain in score (lexicographic);
 *      best-quality        weight = score × (mentees + 1) + 1 on pairs scoring ≥ minimumScore,
 *                          i.e. maximize the total score, then (ties only) the number matched.
 *    Scores are integers in thousandths of a point, so optimality is exact, not up to rounding.
 * 4. Pricing: the solver's potentials are a dual certificate; every pruned eligible pair is checked against them.
 *    No negative reduced cost ⇒ the answer is optimal over all pairs (`stats.optimality = 'global'`). Otherwise
 *    those pairs join the candidate graph and the problem is solved again (`options.pricingRounds` times at most).
 *    With K = Infinity (or K ≥ number of mentors) nothing is pruned and the answer is optimal by construction.
 *
 * Determinism: no clock, no randomness, participants processed in id order, every tie broken by index (= id
 * order), integer arithmetic. Same canonical input (`inputFingerprint`) ⇒ same result.
 */
import { InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { priceOut, scanCandidates, type CandidateScan } from './candidates';
import { Cohort } from './cohort';
import { inputFingerprint } from './fingerprint';
import { assignmentMagnitudeIsSafe, solveAssignment, type AssignmentProblem } from './min-cost-flow';
import { MAX_SCORE_UNITS, SCORE_SCALE } from './score-scale';
import { explainUnmatched } from './unmatched';
import {
  MATCHING_ALGORITHM_VERSION,
  type MatchingInput,
  type MatchingResult,
  type MatchingStats,
  type MatchProposal,
  type PairExplanation,
  type UnmatchedMentee,
  type UnmatchedReason,
} from './types';

/** The integer weight the optimizer maximizes for a pair scoring `units` (thousandths of a point). */
export function objectiveWeight(cohort: Cohort): (units: number) => number {
  const n = cohort.menteeCount;
  if (cohort.policy.objective === 'most-participation') {
    const big = MAX_SCORE_UNITS * n + 1;
    return (units) => big + units;
  }
  return (units) => units * (n + 1) + 1;
}

function problemOf(cohort: Cohort, keys: Float64Array, weightOf: (units: number) => number): AssignmentProblem & { units: Int32Array } {
  const n = cohort.menteeCount;
  const mentorCount = cohort.mentorCount;
  const start = new Int32Array(n + 1);
  const to = new Int32Array(keys.length);
  const units = new Int32Array(keys.length);
  const weight = new Float64Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const e = Math.floor(keys[i] / mentorCount);
    const m = keys[i] - e * mentorCount;
    start[e + 1]++;
    to[i] = m;
    units[i] = cohort.scoreUnits(e, m);
    weight[i] = weightOf(units[i]);
  }
  for (let e = 0; e < n; e++) start[e + 1] += start[e];
  return { mentees: n, capacity: cohort.capacity, start, to, weight, units };
}

export function unmatchedReason(scan: Pick<CandidateScan, 'feasibleByMentee' | 'eligibleByMentee'>, e: number): UnmatchedReason {
  if (scan.eligibleByMentee[e] > 0) return 'capacity-exhausted';
  if (scan.feasibleByMentee[e] > 0) return 'below-minimum-score';
  return 'no-feasible-mentor';
}

/** Builds the result from "mentor index per mentee" (−1 = unmatched). Shared with the greedy baseline. */
export function resultOf(
  cohort: Cohort,
  algorithmVersion: string,
  mentorOf: Int32Array,
  scan: Pick<CandidateScan, 'feasibleByMentee' | 'eligibleByMentee' | 'feasiblePairs' | 'eligiblePairs'>,
  extra: Pick<MatchingStats, 'candidateEdges' | 'pricingRounds' | 'optimality'>,
): MatchingResult {
  const proposals: MatchProposal[] = [];
  const unmatchedMentees: UnmatchedMentee[] = [];
  let totalUnits = 0;
  cohort.mentees.forEach((mentee, e) => {
    const m = mentorOf[e];
    if (m < 0) {
      const explanation = explainUnmatched(cohort, e, scan.feasibleByMentee[e], scan.eligibleByMentee[e]);
      unmatchedMentees.push({ menteeId: mentee.participantId, reason: unmatchedReason(scan, e), explanation });
      return;
    }
    const score = cohort.explain(e, m);
    totalUnits += Math.round(score.total * SCORE_SCALE);
    proposals.push({ menteeId: mentee.participantId, mentorId: cohort.mentors[m].participantId, score });
  });
  const k = cohort.options.candidatesPerMentee;
  return {
    algorithmVersion,
    objective: cohort.policy.objective,
    inputFingerprint: inputFingerprint(cohort),
    proposals,
    unmatchedMentees,
    totalScore: totalUnits / SCORE_SCALE,
    stats: {
      mentees: cohort.menteeCount,
      mentors: cohort.mentorCount,
      totalCapacity: cohort.mentors.reduce((sum, p) => sum + p.capacity, 0),
      feasiblePairs: scan.feasiblePairs,
      eligiblePairs: scan.eligiblePairs,
      candidateEdges: extra.candidateEdges,
      candidatesPerMentee: k,
      pricingRounds: extra.pricingRounds,
      optimality: extra.optimality,
      matched: proposals.length,
    },
  };
}

/** Optimal whole-cohort matching (see the module comment). Throws InvalidCommandError on invalid input. */
export function matchCohort(input: MatchingInput): MatchingResult {
  const observe = input.options?.observe ?? (() => undefined);
  const cohort = new Cohort(input);
  observe('prepared');
  const n = cohort.menteeCount;
  const weightOf = objectiveWeight(cohort);
  if (!assignmentMagnitudeIsSafe(n + cohort.mentorCount + 1, weightOf(MAX_SCORE_UNITS))) {
    throw new InvalidCommandError('The cohort is too large to match exactly in one run', 'matching.cohort_too_large', { mentees: n, mentors: cohort.mentorCount });
  }
  const scan = scanCandidates(cohort);
  observe('candidates');

  let keys = scan.keys;
  let rounds = 0;
  let optimality: MatchingStats['optimality'] = scan.pruned ? 'candidate-graph' : 'global';
  let problem = problemOf(cohort, keys, weightOf);
  let solution = solveAssignment(problem);
  observe('solved');
  const maxRounds = cohort.options.pricingRounds;
  const perMentee = cohort.options.candidatesPerMentee === 'all' ? cohort.mentorCount : cohort.options.candidatesPerMentee;
  while (scan.pruned && maxRounds > 0) {
    const added = priceOut(cohort, scan, keys, solution.potential, weightOf, perMentee);
    observe('priced');
    if (added.length === 0) {
      optimality = 'global';
      break;
    }
    if (rounds === maxRounds) break;
    rounds++;
    const merged = new Float64Array(keys.length + added.length);
    merged.set(keys);
    merged.set(added, keys.length);
    keys = merged.sort();
    problem = problemOf(cohort, keys, weightOf);
    solution = solveAssignment(problem);
    observe('solved');
  }

  const mentorOf = new Int32Array(n).fill(-1);
  for (let e = 0; e < n; e++) {
    const edge = solution.edgeOf[e];
    if (edge >= 0) mentorOf[e] = problem.to[edge];
  }
  const result = resultOf(cohort, MATCHING_ALGORITHM_VERSION, mentorOf, scan, { candidateEdges: keys.length, pricingRounds: rounds, optimality });
  observe('done');
  return result;
}

/**
 * Why a given pair is (or is not) feasible, and how it scores: for program managers reviewing or overriding a
 * proposal. Uses the same filters and score as the matcher.
 */
export function explainPair(input: MatchingInput, menteeId: string, mentorId: string): PairExplanation {
  const cohort = new Cohort(input);
  const e = cohort.mentees.findIndex((p) => p.participantId === menteeId);
  const m = cohort.mentors.findIndex((p) => p.participantId === mentorId);
  if (e < 0) throw new NotFoundError(`No mentee ${menteeId} in this cohort`, 'matching.participant_not_found', { participantId: menteeId });
  if (m < 0) throw new NotFoundError(`No mentor ${mentorId} in this cohort`, 'matching.participant_not_found', { participantId: mentorId });
  const violations = cohort.violations(e, m);
  return { menteeId, mentorId, feasible: violations.length === 0, violations, score: cohort.explain(e, m) };
}
