import * as hdr from 'hdr-histogram-js';

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Latencies in milliseconds, recorded at microsecond resolution in an HDR histogram. */
export class LatencyRecorder {
  private readonly histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000, // 10 minutes in µs
    numberOfSignificantValueDigits: 3,
  });

  recordMs(ms: number): void {
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentiles(): Percentiles | undefined {
    if (this.histogram.totalCount === 0) return undefined;
    const at = (p: number) => this.histogram.getValueAtPercentile(p) / 1000;
    return { count: this.histogram.totalCount, p50: at(50), p95: at(95), p99: at(99), max: this.histogram.maxValue / 1000 };
  }
}

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const now = (): number => performance.now();

export function fmtNumber(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export function fmtRate(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (value >= 100) return fmtNumber(value, 0);
  if (value >= 10) return fmtNumber(value, 1);
  return fmtNumber(value, 2);
}

export function fmtMs(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return value >= 100 ? `${value.toFixed(0)}` : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export const fmtPercentiles = (p: Percentiles | undefined): string =>
  p ? `${fmtMs(p.p50)}/${fmtMs(p.p95)}/${fmtMs(p.p99)}` : '—';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it is true; fails after `timeoutMs` naming `what`. Bounded. */
export async function waitFor(what: string, probe: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 2): Promise<void> {
  const deadline = now() + timeoutMs;
  while (now() < deadline) {
    if (await probe()) return;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Runs `total` operations with `concurrency` workers; each operation's latency is recorded. */
export async function runConcurrent(
  total: number,
  concurrency: number,
  op: (index: number, worker: number) => Promise<void>,
  latency?: LatencyRecorder,
): Promise<{ ops: number; seconds: number }> {
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (;;) {
        const index = next++;
        if (index >= total) return;
        const t0 = now();
        await op(index, worker);
        latency?.recordMs(now() - t0);
      }
    }),
  );
  return { ops: total, seconds: (now() - started) / 1000 };
}
