/**
 * Tandem benchmarks: ratios of ours against a raw baseline in the same run (alternating pairs, median ratio),
 * latency percentiles from HDR histograms, and the machine they ran on. See docs/benchmarks.md.
 *
 *   npm run bench                 full run (≈ 15–25 min on 2 cores)
 *   npm run bench -- --quick      a few minutes: smaller volumes, still ≥ 5 pairs
 *   npm run bench -- --only relay,consume [--pairs 7] [--seed 42]
 *
 * Writes bench/results/<timestamp>.json.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { BenchContext, ResultRow, Scenario } from './lib/harness';
import { closeAllDatabases } from './lib/infra';
import { describeMachine, machineLines } from './lib/machine';
import { fmtPercentiles, fmtRate } from './lib/stats';
import { analyticsRebuildScenario } from './scenarios/analytics-rebuild';
import { appendScenario } from './scenarios/append';
import { consumeScenario } from './scenarios/consume';
import { dashboardScenario } from './scenarios/dashboard';
import { exportsScenario } from './scenarios/exports';
import { factsConsumeScenario } from './scenarios/facts-consume';
import { httpScenario } from './scenarios/http';
import { kpisScenario } from './scenarios/kpis';
import { importScenario } from './scenarios/import';
import { latencyScenario } from './scenarios/latency';
import { loadFoldScenario } from './scenarios/load-fold';
import { matchingScenario } from './scenarios/matching';
import { previewScenario } from './scenarios/preview';
import { rebuildScenario } from './scenarios/rebuild';
import { relayScenario } from './scenarios/relay';

const SCENARIOS: Scenario[] = [
  appendScenario,
  loadFoldScenario,
  relayScenario,
  consumeScenario,
  rebuildScenario,
  httpScenario,
  latencyScenario,
  matchingScenario,
  exportsScenario,
  previewScenario,
  kpisScenario,
  importScenario,
  factsConsumeScenario,
  analyticsRebuildScenario,
  dashboardScenario,
];

interface Args {
  quick: boolean;
  only: string[];
  pairs: number | undefined;
  seed: number;
  diagnose: boolean | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { quick: false, only: [], pairs: undefined, seed: 20260105, diagnose: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') args.quick = true;
    else if (a === '--full') args.quick = false;
    else if (a === '--only') args.only.push(...value().split(',').map((s) => s.trim()).filter(Boolean));
    else if (a.startsWith('--only=')) args.only.push(...a.slice(7).split(',').filter(Boolean));
    else if (a === '--pairs') args.pairs = Number(value());
    else if (a === '--seed') args.seed = Number(value());
    else if (a === '--diagnose') args.diagnose = true;
    else if (a === '--no-diagnose') args.diagnose = false;
    else if (a === '--help' || a === '-h') {
      process.stdout.write(`usage: npm run bench -- [--quick] [--only ${SCENARIOS.map((s) => s.id).join(',')}] [--pairs N (≥5)] [--seed N] [--diagnose|--no-diagnose]\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (args.pairs !== undefined && (!Number.isInteger(args.pairs) || args.pairs < 5)) throw new Error('--pairs must be an integer ≥ 5');
  const unknown = args.only.filter((o) => !SCENARIOS.some((s) => s.id === o));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  return args;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function resultTable(rows: ResultRow[]): string {
  const header = ['scenario', 'ours', 'baseline', 'median ratio', 'latency ms p50/p95/p99 (ours | baseline)', 'goal', 'met?'];
  const body = rows.map((r) => {
    const unit = r.unit ? ` ${r.unit}` : '';
    const lat = r.latency
      ? `${fmtPercentiles(r.latency.ours)}${r.latency.baseline ? ` \\| ${fmtPercentiles(r.latency.baseline)}` : ''}`
      : '';
    return [
      r.scenario,
      r.error ? `failed: ${r.error.slice(0, 80)}` : r.ours === null ? '—' : `${fmtRate(r.ours)}${unit}`,
      r.baseline === null ? '—' : `${fmtRate(r.baseline)}${unit}`,
      r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`,
      lat,
      r.goal,
      r.met === null ? 'n/a' : r.met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => pad(c, widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = new Date();
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  const ctx: BenchContext = { quick: args.quick, pairs: args.pairs ?? (args.quick ? 5 : 7), seed: args.seed, diagnose: args.diagnose ?? !args.quick, log };
  const selected = args.only.length ? SCENARIOS.filter((s) => args.only.includes(s.id)) : SCENARIOS;

  log(`tandem bench: ${args.quick ? 'QUICK' : 'FULL'} mode, ${ctx.pairs} pairs per comparison, seed ${ctx.seed}${ctx.diagnose ? ', with diagnostics' : ''}, scenarios: ${selected.map((s) => s.id).join(', ')}`);
  const machine = await describeMachine({ pgTestFsync: true });
  for (const line of machineLines(machine)) log(line);

  const rows: ResultRow[] = [];
  const timings: Record<string, number> = {};
  const load: Record<string, { start: number[]; end: number[] }> = {};
  const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
  for (const scenario of selected) {
    const t0 = performance.now();
    load[scenario.id] = { start: loadavg(), end: [] };
    log(`=== ${scenario.id}: ${scenario.title} (load avg ${load[scenario.id].start.join(' ')})`);
    try {
      rows.push(...(await scenario.run(ctx)));
    } catch (error) {
      const message = (error as Error)?.stack ?? String(error);
      log(`[${scenario.id}] FAILED: ${message}`);
      rows.push({ id: scenario.id, scenario: scenario.title, unit: '', ours: null, baseline: null, ratio: null, goal: '', met: false, notes: [], error: String((error as Error)?.message ?? error) });
    }
    timings[scenario.id] = Math.round((performance.now() - t0) / 100) / 10;
    load[scenario.id].end = loadavg();
    log(`=== ${scenario.id} done in ${timings[scenario.id]} s (load avg ${load[scenario.id].end.join(' ')})`);
  }

  const table = resultTable(rows);
  process.stdout.write(`\n${args.quick ? 'QUICK' : 'FULL'} run, ${ctx.pairs} pairs per comparison, seed ${ctx.seed}\n`);
  for (const line of machineLines(machine)) process.stdout.write(`${line}\n`);
  process.stdout.write(`\n${table}\n\n`);
  for (const r of rows) for (const note of r.notes) process.stdout.write(`- ${r.id}: ${note}\n`);

  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}${args.quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { startedAt: started.toISOString(), finishedAt: new Date().toISOString(), mode: args.quick ? 'quick' : 'full', pairs: ctx.pairs, seed: ctx.seed, args: process.argv.slice(2), machine, timingsSeconds: timings, loadAverage: load, rows, table },
      null,
      2,
    ),
  );
  process.stdout.write(`\nresults: ${file}\n`);
  return rows.some((r) => r.error) ? 1 : 0;
}

let cleaning = false;
async function cleanupAndExit(code: number) {
  if (cleaning) return;
  cleaning = true;
  await closeAllDatabases();
  process.exit(code);
}
process.once('SIGINT', () => void cleanupAndExit(130));
process.once('SIGTERM', () => void cleanupAndExit(143));

main().then(
  (code) => cleanupAndExit(code),
  async (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    await cleanupAndExit(1);
  },
);
