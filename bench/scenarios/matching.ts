import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRow, Scenario } from '../lib/harness';
import type { MatchingBenchmarkOptions, MatchingBenchmarkReport } from '../matching.bench';

const FILE = join(__dirname, '..', 'matching.bench.ts');

/** Flattens nested objects to `a.b.c` → number|string|boolean (depth ≤ 3). */
function flatten(value: unknown, prefix = '', depth = 0, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value) && depth < 3) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, depth + 1, out);
  } else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') {
    out[prefix] = value;
  }
  return out;
}

const firstNumber = (flat: Record<string, unknown>, test: (key: string) => boolean): number | null => {
  const entry = Object.entries(flat).find(([k, v]) => typeof v === 'number' && test(k.toLowerCase()));
  return entry ? (entry[1] as number) : null;
};

/**
 * Cohort matching: delegates to `bench/matching.bench.ts` (written alongside the matcher) when it exists:
 * `runMatchingBenchmark({ mentees, mentors, pairs, seed, log })` runs greedy and the optimal matcher alternately on
 * one seeded cohort and reports median times and total scores. Full: 10 000 mentees × 3 000 mentors; quick: 2 000 × 600.
 */
export const matchingScenario: Scenario = {
  id: 'matching',
  title: 'Cohort matching (optimal vs greedy)',
  async run(ctx) {
    const mentees = ctx.quick ? 2000 : 10_000;
    const mentors = ctx.quick ? 600 : 3000;
    if (!existsSync(FILE)) {
      ctx.log('[matching] bench/matching.bench.ts does not exist: skipped');
      return [{
        id: 'matching', scenario: `cohort matching ${mentees} × ${mentors}`, unit: 'ms', ours: null, baseline: null, ratio: null,
        goal: 'total score ≥ greedy, time reported', met: null, notes: ['skipped: bench/matching.bench.ts not present'],
      }];
    }
    // Loaded only when present (another part of the project owns it).
    const mod = require(FILE) as { runMatchingBenchmark?: (options: MatchingBenchmarkOptions) => MatchingBenchmarkReport | Promise<MatchingBenchmarkReport> };
    if (typeof mod.runMatchingBenchmark !== 'function') throw new Error('bench/matching.bench.ts does not export runMatchingBenchmark');
    const report = await mod.runMatchingBenchmark({ mentees, mentors, pairs: ctx.pairs, seed: ctx.seed, log: (line) => ctx.log(`[matching] ${line.trim()}`) });
    const flat = flatten(report);
    const o = report.optimal;
    const g = report.greedy;
    const ratio = g && o && g.totalScore ? o.totalScore / g.totalScore : null;
    const row: ResultRow = {
      id: 'matching',
      scenario: `cohort matching ${report.mentees ?? mentees} mentees × ${report.mentors ?? mentors} mentors`,
      unit: 'ms',
      ours: o?.medianMs ?? firstNumber(flat, (k) => k.startsWith('optimal') && k.includes('ms')),
      baseline: g?.medianMs ?? firstNumber(flat, (k) => k.startsWith('greedy') && k.includes('ms')),
      ratio,
      goal: 'total score ≥ greedy, time reported',
      met: o && g ? o.totalScore >= g.totalScore : null,
      notes: [
        'ours/baseline are median times in ms (optimal / greedy); the ratio is total score optimal ÷ greedy',
        o && g
          ? `total score optimal ${o.totalScore.toFixed(1)} vs greedy ${g.totalScore.toFixed(1)} (${report.gain?.totalScorePercent}%); matched ${o.matched} vs ${g.matched}; optimality ${report.optimality}; deterministic ${report.deterministic}; peak heap Δ ${o.peakHeapDeltaMiB} MiB vs ${g.peakHeapDeltaMiB} MiB`
          : 'report shape not recognised; see the JSON',
      ],
      details: { report },
    };
    return [row];
  },
};
