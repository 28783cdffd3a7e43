import { fmtPercentiles, fmtRate, LatencyRecorder, median, type Percentiles } from './stats';

export interface BenchContext {
  quick: boolean;
  /** Baseline/ours pairs per comparison (≥ 5). */
  pairs: number;
  seed: number;
  /** Also run the diagnostic comparisons that show where the time goes (default in full mode). */
  diagnose: boolean;
  log(line: string): void;
}

/** One timed run of one side. */
export interface Measurement {
  /** Units of work done (events, messages, requests, loads). */
  ops: number;
  seconds: number;
  /** Anything worth keeping in the JSON (e.g. a breakdown). */
  extra?: Record<string, unknown>;
}

export interface PairRecord {
  pair: number;
  order: 'baseline-first' | 'ours-first';
  baseline: number;
  ours: number;
  ratio: number;
}

/** One line of the final table. */
export interface ResultRow {
  id: string;
  scenario: string;
  unit: string;
  /** Median throughput of ours over the pairs (or the figure that matters, for latency-only rows). */
  ours: number | null;
  baseline: number | null;
  /** Median over the pairs of ours / baseline. */
  ratio: number | null;
  latency?: { ours?: Percentiles; baseline?: Percentiles };
  goal: string;
  met: boolean | null;
  notes: string[];
  pairs?: PairRecord[];
  details?: Record<string, unknown>;
  error?: string;
}

export interface Scenario {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<ResultRow[]>;
}

export interface ComparisonSpec {
  id: string;
  scenario: string;
  unit: string;
  goal: string;
  /** Ratio the goal asks for (ours / baseline ≥ minRatio). */
  minRatio?: number;
  baseline(pair: number, latency: LatencyRecorder): Promise<Measurement>;
  ours(pair: number, latency: LatencyRecorder): Promise<Measurement>;
  /** Run each side once, unrecorded, before the pairs (JIT, caches, connections). */
  warmup?: { baseline(): Promise<unknown>; ours(): Promise<unknown> };
  /** Called between runs (e.g. truncate tables); not timed. */
  reset?(side: 'baseline' | 'ours', pair: number): Promise<void>;
  /** Report latency percentiles in the table. */
  reportLatency?: boolean;
  /** Fewer pairs than the run's default (never below 5): diagnostics and the longest scenarios. */
  pairs?: number;
}

/** Pairs for diagnostic comparisons: the minimum the method allows. */
export const DIAGNOSTIC_PAIRS = 5;

/**
 * Runs `pairs` alternating baseline/ours pairs — the order flips every pair so neither side always runs on a
 * warmer (or more tired) machine — and reports the median of the per-pair ratios.
 */
export async function comparePairs(ctx: BenchContext, spec: ComparisonSpec): Promise<ResultRow> {
  const latency = { baseline: new LatencyRecorder(), ours: new LatencyRecorder() };
  if (spec.warmup) {
    ctx.log(`[${spec.id}] warm-up`);
    await spec.reset?.('baseline', -1);
    await spec.warmup.baseline();
    await spec.reset?.('ours', -1);
    await spec.warmup.ours();
  }
  const total = Math.max(5, Math.min(ctx.pairs, spec.pairs ?? ctx.pairs));
  const pairs: PairRecord[] = [];
  const extras: Record<string, unknown>[] = [];
  for (let pair = 0; pair < total; pair++) {
    const order = pair % 2 === 0 ? 'baseline-first' : 'ours-first';
    const sides: ('baseline' | 'ours')[] = order === 'baseline-first' ? ['baseline', 'ours'] : ['ours', 'baseline'];
    const rate: Record<string, number> = {};
    for (const side of sides) {
      await spec.reset?.(side, pair);
      const m = await spec[side](pair, latency[side]);
      rate[side] = m.ops / m.seconds;
      if (m.extra) extras.push({ pair, side, ...m.extra });
    }
    const record: PairRecord = { pair: pair + 1, order, baseline: rate.baseline, ours: rate.ours, ratio: rate.ours / rate.baseline };
    pairs.push(record);
    ctx.log(
      `[${spec.id}] pair ${pair + 1}/${total} (${order}): baseline ${fmtRate(record.baseline)} ${spec.unit}, ours ${fmtRate(record.ours)} ${spec.unit}, ratio ${record.ratio.toFixed(3)}`,
    );
  }
  const ratio = median(pairs.map((p) => p.ratio));
  const row: ResultRow = {
    id: spec.id,
    scenario: spec.scenario,
    unit: spec.unit,
    ours: median(pairs.map((p) => p.ours)),
    baseline: median(pairs.map((p) => p.baseline)),
    ratio,
    goal: spec.goal,
    met: spec.minRatio === undefined ? null : ratio >= spec.minRatio,
    notes: [],
    pairs,
    details: extras.length ? { runs: extras } : undefined,
  };
  if (spec.reportLatency) {
    row.latency = { ours: latency.ours.percentiles(), baseline: latency.baseline.percentiles() };
    ctx.log(`[${spec.id}] latency ms p50/p95/p99: baseline ${fmtPercentiles(row.latency.baseline)}, ours ${fmtPercentiles(row.latency.ours)}`);
  }
  return row;
}
