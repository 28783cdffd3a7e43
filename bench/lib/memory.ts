import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const MIB = 1024 * 1024;

/** A process to watch: its name and how to find its pid now (undefined while it is not running). */
export interface WatchedProcess {
  name: string;
  pid(): number | undefined;
  /** Fallback where /proc is not available: the service's Prometheus endpoint. */
  metricsUrl?: string;
}

/** Resident set size in bytes: /proc/<pid>/status VmRSS (Linux), else `process_resident_memory_bytes`. */
async function residentBytes(process: WatchedProcess): Promise<{ rss: number; hwm?: number } | undefined> {
  const pid = process.pid();
  if (pid !== undefined) {
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kib = (field: string) => {
        const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
        return match ? Number(match[1]) * 1024 : undefined;
      };
      const rss = kib('VmRSS');
      if (rss !== undefined) return { rss, hwm: kib('VmHWM') };
    } catch {
      // not Linux, or the process just exited: try the metrics endpoint
    }
  }
  if (!process.metricsUrl) return undefined;
  try {
    const text = await (await fetch(process.metricsUrl)).text();
    const match = /^process_resident_memory_bytes(?:\{[^}]*\})?\s+([0-9.e+]+)/m.exec(text);
    return match ? { rss: Number(match[1]) } : undefined;
  } catch {
    return undefined;
  }
}

export interface MemoryPeak {
  /** Highest sampled RSS while the sampler was recording, MiB. */
  peakMiB: number;
  /** RSS at the first recorded sample, MiB. */
  firstMiB: number;
  samples: number;
  /** The kernel's high-water mark for the process's whole life (VmHWM, includes start-up), MiB, when known. */
  lifetimePeakMiB?: number;
}

/**
 * Samples each process's RSS every `intervalMs` (250 ms by default). Peaks are kept per label: `record(label)`
 * starts attributing samples to a label (e.g. a benchmark phase), `record(undefined)` pauses attribution.
 */
export class RssSampler {
  private readonly peaks = new Map<string, Map<string, MemoryPeak>>();
  private readonly lifetime = new Map<string, number>();
  private labels: string[] = [];
  private timer?: NodeJS.Timeout;
  private sampling?: Promise<void>;

  constructor(
    private readonly processes: WatchedProcess[],
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.sampling) return; // never more than one round in flight
      this.sampling = this.sample().finally(() => (this.sampling = undefined));
    }, this.intervalMs);
  }

  /** Attributes samples to these labels from now on (e.g. ['fixed-rate', 'rate-50']); none pauses attribution. */
  record(...labels: string[]): void {
    this.labels = labels;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sampling;
    await this.sample(); // one last reading, for the lifetime high-water marks
  }

  private async sample(): Promise<void> {
    const labels = this.labels;
    await Promise.all(
      this.processes.map(async (p) => {
        const reading = await residentBytes(p);
        if (!reading) return;
        if (reading.hwm !== undefined) this.lifetime.set(p.name, reading.hwm / MIB);
        const mib = reading.rss / MIB;
        for (const label of labels) {
          const byProcess = this.peaks.get(label) ?? new Map<string, MemoryPeak>();
          this.peaks.set(label, byProcess);
          const peak = byProcess.get(p.name) ?? { peakMiB: mib, firstMiB: mib, samples: 0 };
          peak.peakMiB = Math.max(peak.peakMiB, mib);
          peak.samples++;
          byProcess.set(p.name, peak);
        }
      }),
    );
  }

  /** Peak per process for one label (processes never sampled under it are left out). */
  peaksOf(label: string): Record<string, MemoryPeak> {
    const byProcess = this.peaks.get(label) ?? new Map<string, MemoryPeak>();
    return Object.fromEntries(
      [...byProcess.entries()].map(([name, peak]) => [name, { ...peak, ...(this.lifetime.has(name) ? { lifetimePeakMiB: this.lifetime.get(name) } : {}) }]),
    );
  }

  get labelsSeen(): string[] {
    return [...this.peaks.keys()];
  }
}

/** `512Mi` → 512, `1Gi` → 1024, `536870912` → 512 (Kubernetes quantities, in MiB). */
export function quantityToMiB(quantity: string): number {
  const match = /^([0-9.]+)\s*(Ki|Mi|Gi|Ti|k|K|M|G|T)?$/.exec(quantity.trim().replace(/^["']|["']$/g, ''));
  if (!match) throw new Error(`not a Kubernetes memory quantity: ${quantity}`);
  const value = Number(match[1]);
  const factor: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1000 / MIB, K: 1000 / MIB, M: 1e6 / MIB, G: 1e9 / MIB, T: 1e12 / MIB };
  return match[2] ? value * factor[match[2]] : value / MIB;
}

/**
 * The memory limit of a service's container as its Kubernetes manifest states it (`k8s/base/<service>/deployment.yaml`,
 * the `memory:` under `resources.limits`), in MiB; undefined when the manifest or the limit is missing.
 */
export function k8sMemoryLimitMiB(service: string): { limitMiB: number; source: string } | undefined {
  const file = join(ROOT, 'k8s/base', service, 'deployment.yaml');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const limits = /^(\s*)limits:\s*$/.exec(lines[i]);
    if (!limits) continue;
    const indent = limits[1].length;
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j];
      if (!line.trim() || line.trim().startsWith('#')) continue;
      if (line.length - line.trimStart().length <= indent) break; // left the limits block
      const memory = /^\s*memory:\s*(\S+)/.exec(line);
      if (memory) return { limitMiB: quantityToMiB(memory[1]), source: `k8s/base/${service}/deployment.yaml:${j + 1} (${memory[1]})` };
    }
  }
  return undefined;
}
