/**
 * Property-based checks of the matcher against a deliberately naive reference: string sets, a plain
 * chain walk, and brute-force enumeration of every assignment of small random cohorts.
 */
import fc from 'fast-check';
import {
  explainPair,
  greedyMatch,
  matchCohort,
  type MatchingInput,
  type MatchingObjective,
  type MatchingParticipant,
  type MatchingPolicy,
  type MatchingResult,
} from './index';
import { Cohort } from './cohort';

// ---- naive reference ------------------------------------------------------------------------------------

const norm = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
const normSet = (xs: readonly string[] | undefined) => [...new Set((xs ?? []).map(norm).filter((x) => x !== ''))];
const shared = (a: string[], b: string[]) => a.filter((x) => b.includes(x)).length;

function chainOf(p: MatchingParticipant, chart: Map<string, string | null>): string[] {
  const out: string[] = [];
  let current = p.managerId;
  while (current !== null && current !== undefined && current !== p.employeeId && !out.includes(current)) {
    out.push(current);
    current = chart.get(current) ?? null;
  }
  return out;
}

function referenceChart(input: MatchingInput): Map<string, string | null> {
  const chart = new Map(input.managerOf ?? []);
  for (const p of [...input.mentors, ...input.mentees]) chart.set(p.employeeId, p.managerId);
  return chart;
}

function referenceFeasible(input: MatchingInput, mentor: MatchingParticipant, mentee: MatchingParticipant): boolean {
  const chart = referenceChart(input);
  const policy = input.policy;
  if ((mentor.mentorCapacity ?? 1) < 1) return false;
  if (mentor.participantId === mentee.participantId || mentor.employeeId === mentee.employeeId) return false;
  if (chainOf(mentee, chart).includes(mentor.employeeId) || chainOf(mentor, chart).includes(mentee.employeeId)) return false;
  if (mentee.managerId !== null && mentee.managerId === mentor.managerId) return false;
  if (shared(normSet(mentee.languages), normSet(mentor.languages)) === 0) return false;
  if (Math.abs(mentee.timeZoneOffsetMinutes - mentor.timeZoneOffsetMinutes) > Math.round(policy.maxTimeZoneDifferenceHours * 60)) return false;
  for (const { attribute } of policy.mustHaves) {
    const a = mentee.attributes?.[attribute];
    const b = mentor.attributes?.[attribute];
    if (a === undefined || b === undefined || norm(a) === '' || norm(a) !== norm(b)) return false;
  }
  return true;
}

/** Score in thousandths of a point, computed the textbook way (same arithmetic order as the matcher). */
function referenceUnits(policy: MatchingPolicy, mentor: MatchingParticipant, mentee: MatchingParticipant): number {
  const jaccard = (a: string[], b: string[]) => (a.length + b.length === 0 ? 0 : shared(a, b) / (a.length + b.length - shared(a, b)));
  const sought = normSet(mentee.skillsSought);
  const maxMinutes = Math.round(policy.maxTimeZoneDifferenceHours * 60);
  const diff = Math.abs(mentee.timeZoneOffsetMinutes - mentor.timeZoneOffsetMinutes);
  const values = [
    sought.length === 0 ? 0 : shared(sought, normSet(mentor.skillsOffered)) / sought.length,
    jaccard(normSet(mentee.goals), normSet(mentor.goals)),
    jaccard(normSet(mentee.interests), normSet(mentor.interests)),
    shared(normSet(mentee.languages), normSet(mentor.languages)) > 0 ? 1 : 0,
    maxMinutes > 0 ? Math.max(0, 1 - diff / maxMinutes) : diff === 0 ? 1 : 0,
    norm(mentee.department) !== norm(mentor.department) ? 1 : 0,
  ];
  const w = policy.weights;
  const weights = [w.skills, w.goals, w.interests, w.language, w.timeZone, w.crossDepartment];
  const sum = weights[0] * values[0] + weights[1] * values[1] + weights[2] * values[2] + weights[3] * values[3] + weights[4] * values[4] + weights[5] * values[5];
  const total = weights.reduce((a, b) => a + b, 0);
  return Math.min(100_000, Math.round(((100 * sum) / total) * 1000));
}

interface Edge {
  mentee: number;
  mentor: number;
  units: number;
}

