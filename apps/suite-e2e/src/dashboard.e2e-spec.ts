import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { importFile } from '@tandem/platform';
import { eventually } from '@tandem/testing';
import { checkPage, launchChromium, logIn } from './support/browser';
import { freePort, http, ServiceProcess, startSuite, type Suite } from './support/suite';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);
const BUDDY = 'New Joiners Buddy Program';

/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against the four services and the
 * demo seed: each role's pages show what the APIs return, and axe-core finds no serious or critical violation at
 * phone and desktop widths. One browser and one set of services for the whole file.
 */
describe('dashboard in the browser', () => {
  let suite: Suite;
  let issuerDir: string;
  let dashboard: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let buddyId: string;
  const pm = () => suite.token(['program-manager'], suite.tenant, 'demo-pm');
  const analytics = (path: string, token = pm()) => http('GET', `${suite.services.analytics.url}${path}`, token);

  beforeAll(async () => {
    [suite, browser] = await Promise.all([startSuite({ env: { 'session-tracking': { HEALTH_CHECK_INTERVAL_MS: '500' } } }), launchChromium()]);
    issuerDir = mkdtempSync(join(tmpdir(), 'tandem-issuer-'));
    writeFileSync(join(issuerDir, 'private.pem'), suite.issuer.privateKey);
    writeFileSync(join(issuerDir, 'public.pem'), suite.issuer.publicKey);
    dashboard = new ServiceProcess('dashboard', 'dashboard', {
      PORT: String(await freePort()), HOST: '127.0.0.1', NODE_ENV: 'development', DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: issuerDir,
      ENROLLMENT_URL: suite.services.enrollment.url, SESSION_TRACKING_URL: suite.services['session-tracking'].url,
      RECOGNITION_URL: suite.services.recognition.url, ANALYTICS_URL: suite.services.analytics.url,
    }, suite.logDir);
    await Promise.all([
      dashboard.start(),
      // The demo `npm run up` seeds, in this run's tenant.
      run(process.execPath, [join(ROOT, 'dist/tools/seed-demo.js'), '--issuer', issuerDir, '--enrollment', suite.services.enrollment.url,
        '--analytics', suite.services.analytics.url, '--session-tracking', suite.services['session-tracking'].url, '--recognition', suite.services.recognition.url, '--tenant', suite.tenant]),
    ]);
    const programs = await analytics('/programs?limit=200');
    buddyId = programs.body.items.find((p: { name: string }) => p.name === BUDDY).programId;
    // A pair that never met since it started two months ago: at risk, for the manager to act on.
    const started = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const rows = [
      { record: 'participant', employeeId: 'M-quiet', userId: 'demo-mentor-quiet', name: 'Quinn Quiet', email: 'quinn@example.com', role: 'mentor', timeZone: 'Europe/London', languages: ['en'], skillsOffered: ['kafka'], mentorCapacity: 1, joinedAt: started },
      { record: 'participant', employeeId: 'E-quiet', userId: 'demo-mentee-quiet', name: 'Robin Silent', email: 'robin@example.com', role: 'mentee', timeZone: 'Europe/London', languages: ['en'], skillsSought: ['kafka'], joinedAt: started },
      { record: 'pairing', pairingRef: 'pairing-quiet', mentorEmployeeId: 'M-quiet', menteeEmployeeId: 'E-quiet', startedAt: started },
    ];
    await importFile({
      programId: buddyId, token: pm(), enrollmentUrl: suite.services.enrollment.url, sessionTrackingUrl: suite.services['session-tracking'].url, format: 'ndjson', waitForPairingsMs: 60_000,
      open: () => Readable.from(rows.map((r) => `${JSON.stringify(r)}\n`)),
    });
    await eventually('the quiet pairing to be at risk', async () => {
      const page = await http('GET', `${suite.services['session-tracking'].url}/programs/${buddyId}/pairings?health=at-risk&status=active`, pm());
      return page.body.items?.some((p: { mentor: { name: string } }) => p.mentor.name === 'Quinn Quiet') ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
  }, 240_000);

  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context?.close();
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await suite?.stop();
    if (issuerDir) rmSync(issuerDir, { recursive: true, force: true });
  });

  const charts = () => page.locator('canvas[data-drawn=true]');

  it('a manager logs in, sees the programs, opens one and sees its at-risk pairing and its evaluation matrix as the API states them', async () => {
    let loginPage: unknown;
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' }, async () => {
      loginPage = await checkPage(page, 'dev-login', () => page.getByRole('button', { name: 'Log in' }).waitFor());
    });
    expect(loginPage).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: BUDDY }).waitFor();
    const programs = await analytics('/programs?limit=200');
    for (const p of programs.body.items) await expect(page.getByRole('link', { name: p.name }).count()).resolves.toBe(1);
    // Health at a glance: the buddy program's at-risk count as analytics states it.
    const buddyKpis = (await analytics(`/programs/${buddyId}/kpis`)).body.kpis;
    await page.locator(`[data-program="${buddyId}"] [data-metric=at-risk-pairings] dd`)
      .filter({ hasText: new RegExp(`^${buddyKpis.find((k: any) => k.metric === 'at-risk-pairings').value}$`) }).waitFor();
    expect(await checkPage(page, 'programs', () => page.getByRole('link', { name: BUDDY }).waitFor())).toEqual({ phone: [], desktop: [] });

    await page.getByRole('link', { name: BUDDY }).click();
    await page.getByRole('heading', { name: 'At-risk pairings to act on' }).waitFor();
    await page.locator('tr', { hasText: 'Quinn Quiet' }).waitFor();
    const atRisk = await http('GET', `${suite.services['session-tracking'].url}/programs/${buddyId}/pairings?health=at-risk&status=active&limit=50`, pm());
    const rows = await page.locator('section[aria-labelledby=at-risk-title] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows).toEqual(atRisk.body.items.map((p: any) => [p.mentor.name, p.mentee.name, p.atRiskSince.slice(0, 10), p.lastSessionAt?.slice(0, 10) ?? '—', String(p.confirmedSessions)]));
    const kpis = (await analytics(`/programs/${buddyId}/kpis`)).body.kpis;
    for (const metric of ['applications', 'sessions', 'average-session-rating', 'at-risk-pairings']) {
      const kpi = kpis.find((k: any) => k.metric === metric);
      const shown = await page.locator(`table.kpi-table tr[data-metric="${metric}"] td`).first().textContent();
      expect([metric, shown!.replace(/[^\d.-]/g, '')]).toEqual([metric, kpi.value.toFixed(kpi.decimals)]);
    }
    await expect(charts().count()).resolves.toBe(2);
    expect(await checkPage(page, 'overview', () => charts().nth(1).waitFor())).toEqual({ phone: [], desktop: [] });

    // Keyboard: on a page load the first Tab reaches the skip link, shown with a visible outline.
    await page.reload();
    await charts().nth(1).waitFor();
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle })');
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });

    // The CSV download is analytics' export, byte for byte.
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download engagement by month (CSV)' }).click()]);
    const csv = await http('GET', `${suite.services.analytics.url}/reports/program_engagement_monthly/export?format=csv&programId=${buddyId}`, pm());
    expect(readFileSync(await file.path(), 'utf8')).toBe(csv.body);
    expect(file.suggestedFilename()).toBe(`program-engagement-monthly-${buddyId}.csv`);

    // As of a past day: the figures analytics states for that day.
    const day = new Date(Date.now() - 45 * 86_400_000).toISOString().slice(0, 10);
    await page.locator('#as-of').fill(day);
    await page.getByRole('heading', { name: `Funnel as of ${day}` }).waitFor();
    const past = (await analytics(`/programs/${buddyId}/kpis?asOf=${day}`)).body.kpis;
    const sessionsThen = past.find((k: any) => k.metric === 'sessions');
    await page.locator('table.kpi-table tr[data-metric="sessions"] td').first().filter({ hasText: new RegExp(`^${sessionsThen.value}$`) }).waitFor();
    expect(sessionsThen.value).toBeLessThan(kpis.find((k: any) => k.metric === 'sessions').value);

    // By keyboard: the page tabs are links that Enter follows.
    await page.getByRole('link', { name: 'Evaluation' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('table.matrix').waitFor();
    const matrix = (await analytics(`/programs/${buddyId}/evaluation`)).body.objectives;
    const shownMatrix = await page.locator('table.matrix tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      objective: tr.querySelector('th')!.textContent, target: tr.querySelector('[data-col=target]')!.textContent,
      actual: tr.querySelector('[data-col=actual]')!.textContent, status: tr.querySelector('[data-col=status]')!.textContent,
    })));
    const STATUS: Record<string, string> = { met: 'Met', 'on-track': 'On track', behind: 'Behind', 'not-measured': 'Not measured' };
    expect(shownMatrix).toEqual(matrix.map((o: any) => ({ objective: o.description, target: o.target.toLocaleString('en'), actual: o.actual === null ? '—' : o.actual.toLocaleString('en'), status: STATUS[o.status] })));
    expect(matrix.length).toBe(2);
    expect(await checkPage(page, 'evaluation', () => page.locator('table.matrix').waitFor())).toEqual({ phone: [], desktop: [] });

    await page.getByRole('link', { name: 'Recognition' }).click();
    await page.getByRole('heading', { name: 'Awards by tier and month' }).waitFor();
    await charts().first().waitFor();
    expect(await checkPage(page, 'recognition', () => charts().first().waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('an analyst sets the ROI assumptions, changes one, and sees the ROI the API computes each time', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-analyst' });
    // Analysts see the figures, not the pairings (session tracking answers them 403): the page says so.
    await page.goto(`${dashboard.url}/programs/${buddyId}`);
    await page.getByText('Only the program’s managers see its pairings').waitFor();
    expect(await checkPage(page, 'overview-analyst', () => charts().nth(1).waitFor())).toEqual({ phone: [], desktop: [] });
    await page.goto(`${dashboard.url}/programs/${buddyId}/roi`);
    await page.getByText('nobody has set this program’s assumptions').waitFor();
    expect(await checkPage(page, 'roi-empty', () => page.getByLabel('Fixed program cost').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByLabel('Value of one verified promotion').fill('5000');
    await page.getByLabel('Value of one training hour').fill('40');
    await page.getByLabel('Hourly cost of a participant’s time').fill('30');
    await page.getByLabel('Fixed program cost').fill('2000');
    await page.getByRole('button', { name: 'Save assumptions' }).click();
    await page.getByText('Saved as version 1').waitFor();
    const analyst = suite.token(['analyst'], suite.tenant, 'demo-analyst');
    const first = (await analytics(`/programs/${buddyId}/roi`, analyst)).body;
    await page.getByTestId('roi-value').filter({ hasText: first.roi.toFixed(2) }).waitFor();

    await page.getByLabel('Value of one training hour').fill('80');
    await page.getByRole('button', { name: 'Save assumptions' }).click();
    await page.getByText('Saved as version 2').waitFor();
    const second = (await analytics(`/programs/${buddyId}/roi`, analyst)).body;
    expect(second.assumptionsVersion).toBe(2);
    expect(second.roi).toBeGreaterThan(first.roi);
    await page.getByTestId('roi-value').filter({ hasText: second.roi.toFixed(2) }).waitFor();
    await expect(page.getByTestId('roi-total-value').textContent()).resolves.toBe(second.value.total.toLocaleString('en', { style: 'currency', currency: 'EUR' }));
    expect(await checkPage(page, 'roi', () => page.getByTestId('roi-value').waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('a mentor sees their badges and their progress to the next ones, as recognition states them', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-mentor-1' });
    await page.getByRole('heading', { name: 'Progress to the next badges' }).waitFor();
    await page.getByRole('heading', { name: BUDDY, level: 2 }).waitFor();
    const mine = await http('GET', `${suite.services.recognition.url}/me/progress`, suite.token(['mentor'], suite.tenant, 'demo-mentor-1'));
    expect(new Set(mine.body.map((b: any) => b.programId))).toEqual(new Set([buddyId]));
    expect(mine.status).toBe(200);
    const next = mine.body.filter((b: any) => b.award !== 'awarded');
    expect(next.length).toBeGreaterThan(0);
    for (const badge of next) {
      const card = page.locator(`[data-badge="${badge.name}"]`);
      for (const c of badge.criteria) await expect(card.getByText(`${c.current} of ${c.target}`, { exact: false }).count()).resolves.toBeGreaterThan(0);
    }
    for (const badge of mine.body.filter((b: any) => b.award === 'awarded')) await page.locator('.card.earned', { hasText: badge.name }).waitFor();
    expect(await checkPage(page, 'my-recognition', () => page.getByRole('heading', { name: 'Progress to the next badges' }).waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('a manager of another tenant cannot open this tenant’s program', async () => {
    await logIn(page, dashboard.url, { tenant: `${suite.tenant}-b`, person: 'demo-pm' });
    await page.getByText('No programs yet').waitFor();
    await page.goto(`${dashboard.url}/programs/${buddyId}`);
    await page.getByRole('alert').filter({ hasText: 'was not found' }).waitFor();
    await expect(page.getByText(BUDDY).count()).resolves.toBe(0);
    const direct = await http('GET', `${suite.services.analytics.url}/programs/${buddyId}`, suite.token(['program-manager'], `${suite.tenant}-b`, 'demo-pm'));
    expect(direct.status).toBe(404);
    expect(await checkPage(page, 'not-found-other-tenant', () => page.getByRole('alert').waitFor())).toEqual({ phone: [], desktop: [] });
  });
});
