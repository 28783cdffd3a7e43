import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultRow, Scenario } from '../lib/harness';

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
 * `runMatchingBenchmark({ quick, seed, log })` returns the optimal and greedy matchers' time and total score.
 * The result's shape is read loosely (keys naming score / ms and optimal / greedy) and kept whole in the JSON.
 */
export const matchingScenario: Scenario = {
  id: 'matching',
  title: 'Cohort matching (optimal vs greedy)',
  async run(ctx) {
    if (!existsSync(FILE)) {
      ctx.log('[matching] bench/matching.bench.ts does not exist yet: skipped');
      return [{
        id: 'matching', scenario: 'cohort matching 10k × 3k', unit: 'ms', ours: null, baseline: null, ratio: null,
        goal: 'total score ≥ greedy, time reported', met: null, notes: ['skipped: bench/matching.bench.ts not present'],
      }];
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(FILE) as { runMatchingBenchmark?: (options: Record<string, unknown>) => Promise<unknown> };
    if (typeof mod.runMatchingBenchmark !== 'function') throw new Error('bench/matching.bench.ts does not export runMatchingBenchmark');
    const result = await mod.runMatchingBenchmark({ quick: ctx.quick, seed: ctx.seed, log: ctx.log });
    const flat = flatten(result);
    const isGreedy = (k: string) => k.includes('greedy');
    const isTime = (k: string) => /(^|\.|_)(ms|millis|time|duration|seconds|elapsed)|ms$|millis$|time$|seconds$/.test(k);
    const isScore = (k: string) => k.includes('score');
    const oursScore = firstNumber(flat, (k) => isScore(k) && !isGreedy(k) && !k.includes('ratio'));
    const greedyScore = firstNumber(flat, (k) => isScore(k) && isGreedy(k) && !k.includes('ratio'));
    const oursMs = firstNumber(flat, (k) => isTime(k) && !isGreedy(k));
    const greedyMs = firstNumber(flat, (k) => isTime(k) && isGreedy(k));
    const size = [firstNumber(flat, (k) => k.includes('mentees')), firstNumber(flat, (k) => k.includes('mentors'))];
    const row: ResultRow = {
      id: 'matching',
      scenario: `cohort matching${size[0] && size[1] ? ` ${size[0]} mentees × ${size[1]} mentors` : ''}`,
      unit: 'ms',
      ours: oursMs,
      baseline: greedyMs,
      ratio: oursScore !== null && greedyScore ? oursScore / greedyScore : null,
      goal: 'total score ≥ greedy, time reported',
      met: typeof flat.met === 'boolean' ? (flat.met as boolean) : oursScore !== null && greedyScore !== null ? oursScore >= greedyScore : null,
      notes: [
        `ours/baseline columns are times in ms (optimal / greedy); ratio is total score optimal ÷ greedy`,
        `score: optimal ${oursScore ?? '?'} vs greedy ${greedyScore ?? '?'}`,
      ],
      details: { result },
    };
    ctx.log(`[matching] ${Object.entries(flat).map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 1000) / 1000 : v}`).join(', ')}`);
    return [row];
  },
};
