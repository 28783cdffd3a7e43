import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launchChromium, logIn } from '../../apps/suite-e2e/src/support/browser';
import { freePort, ServiceProcess, startSuite, type Suite } from '../../apps/suite-e2e/src/support/suite';
import type { ResultRow, Scenario } from '../lib/harness';
import { LatencyRecorder, now } from '../lib/stats';

const ROOT = resolve(__dirname, '../..');
const ASSETS = join(ROOT, 'dist/apps/dashboard/web/assets');
/** The JavaScript budget of the dashboard (gzip): React, Chart.js (tree-shaken), oidc-client-ts and the pages. */
const JS_BUDGET_KIB = 170;
/** A program overview, its two charts drawn, on a warm cache. */
const OVERVIEW_GOAL_MS = 1500;

/**
 * The dashboard (issue 18): the size of its built JavaScript and CSS (gzip, level 9 — what a browser downloads)
 * and the time from navigating to a program overview to both of its charts drawn and its at-risk pairings shown,
 * in Debian's Chromium, against the four services seeded with the demo (six months of a 20-pair program).
 */
export const dashboardScenario: Scenario = {
  id: 'dashboard',
  title: 'Dashboard: JavaScript size and time to a program overview',
  async run(ctx) {
    const files = readdirSync(ASSETS);
    // What the first page load fetches: the scripts and module preloads index.html names.
    const entry = [...readFileSync(join(ASSETS, '../index.html'), 'utf8').matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
    const size = (ext: string, only?: string[]) => files.filter((f) => f.endsWith(ext) && (!only || only.includes(f))).reduce(
      (sum, f) => {
        const raw = readFileSync(join(ASSETS, f));
        return { raw: sum.raw + raw.length, gzip: sum.gzip + gzipSync(raw, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
    const js = size('.js');
    const first = size('.js', entry);
    const css = size('.css');
    const kib = (n: number) => n / 1024;
    ctx.log(`[dashboard] JavaScript ${kib(js.raw).toFixed(1)} KiB (${kib(js.gzip).toFixed(1)} KiB gzip; first load ${kib(first.gzip).toFixed(1)} KiB gzip), CSS ${kib(css.raw).toFixed(1)} KiB (${kib(css.gzip).toFixed(1)} KiB gzip)`);
    const rows: ResultRow[] = [{
      id: 'dashboard-js-size', scenario: 'dashboard JavaScript, all chunks, gzip', unit: 'KiB', ours: kib(js.gzip), baseline: null, ratio: null,
      goal: `≤ ${JS_BUDGET_KIB} KiB gzip`, met: kib(js.gzip) <= JS_BUDGET_KIB,
      notes: [`${kib(js.raw).toFixed(1)} KiB minified in ${files.filter((f) => f.endsWith('.js')).length} chunks; the first load fetches ${kib(first.gzip).toFixed(1)} KiB gzip (${entry.join(', ')}); CSS ${kib(css.gzip).toFixed(1)} KiB gzip`],
      details: { js, firstLoad: first, css },
    }];

    const loads = ctx.quick ? 10 : 30;
    let suite: Suite | undefined;
    let dashboard: ServiceProcess | undefined;
    const browser = await launchChromium();
    const issuerDir = mkdtempSync(join(tmpdir(), 'bench-issuer-'));
    try {
      suite = await startSuite();
      writeFileSync(join(issuerDir, 'private.pem'), suite.issuer.privateKey);
      writeFileSync(join(issuerDir, 'public.pem'), suite.issuer.publicKey);
      const s = suite.services;
      dashboard = new ServiceProcess('dashboard', 'dashboard', {
        PORT: String(await freePort()), HOST: '127.0.0.1', NODE_ENV: 'development', DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: issuerDir,
        ENROLLMENT_URL: s.enrollment.url, SESSION_TRACKING_URL: s['session-tracking'].url, RECOGNITION_URL: s.recognition.url, ANALYTICS_URL: s.analytics.url,
      }, suite.logDir);
      await dashboard.start();
      ctx.log('[dashboard] seeding the demo…');
      await promisify(execFile)(process.execPath, [join(ROOT, 'dist/tools/seed-demo.js'), '--issuer', issuerDir, '--enrollment', s.enrollment.url,
        '--analytics', s.analytics.url, '--session-tracking', s['session-tracking'].url, '--recognition', s.recognition.url, '--tenant', suite.tenant]);
      const token = suite.token(['program-manager'], suite.tenant, 'demo-pm');
      const programs: any = await (await fetch(`${s.analytics.url}/programs?limit=200`, { headers: { authorization: `Bearer ${token}` } })).json();
      const buddy = programs.items.find((p: { name: string }) => p.name === 'New Joiners Buddy Program').programId;

      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
      await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
      const overview = async () => {
        const started = now();
        await page.goto(`${dashboard!.url}/programs/${buddy}`);
        await page.locator('canvas[data-drawn=true]').nth(1).waitFor();
        await page.locator('section[aria-labelledby=at-risk-title] .empty, section[aria-labelledby=at-risk-title] table').first().waitFor();
        return now() - started;
      };
      const cold = await overview();
      const warm = new LatencyRecorder();
      for (let i = 0; i < loads; i++) warm.recordMs(await overview());
      const p = warm.percentiles()!;
      ctx.log(`[dashboard] overview with charts drawn: first ${cold.toFixed(0)} ms, then p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms over ${loads} loads`);
      rows.push({
        id: 'dashboard-overview', scenario: `program overview to charts drawn (Chromium, warm cache, ${loads} loads)`, unit: 'ms', ours: p.p50, baseline: null, ratio: null,
        latency: { ours: p }, goal: `p95 ≤ ${OVERVIEW_GOAL_MS} ms`, met: p.p95 <= OVERVIEW_GOAL_MS,
        notes: [`first load (empty cache) ${cold.toFixed(0)} ms`], details: { coldMs: cold },
      });
    } finally {
      await browser.close();
      await dashboard?.stop();
      await suite?.stop();
      rmSync(issuerDir, { recursive: true, force: true });
    }
    return rows;
  },
};
