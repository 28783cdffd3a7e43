/**
 * Cohort matching benchmark: the optimal matcher (min-cost flow) against the greedy baseline on a seeded,
 * synthetic cohort (default 10 000 mentees, 3 000 mentors with capacities 1–5).
 *
 *   node -r @swc-node/register bench/matching.bench.ts [mentees] [mentors] [pairs] [objective] [K]
 *
 * Runs greedy and optimal alternately `pairs` times on the same input, and reports the median time, the peak
 * heapUsed growth (sampled at the matcher's phase boundaries, after a forced GC when available), the matched
 * count and the total score of both, as a table and one JSON line `{"scenario":"cohort-matching",...}`.
 * Standalone on purpose (its own PRNG): no Math.random, no dependency on the rest of bench/.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  greedyMatch,
  matchCohort,
  type MatchingInput,
  type MatchingObjective,
  type MatchingParticipant,
  type MatchingPhase,
  type MatchingResult,
} from '../libs/enrollment/domain/src/index';

// ---- seeded data --------------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Index drawn with probability ∝ 1/(rank+1)^s (popular items are popular). */
  zipf(size: number, s = 1): number {
    const total = this.zipfTotals(size, s);
    const r = this.next() * total[size - 1];
    let i = 0;
    while (total[i] < r) i++;
    return i;
  }
  /** `count` distinct zipf-distributed picks from `vocabulary`. */
  some(vocabulary: readonly string[], count: number, s = 1): string[] {
    const out = new Set<string>();
    while (out.size < Math.min(count, vocabulary.length)) out.add(vocabulary[this.zipf(vocabulary.length, s)]);
    return [...out];
  }
  private readonly cache = new Map<string, number[]>();
  private zipfTotals(size: number, s: number): number[] {
    const key = `${size}:${s}`;
    let totals = this.cache.get(key);
    if (!totals) {
      totals = [];
      let sum = 0;
      for (let i = 0; i < size; i++) totals.push((sum += 1 / Math.pow(i + 1, s)));
      this.cache.set(key, totals);
    }
    return totals;
  }
}

const SKILLS = [
  'typescript', 'kafka', 'postgresql', 'kubernetes', 'system design', 'public speaking', 'negotiation', 'people management',
  'product discovery', 'data analysis', 'python', 'machine learning', 'security', 'accessibility', 'ux research', 'go',
  'rust', 'java', 'react', 'observability', 'incident response', 'budgeting', 'hiring', 'coaching', 'roadmapping',
  'stakeholder management', 'technical writing', 'sql', 'statistics', 'cloud cost', 'compliance', 'sales engineering',
  'customer success', 'pricing', 'marketing analytics', 'brand', 'finance basics', 'legal basics', 'devops', 'testing',
  'architecture', 'mobile', 'ios', 'android', 'graphql', 'event sourcing', 'domain-driven design', 'leadership',
  'facilitation', 'mentoring', 'career planning', 'presentation', 'design systems', 'performance tuning', 'networking',
  'embedded', 'data engineering', 'spark', 'dbt', 'ai safety',
];
const GOALS = [
  'promotion', 'move to management', 'become staff engineer', 'change team', 'build confidence', 'grow network',
  'learn the business', 'improve communication', 'lead a project', 'work-life balance', 'public speaking',
  'get certified', 'switch to product', 'return from leave', 'international move',
];
const INTERESTS = Array.from({ length: 40 }, (_, i) => `interest-${String(i + 1).padStart(2, '0')}`);
const LANGUAGES = ['english', 'german', 'french', 'spanish', 'portuguese', 'japanese', 'hindi', 'mandarin'];
const DEPARTMENTS = ['engineering', 'product', 'design', 'data', 'sales', 'marketing', 'finance', 'people', 'legal', 'operations', 'support', 'security'];
/** UTC offsets in minutes with the share of staff there. */
const ZONES: [number, number][] = [[-480, 8], [-420, 3], [-360, 6], [-300, 14], [-180, 4], [0, 12], [60, 22], [120, 6], [330, 12], [480, 6], [540, 4], [600, 3]];

export interface CohortSpec {
  mentees: number;
  mentors: number;
  seed?: number;
  objective?: MatchingObjective;
  candidatesPerMentee?: number;
}