function eligibleEdges(input: MatchingInput): { edges: Edge[]; feasible: number } {
  const min = input.policy.objective === 'best-quality' ? Math.max(1, Math.round(input.policy.minimumScore * 1000)) : 1;
  const edges: Edge[] = [];
  let feasible = 0;
  input.mentees.forEach((e, i) =>
    input.mentors.forEach((m, j) => {
      if (!referenceFeasible(input, m, e)) return;
      feasible++;
      const units = referenceUnits(input.policy, m, e);
      if (units >= min) edges.push({ mentee: i, mentor: j, units });
    }),
  );
  return { edges, feasible };
}

/** The optimum (matched, total units) by enumerating every assignment. */
function bruteForce(input: MatchingInput): { matched: number; units: number } {
  const { edges } = eligibleEdges(input);
  const room = input.mentors.map((m) => m.mentorCapacity ?? 1);
  const byMentee = input.mentees.map((_, i) => edges.filter((e) => e.mentee === i));
  const better = (a: [number, number], b: [number, number]) =>
    input.policy.objective === 'most-participation' ? a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]) : a[1] > b[1] || (a[1] === b[1] && a[0] > b[0]);
  let best: [number, number] = [0, 0];
  const walk = (i: number, matched: number, units: number) => {
    if (i === input.mentees.length) {
      if (better([matched, units], best)) best = [matched, units];
      return;
    }
    walk(i + 1, matched, units);
    for (const edge of byMentee[i]) {
      if (room[edge.mentor] === 0) continue;
      room[edge.mentor]--;
      walk(i + 1, matched + 1, units + edge.units);
      room[edge.mentor]++;
    }
  };
  walk(0, 0, 0);
  return { matched: best[0], units: best[1] };
}

/** Greedy by (score desc, mentee id, mentor id) over all eligible pairs, materialized. */
function referenceGreedy(input: MatchingInput): string[] {
  const { edges } = eligibleEdges(input);
  const id = (p: MatchingParticipant) => p.participantId;
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  edges.sort((a, b) => b.units - a.units || cmp(id(input.mentees[a.mentee]), id(input.mentees[b.mentee])) || cmp(id(input.mentors[a.mentor]), id(input.mentors[b.mentor])));
  const room = input.mentors.map((m) => m.mentorCapacity ?? 1);
  const taken = new Set<number>();
  const out: string[] = [];
  for (const edge of edges) {
    if (taken.has(edge.mentee) || room[edge.mentor] === 0) continue;
    taken.add(edge.mentee);
    room[edge.mentor]--;
    out.push(`${id(input.mentees[edge.mentee])}->${id(input.mentors[edge.mentor])}`);
  }
  return out.sort();
}

const unitsOf = (result: MatchingResult) => Math.round(result.totalScore * 1000);
const pairsOf = (result: MatchingResult) => result.proposals.map((p) => `${p.menteeId}->${p.mentorId}`).sort();

function expectValid(input: MatchingInput, result: MatchingResult): void {
  const mentors = new Map(input.mentors.map((m) => [m.participantId, m]));
  const mentees = new Map(input.mentees.map((m) => [m.participantId, m]));
  const load = new Map<string, number>();
  const seen = new Set<string>();
  for (const p of result.proposals) {
    const mentor = mentors.get(p.mentorId)!;
    const mentee = mentees.get(p.menteeId)!;
    expect(referenceFeasible(input, mentor, mentee)).toBe(true);
    expect(Math.round(p.score.total * 1000)).toBe(referenceUnits(input.policy, mentor, mentee));
    expect(seen.has(p.menteeId)).toBe(false);
    seen.add(p.menteeId);
    load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
  }
  for (const [id, n] of load) expect(n).toBeLessThanOrEqual(mentors.get(id)!.mentorCapacity ?? 1);
  expect(seen.size + result.unmatchedMentees.length).toBe(input.mentees.length);
  expect(result.totalScore * 1000).toBeCloseTo(result.proposals.reduce((s, p) => s + Math.round(p.score.total * 1000), 0), 6);
}

// ---- random cohorts ---------------------------------------------------------------------------------------

const SKILLS = ['a', 'b', 'c', 'd'];
const LANGS = ['en', 'de', 'FR'];
const EMPLOYEES = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'boss1', 'boss2'];