export function generateCohort(spec: CohortSpec): MatchingInput {
  const rng = new Rng(spec.seed ?? 20271121);
  const zoneTotal = ZONES.reduce((s, [, w]) => s + w, 0);
  const zone = () => {
    let r = rng.float() * zoneTotal;
    for (const [offset, w] of ZONES) if ((r -= w) < 0) return offset;
    return 0;
  };
  // Org chart: CEO → 12 VPs → 80 directors → 900 line managers (not participants); mentors and mentees report to
  // line managers, and some mentees report to a mentor (so the reporting-line filter has work to do).
  const managerOf = new Map<string, string | null>([['ceo', null]]);
  const vps = Array.from({ length: 12 }, (_, i) => `vp-${i}`);
  vps.forEach((v) => managerOf.set(v, 'ceo'));
  const directors = Array.from({ length: 80 }, (_, i) => `dir-${i}`);
  directors.forEach((d) => managerOf.set(d, rng.pick(vps)));
  const lineManagers = Array.from({ length: 900 }, (_, i) => `mgr-${i}`);
  lineManagers.forEach((m) => managerOf.set(m, rng.pick(directors)));

  const person = (id: string, role: 'mentor' | 'mentee', managerId: string): MatchingParticipant => {
    const languages = new Set<string>();
    if (rng.float() < 0.85) languages.add('english');
    const extra = rng.int(languages.size === 0 ? 1 : 0, 2);
    for (let i = 0; i < extra; i++) languages.add(rng.pick(LANGUAGES));
    return {
      participantId: `${role}-${id}`,
      employeeId: `emp-${role}-${id}`,
      managerId,
      timeZoneOffsetMinutes: zone(),
      languages: [...languages],
      skillsOffered: role === 'mentor' ? rng.some(SKILLS, rng.int(3, 7), 0.8) : undefined,
      skillsSought: role === 'mentee' ? rng.some(SKILLS, rng.int(2, 4), 0.8) : undefined,
      goals: rng.some(GOALS, rng.int(1, 3)),
      interests: rng.some(INTERESTS, rng.int(2, 5), 0.6),
      department: rng.pick(DEPARTMENTS),
      mentorCapacity: role === 'mentor' ? rng.int(1, 5) : undefined,
      attributes: { confidentiality: rng.float() < 0.95 ? 'standard' : 'restricted' },
    };
  };
  const mentors = Array.from({ length: spec.mentors }, (_, i) => person(String(i).padStart(5, '0'), 'mentor', rng.pick(lineManagers)));
  const mentees = Array.from({ length: spec.mentees }, (_, i) =>
    person(String(i).padStart(5, '0'), 'mentee', rng.float() < 0.15 ? rng.pick(mentors).employeeId : rng.pick(lineManagers)),
  );
  return {
    mentors,
    mentees,
    managerOf,
    policy: {
      weights: { skills: 4, goals: 2, interests: 1, language: 0.5, timeZone: 1, crossDepartment: 1 },
      mustHaves: [{ attribute: 'confidentiality', mode: 'equal' }],
      maxTimeZoneDifferenceHours: 3,
      objective: spec.objective ?? 'most-participation',
      minimumScore: 45,
    },
    options: spec.candidatesPerMentee === undefined ? undefined : { candidatesPerMentee: spec.candidatesPerMentee },
  };
}

// ---- measuring ------------------------------------------------------------------------------------------

function collector(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
const gc = collector();

interface Sample {
  ms: number;
  peakHeapDeltaBytes: number;
  phases: Partial<Record<MatchingPhase, number>>;
  result: MatchingResult;
}

function measure(run: (input: MatchingInput) => MatchingResult, input: MatchingInput): Sample {
  gc?.();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const phases: Partial<Record<MatchingPhase, number>> = {};
  const started = performance.now();
  let last = started;
  const observe = (phase: MatchingPhase) => {
    peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    const now = performance.now();
    phases[phase] = (phases[phase] ?? 0) + (now - last);
    last = now;
  };
  const result = run({ ...input, options: { ...input.options, observe } });
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage().heapUsed - base);
  return { ms, peakHeapDeltaBytes: peak, phases, result };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const mib = (bytes: number) => bytes / (1024 * 1024);

export interface MatchingBenchmarkOptions {
  mentees: number;
  mentors: number;
  pairs: number;
  objective?: MatchingObjective;
  candidatesPerMentee?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface MatchingBenchmarkSide {
  medianMs: number;
  runsMs: number[];
  peakHeapDeltaMiB: number;
  matched: number;
  totalScore: number;
  averageScore: number;
  phasesMs: Partial<Record<MatchingPhase, number>>;
}

export interface MatchingBenchmarkReport {
  scenario: 'cohort-matching';
  mentees: number;
  mentors: number;
  totalCapacity: number;
  objective: MatchingObjective;
  candidatesPerMentee: number | 'all';
  feasiblePairs: number;
  eligiblePairs: number;
  candidateEdges: number;
  pricingRounds: number;
  optimality: string;
  pairs: number;
  greedy: MatchingBenchmarkSide;
  optimal: MatchingBenchmarkSide;
  gain: { matched: number; totalScore: number; totalScorePercent: number };
  deterministic: boolean;
}

export function runMatchingBenchmark(options: MatchingBenchmarkOptions): MatchingBenchmarkReport {
  const log = options.log ?? ((line: string) => console.log(line));
  const input = generateCohort({ ...options, seed: options.seed });
  const greedy: Sample[] = [];
  const optimal: Sample[] = [];
  for (let i = 0; i < Math.max(1, options.pairs); i++) {
    greedy.push(measure(greedyMatch, input));
    log(`  pair ${i + 1}: greedy ${greedy[i].ms.toFixed(0)} ms`);
    optimal.push(measure(matchCohort, input));
    log(`  pair ${i + 1}: optimal ${optimal[i].ms.toFixed(0)} ms`);
  }
  const side = (samples: Sample[]): MatchingBenchmarkSide => {
    const r = samples[0].result;
    const phasesMs: Partial<Record<MatchingPhase, number>> = {};
    for (const phase of Object.keys(samples[0].phases) as MatchingPhase[]) phasesMs[phase] = Math.round(median(samples.map((s) => s.phases[phase] ?? 0)));
    return {
      medianMs: Math.round(median(samples.map((s) => s.ms))),
      runsMs: samples.map((s) => Math.round(s.ms)),
      peakHeapDeltaMiB: Math.round(mib(Math.max(...samples.map((s) => s.peakHeapDeltaBytes))) * 10) / 10,
      matched: r.stats.matched,
      totalScore: r.totalScore,
      averageScore: r.stats.matched ? Math.round((r.totalScore / r.stats.matched) * 100) / 100 : 0,
      phasesMs,
    };
  };
  const same = (samples: Sample[]) => samples.every((s) => JSON.stringify(s.result) === JSON.stringify(samples[0].result));
  const g = side(greedy);
  const o = side(optimal);
  const stats = optimal[0].result.stats;
  return {
    scenario: 'cohort-matching',
    mentees: options.mentees,
    mentors: options.mentors,
    totalCapacity: stats.totalCapacity,
    objective: optimal[0].result.objective,
    candidatesPerMentee: stats.candidatesPerMentee,
    feasiblePairs: stats.feasiblePairs,
    eligiblePairs: stats.eligiblePairs,
    candidateEdges: stats.candidateEdges,
    pricingRounds: stats.pricingRounds,
    optimality: stats.optimality,
    pairs: optimal.length,
    greedy: g,
    optimal: o,
    gain: {
      matched: o.matched - g.matched,
      totalScore: Math.round((o.totalScore - g.totalScore) * 1000) / 1000,
      totalScorePercent: g.totalScore ? Math.round(((o.totalScore - g.totalScore) / g.totalScore) * 10000) / 100 : 0,
    },
    deterministic: same(greedy) && same(optimal),
  };
}

function table(report: MatchingBenchmarkReport): string {
  const phases = (side: MatchingBenchmarkSide) =>
    Object.entries(side.phasesMs)
      .map(([phase, ms]) => `${phase} ${ms}`)
      .join(', ');
  const rows: [string, string, string][] = [
    ['median time (ms)', String(report.greedy.medianMs), String(report.optimal.medianMs)],
    ['runs (ms)', report.greedy.runsMs.join(' / '), report.optimal.runsMs.join(' / ')],
    ['peak heapUsed Δ (MiB)', report.greedy.peakHeapDeltaMiB.toFixed(1), report.optimal.peakHeapDeltaMiB.toFixed(1)],
    ['matched mentees', String(report.greedy.matched), String(report.optimal.matched)],
    ['total score', report.greedy.totalScore.toFixed(3), report.optimal.totalScore.toFixed(3)],
    ['average score', report.greedy.averageScore.toFixed(2), report.optimal.averageScore.toFixed(2)],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...[['', 'greedy', 'optimal (min-cost flow)'], ...rows].map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r[0].padEnd(widths[0])} | ${r[1].padStart(widths[1])} | ${r[2].padStart(widths[2])} |`;
  return [
    line(['', 'greedy', 'optimal (min-cost flow)']),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    `median phase times (ms): greedy [${phases(report.greedy)}]; optimal [${phases(report.optimal)}]`,
  ].join('\n');
}

if (require.main === module) {
  const [mentees = '10000', mentors = '3000', pairs = '3', objective = 'most-participation', k] = process.argv.slice(2);
  const options: MatchingBenchmarkOptions = {
    mentees: Number(mentees),
    mentors: Number(mentors),
    pairs: Number(pairs),
    objective: objective as MatchingObjective,
    candidatesPerMentee: k === undefined ? undefined : k === 'all' ? Infinity : Number(k),
  };
  console.log(`cohort matching: ${options.mentees} mentees, ${options.mentors} mentors, ${options.pairs} pairs, ${options.objective}${gc ? '' : ' (no forced GC)'}`);
  const report = runMatchingBenchmark(options);
  console.log(
    `capacity ${report.totalCapacity}, feasible pairs ${report.feasiblePairs}, eligible ${report.eligiblePairs}, candidate edges ${report.candidateEdges} (K=${report.candidatesPerMentee}), pricing rounds ${report.pricingRounds}, optimality ${report.optimality}, deterministic ${report.deterministic}`,
  );
  console.log(table(report));
  console.log(
    `gain over greedy: ${report.gain.matched >= 0 ? '+' : ''}${report.gain.matched} matched, ${report.gain.totalScore >= 0 ? '+' : ''}${report.gain.totalScore} score (${report.gain.totalScorePercent}%)`,
  );
  console.log(JSON.stringify(report));
}