const participantArb = (role: 'mentor' | 'mentee', index: number) =>
  fc.record({
    employee: fc.constantFrom(...EMPLOYEES.slice(0, 10)),
    manager: fc.option(fc.constantFrom(...EMPLOYEES), { nil: null }),
    tz: fc.constantFrom(-120, 0, 60, 180, 300),
    languages: fc.subarray(LANGS),
    skills: fc.subarray(SKILLS),
    goals: fc.subarray(['g1', 'g2', 'g3']),
    interests: fc.subarray(['i1', 'i2', 'i3']),
    department: fc.constantFrom('d1', 'D1 ', 'd2'),
    capacity: fc.integer({ min: 1, max: 2 }),
    site: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }),
  }).map(
    (r): MatchingParticipant => ({
      participantId: `${role}-${index}`,
      employeeId: r.employee,
      managerId: r.manager,
      timeZoneOffsetMinutes: r.tz,
      languages: r.languages,
      skillsOffered: role === 'mentor' ? r.skills : undefined,
      skillsSought: role === 'mentee' ? r.skills : undefined,
      goals: r.goals,
      interests: r.interests,
      department: r.department,
      mentorCapacity: role === 'mentor' ? r.capacity : undefined,
      attributes: r.site === undefined ? {} : { site: r.site },
    }),
  );

const weightArb = fc.constantFrom(0, 1, 2, 3, 0.5);
const policyArb = (objective?: MatchingObjective) =>
  fc.record({
    weights: fc
      .record({ skills: weightArb, goals: weightArb, interests: weightArb, language: weightArb, timeZone: weightArb, crossDepartment: weightArb })
      .filter((w) => Object.values(w).some((x) => x > 0)),
    mustHaves: fc.boolean().map((on): MatchingPolicy['mustHaves'] => (on ? [{ attribute: 'site', mode: 'equal' }] : [])),
    maxTimeZoneDifferenceHours: fc.constantFrom(0, 2, 4, 26),
    objective: objective ? fc.constant(objective) : fc.constantFrom<MatchingObjective>('most-participation', 'best-quality'),
    minimumScore: fc.constantFrom(0, 30, 50, 70),
  });

const cohortArb = (options: MatchingInput['options'], objective?: MatchingObjective) =>
  fc
    .record({
      mentorCount: fc.integer({ min: 0, max: 4 }),
      menteeCount: fc.integer({ min: 0, max: 6 }),
      chart: fc.array(fc.tuple(fc.constantFrom(...EMPLOYEES), fc.option(fc.constantFrom(...EMPLOYEES), { nil: null })), { maxLength: 4 }),
      policy: policyArb(objective),
    })
    .chain(({ mentorCount, menteeCount, chart, policy }) =>
      fc
        .tuple(fc.tuple(...Array.from({ length: mentorCount }, (_, i) => participantArb('mentor', i))), fc.tuple(...Array.from({ length: menteeCount }, (_, i) => participantArb('mentee', i))))
        .map(([mentors, mentees]): MatchingInput => ({ mentors, mentees, policy, managerOf: new Map(chart), options })),
    );

const RUNS = Number(process.env.MATCHING_PROPERTY_RUNS ?? 300);

describe('cohort matching properties (small random cohorts, brute force)', () => {
  it('given any small cohort and K = ∞, when matched, then (matched, total) is the brute-force optimum for its objective', () => {
    fc.assert(
      fc.property(cohortArb({ candidatesPerMentee: Infinity }), (input) => {
        const result = matchCohort(input);
        const optimum = bruteForce(input);
        expect([result.stats.matched, unitsOf(result)]).toEqual([optimum.matched, optimum.units]);
        expect(result.stats.optimality).toBe('global');
      }),
      { numRuns: RUNS },
    );
  });

  it('given any small cohort, when matched, then every proposal passes every hard filter, capacities hold and scores match the reference', () => {
    fc.assert(
      fc.property(cohortArb({ candidatesPerMentee: Infinity }), (input) => {
        const result = matchCohort(input);
        expectValid(input, result);
        const { edges, feasible } = eligibleEdges(input);
        expect(result.stats.feasiblePairs).toBe(feasible);
        expect(result.stats.eligiblePairs).toBe(edges.length);
        for (const u of result.unmatchedMentees) {
          const i = input.mentees.findIndex((m) => m.participantId === u.menteeId);
          const anyFeasible = input.mentors.some((m) => referenceFeasible(input, m, input.mentees[i]));
          const anyEligible = edges.some((e) => e.mentee === i);
          expect(u.reason).toBe(anyEligible ? 'capacity-exhausted' : anyFeasible ? 'below-minimum-score' : 'no-feasible-mentor');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('given any pair, when explained, then feasibility and score agree with the reference', () => {
    fc.assert(
      fc.property(cohortArb(undefined), (input) => {
        for (const e of input.mentees) {
          for (const m of input.mentors) {
            const why = explainPair(input, e.participantId, m.participantId);
            expect(why.feasible).toBe(referenceFeasible(input, m, e));
            expect(Math.round(why.score.total * 1000)).toBe(referenceUnits(input.policy, m, e));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('given any cohort, when the fast scan, the single-pair check and the explanation are compared, then they agree', () => {
    fc.assert(
      fc.property(cohortArb(undefined), (input) => {
        const cohort = new Cohort(input);
        for (let e = 0; e < cohort.menteeCount; e++) {
          const count = cohort.feasibleMentors(e);
          const scanned = new Map(Array.from({ length: count }, (_, i) => [cohort.found.mentors[i], cohort.found.units[i]]));
          for (let m = 0; m < cohort.mentorCount; m++) {
            const single = cohort.unitsIfFeasible(e, m);
            expect(single).toBe(scanned.get(m) ?? -1);
            expect(cohort.violations(e, m).length === 0).toBe(single >= 0);
            expect(cohort.scoreUnits(e, m)).toBe(Math.round(cohort.explain(e, m).total * 1000));
            if (single >= 0) expect(single).toBe(cohort.scoreUnits(e, m));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('given best-quality, when compared with greedy, then the optimal total is never lower', () => {
    fc.assert(
      fc.property(cohortArb({ candidatesPerMentee: Infinity }, 'best-quality'), (input) => {
        expect(unitsOf(matchCohort(input))).toBeGreaterThanOrEqual(unitsOf(greedyMatch(input)));
      }),
      { numRuns: RUNS },
    );
  });

  it('given most-participation, when compared with greedy, then the optimal matches at least as many mentees', () => {
    fc.assert(
      fc.property(cohortArb({ candidatesPerMentee: Infinity }, 'most-participation'), (input) => {
        expect(matchCohort(input).stats.matched).toBeGreaterThanOrEqual(greedyMatch(input).stats.matched);
      }),
      { numRuns: RUNS },
    );
  });

  it('given any K, when greedy runs, then it equals the textbook greedy over all pairs (batched fetching is exact)', () => {
    fc.assert(
      fc.property(cohortArb(undefined), fc.constantFrom(1, 2, 3, Infinity), (input, k) => {
        const result = greedyMatch({ ...input, options: { candidatesPerMentee: k } });
        expect(pairsOf(result)).toEqual(referenceGreedy(input));
        expectValid(input, result);
      }),
      { numRuns: RUNS },
    );
  });

  it('given a small K with pricing, when matched, then the result is valid and, when reported global, it is the brute-force optimum', () => {
    fc.assert(
      fc.property(cohortArb(undefined), fc.constantFrom(1, 2), fc.constantFrom(0, 1), fc.integer({ min: 0, max: 3 }), (input, k, perSlot, rounds) => {
        const result = matchCohort({ ...input, options: { candidatesPerMentee: k, candidatesPerMentorSlot: perSlot, pricingRounds: rounds } });
        expectValid(input, result);
        if (result.stats.optimality === 'global') {
          const optimum = bruteForce(input);
          expect([result.stats.matched, unitsOf(result)]).toEqual([optimum.matched, optimum.units]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('given a shuffled cohort, when matched, then the result is identical', () => {
    fc.assert(
      fc.property(cohortArb(undefined), fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: readonly T[]) => {
          const out = [...xs];
          let s = seed >>> 0;
          for (let i = out.length - 1; i > 0; i--) {
            s = (Math.imul(s, 1103515245) + 12345) >>> 0;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j], out[i]];
          }
          return out;
        };
        const shuffled: MatchingInput = { ...input, mentors: shuffle(input.mentors), mentees: shuffle(input.mentees).map((m) => ({ ...m, languages: shuffle(m.languages) })) };
        expect(matchCohort(shuffled)).toEqual(matchCohort(input));
        expect(greedyMatch(shuffled)).toEqual(greedyMatch(input));
      }),
      { numRuns: 200 },
    );
  });
});
