import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually } from '@tandem/testing';
import { checkPage, launchChromium, logIn } from './support/browser';
import { aProgram, freePort, http, ServiceProcess, startSuite, type Suite } from './support/suite';

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
    const setUpSince = Date.now();
    // Recognition names its credentials under the dashboard's route to it, as `npm run up` does: what a holder shares
    // is reached through the dashboard, without a login.
    const dashboardPort = await freePort();
    [suite, browser] = await Promise.all([
      startSuite({ env: { 'session-tracking': { HEALTH_CHECK_INTERVAL_MS: '500' }, recognition: { PUBLIC_BASE_URL: `http://127.0.0.1:${dashboardPort}/api/recognition` } } }),
      launchChromium(),
    ]);
    issuerDir = mkdtempSync(join(tmpdir(), 'tandem-issuer-'));
    writeFileSync(join(issuerDir, 'private.pem'), suite.issuer.privateKey);
    writeFileSync(join(issuerDir, 'public.pem'), suite.issuer.publicKey);
    dashboard = new ServiceProcess('dashboard', 'dashboard', {
      PORT: String(dashboardPort), HOST: '127.0.0.1', NODE_ENV: 'development', DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: issuerDir,
      ENROLLMENT_URL: suite.services.enrollment.url, SESSION_TRACKING_URL: suite.services['session-tracking'].url,
      RECOGNITION_URL: suite.services.recognition.url, ANALYTICS_URL: suite.services.analytics.url,
    }, suite.logDir);
    const [, seeded] = await Promise.all([
      dashboard.start(),
      // The demo `npm run up` seeds, in this run's tenant.
      run(process.execPath, [join(ROOT, 'dist/tools/seed-demo.js'), '--issuer', issuerDir, '--enrollment', suite.services.enrollment.url,
        '--analytics', suite.services.analytics.url, '--session-tracking', suite.services['session-tracking'].url, '--recognition', suite.services.recognition.url, '--tenant', suite.tenant]),
    ]);
    const programs = await analytics('/programs?limit=200');
    buddyId = programs.body.items.find((p: { name: string }) => p.name === BUDDY).programId;
    // The seed's pair that never met since it started two months ago: at risk, for the manager to act on.
    await eventually('the quiet pairing to be at risk', async () => {
      const page = await http('GET', `${suite.services['session-tracking'].url}/programs/${buddyId}/pairings?health=at-risk&status=active`, pm());
      return page.body.items?.some((p: { mentor: { name: string } }) => p.mentor.name === 'Quinn Quiet') ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    process.stdout.write(`${seeded.stdout}[dashboard e2e] services, seed and the at-risk pairing ready in ${Date.now() - setUpSince} ms\n`);
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

  it('a manager of another tenant cannot open this tenant’s program; their own new program shows what would fill each page', async () => {
    await logIn(page, dashboard.url, { tenant: `${suite.tenant}-b`, person: 'demo-pm' });
    await page.getByText('No programs yet').waitFor();
    expect(await checkPage(page, 'programs-empty', () => page.getByText('No programs yet').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.goto(`${dashboard.url}/programs/${buddyId}`);
    await page.getByRole('alert').filter({ hasText: 'was not found' }).waitFor();
    await expect(page.getByText(BUDDY).count()).resolves.toBe(0);
    const direct = await http('GET', `${suite.services.analytics.url}/programs/${buddyId}`, suite.token(['program-manager'], `${suite.tenant}-b`, 'demo-pm'));
    expect(direct.status).toBe(404);
    expect(await checkPage(page, 'not-found-other-tenant', () => page.getByRole('alert').waitFor())).toEqual({ phone: [], desktop: [] });

    // A program of their own, just opened, with no objective: each page says what would fill it.
    const otherPm = suite.token(['program-manager'], `${suite.tenant}-b`, 'demo-pm');
    const created = await http('POST', `${suite.services.enrollment.url}/programs`, otherPm, aProgram({ name: 'Fresh start', lifecycle: { kind: 'evergreen' }, objectives: [] }));
    expect(created.status).toBe(201);
    const fresh = created.body.programId;
    await eventually('analytics to know the new program', async () => ((await analytics(`/programs/${fresh}`, otherPm)).status === 200 ? true : undefined), { timeoutMs: 30_000, intervalMs: 500 });
    await page.goto(`${dashboard.url}/programs/${fresh}`);
    await page.getByText('No pairing is at risk right now').waitFor();
    expect(await checkPage(page, 'overview-empty', () => charts().nth(1).waitFor())).toEqual({ phone: [], desktop: [] });
    for (const [tab, text, name] of [['evaluation', 'This program states no objectives', 'evaluation-empty'], ['roi', 'nobody has set this program’s assumptions', 'roi-empty-manager'],
      ['recognition', 'No badge has been awarded in this program yet', 'recognition-empty']]) {
      await page.goto(`${dashboard.url}/programs/${fresh}/${tab}`);
      expect(await checkPage(page, name, () => page.getByText(text).waitFor())).toEqual({ phone: [], desktop: [] });
    }
  });
  const recognition = (path: string, token: string, method = 'GET', body?: unknown) => http(method, `${suite.services.recognition.url}${path}`, token, body);
  const mentorToken = (user: string) => suite.token(['mentor'], suite.tenant, user);
  const euros = (minor: number) => (minor / 100).toLocaleString('en', { style: 'currency', currency: 'EUR' });
  const budgetRow = async (period: string) => page.locator(`[data-testid=budget-position] tr[data-period="${period}"] td`).allTextContents();
  const apiBudgetRow = async (period: string) => {
    const b = (await recognition(`/programs/${buddyId}/reward-budgets/${period}`, pm())).body;
    return [b.allocatedMinor, b.reservedMinor, b.spentMinor, b.remainingMinor].map(euros);
  };

  it('a manager sees reward spend and satisfaction, approves a request, gives it and rejects another, and watches the budget position change', async () => {
    const year = new Date().toISOString().slice(0, 4);
    // A request to reject, by a mentor the seed left alone.
    const hamper = (await recognition(`/programs/${buddyId}/rewards/eligible`, mentorToken('demo-mentor-5'))).body.find((r: { name: string }) => r.name === 'Thank-you hamper');
    expect((await recognition(`/programs/${buddyId}/reward-requests`, mentorToken('demo-mentor-5'), 'POST', { rewardId: hamper.rewardId })).status).toBe(201);

    // Analytics has the seed's two rewards given and the one rating (its figures follow recognition's topic).
    await eventually('analytics to count the seeded rewards', async () => {
      const months = (await analytics(`/programs/${buddyId}/rewards`)).body.months as { fulfilled: number; ratings: number }[];
      return months.reduce((n, m) => n + m.fulfilled, 0) === 2 && months.reduce((n, m) => n + m.ratings, 0) === 1 ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 250 });
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await page.goto(`${dashboard.url}/programs/${buddyId}/rewards`);
    await page.getByRole('heading', { name: 'Reward spend and satisfaction' }).waitFor();
    await page.locator('[data-testid=budget-position]').waitFor();
    const kpis = (await analytics(`/programs/${buddyId}/kpis`)).body.kpis;
    for (const metric of ['reward-spend-against-budget', 'reward-satisfaction']) {
      const kpi = kpis.find((k: any) => k.metric === metric);
      expect(kpi.value).not.toBeNull();
      const shown = await page.locator(`.kpi[data-metric="${metric}"] .value`).textContent();
      expect([metric, shown!.replace(/[^\d.-]/g, '')]).toEqual([metric, kpi.value.toFixed(kpi.decimals)]);
    }
    const figures = (await analytics(`/programs/${buddyId}/rewards`)).body;
    await expect(page.locator('[data-testid=reward-allocations] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent))).resolves
      .toEqual(figures.budgets.map((b: any) => `${b.period}${euros(b.allocatedMinor)}`));
    expect(await budgetRow(year)).toEqual(await apiBudgetRow(year));
    const before = (await recognition(`/programs/${buddyId}/reward-budgets/${year}`, pm())).body;
    expect(await checkPage(page, 'rewards', () => page.locator('[data-testid=budget-position]').waitFor())).toEqual({ phone: [], desktop: [] });

    // The seed's waiting request: approve it, then give it — its cost moves from reserved to spent.
    await page.getByRole('button', { name: 'Approve Conference ticket for demo-mentor-2' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved: Conference ticket for demo-mentor-2.' }).waitFor();
    await page.getByRole('button', { name: 'Mark Conference ticket for demo-mentor-2 as given' }).click();
    await page.getByRole('status').filter({ hasText: 'Marked as given: Conference ticket for demo-mentor-2.' }).waitFor();
    const given = (await recognition(`/programs/${buddyId}/reward-budgets/${year}`, pm())).body;
    expect([given.spentMinor - before.spentMinor, before.reservedMinor - given.reservedMinor, given.remainingMinor]).toEqual([60000, 60000, before.remainingMinor]);
    await page.locator(`[data-testid=budget-position] tr[data-period="${year}"] [data-col=spent]`).filter({ hasText: euros(given.spentMinor) }).waitFor();
    expect(await budgetRow(year)).toEqual(await apiBudgetRow(year));

    // Rejected with a reason: the reservation is released, so more remains.
    // By keyboard: Enter opens the reason, which takes the focus.
    await page.getByRole('button', { name: 'Reject Thank-you hamper for demo-mentor-5' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('Hampers go to first-year mentors this quarter');
    await expect(page.getByLabel('Reason for rejecting (the mentor sees it)').inputValue()).resolves.toBe('Hampers go to first-year mentors this quarter');
    await page.getByRole('button', { name: 'Reject request' }).click();
    await page.getByRole('status').filter({ hasText: 'Rejected: Thank-you hamper for demo-mentor-5.' }).waitFor();
    const rejected = (await recognition(`/programs/${buddyId}/reward-budgets/${year}`, pm())).body;
    expect(rejected.remainingMinor - given.remainingMinor).toBe(4000);
    await page.locator(`[data-testid=budget-position] tr[data-period="${year}"] [data-col=remaining]`).filter({ hasText: euros(rejected.remainingMinor) }).waitFor();
    const mine = (await recognition('/me/reward-requests', mentorToken('demo-mentor-5'))).body.items[0];
    expect([mine.status, mine.reason]).toEqual(['rejected', 'Hampers go to first-year mentors this quarter']);

    // A program without rewards: each part says what would fill it.
    const programs = (await analytics('/programs?limit=200')).body.items;
    const other = programs.find((p: { name: string }) => p.name === 'Engineering Leadership Mentoring 2027').programId;
    await page.goto(`${dashboard.url}/programs/${other}/rewards`);
    await page.getByText('No reward budget for this program yet').waitFor();
    await page.getByText('No request waits for a decision.').waitFor();
    expect(await checkPage(page, 'rewards-empty', () => page.getByText('No approved reward waits to be given.').waitFor())).toEqual({ phone: [], desktop: [] });
    // Its first budget, allocated here: the position is recognition's.
    await page.getByLabel('Amount').fill('1250.50');
    await page.getByRole('button', { name: 'Allocate' }).click();
    await page.getByRole('status').filter({ hasText: `Allocated €1,250.50 to ${year}.` }).waitFor();
    const opened = (await recognition(`/programs/${other}/reward-budgets/${year}`, pm())).body;
    expect([opened.allocatedMinor, opened.currency, opened.entries.map((e: any) => e.entry)]).toEqual([125050, 'EUR', ['allocation']]);
    await page.locator(`[data-testid=budget-position] tr[data-period="${year}"] [data-col=allocated]`).filter({ hasText: '€1,250.50' }).waitFor();
  });

  it('an analyst sees the reward figures; the budget and the requests are the managers’', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-analyst' });
    await page.goto(`${dashboard.url}/programs/${buddyId}/rewards`);
    await page.getByText('Only the program’s managers see the budget position').waitFor();
    await page.getByText('Only the program’s managers see the reward requests').waitFor();
    await page.locator('[data-testid=reward-months]').waitFor();
    expect(await checkPage(page, 'rewards-analyst', () => page.locator('[data-testid=reward-months]').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: 'Recognition' }).click();
    await page.getByText('Only the program’s managers see its credentials one by one').waitFor();
    await page.getByText('Only the program’s managers grant recognitions and open competitions').waitFor();
    await expect(page.getByTestId('grant-form').count()).resolves.toBe(0);
    expect(await checkPage(page, 'recognition-analyst', () => charts().first().waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('a mentor requests a reward and rates the one received; downloads a credential that the public verification page shows as valid', async () => {
    const mentor = mentorToken('demo-mentor-1');
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-mentor-1' });
    await page.getByRole('link', { name: 'My rewards' }).click();
    await page.getByRole('heading', { name: `Rewards you can request in ${BUDDY}` }).waitFor();
    const eligible = (await recognition(`/programs/${buddyId}/rewards/eligible`, mentor)).body;
    await page.locator('[data-reward]').first().waitFor();
    await expect(page.locator('[data-reward]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-reward')))).resolves.toEqual(eligible.map((r: any) => r.name));
    // The hamper the seed gave: rated here.
    const received = page.locator('[data-request]', { hasText: 'Thank-you hamper' });
    await received.getByText('Received', { exact: true }).first().waitFor();
    expect(await checkPage(page, 'my-rewards', () => received.waitFor())).toEqual({ phone: [], desktop: [] });
    await received.getByRole('group', { name: /How satisfied/ }).getByLabel('4').check();
    await received.getByRole('group', { name: /How relevant/ }).getByLabel('5').check();
    await received.getByLabel(/^Comment/).fill('Lovely, thank you');
    await received.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByTestId('feedback-given').filter({ hasText: 'satisfaction 4 of 5, relevance 5 of 5' }).waitFor();
    const rated = (await recognition('/me/reward-requests', mentor)).body.items.find((r: any) => r.rewardName === 'Thank-you hamper');
    expect(rated.feedback).toMatchObject({ satisfaction: 4, relevance: 5, comment: 'Lovely, thank you' });
    // A new request: reserved on the budget, waiting for a manager.
    await page.getByRole('button', { name: `Request ${eligible[0].name}` }).click();
    await page.getByRole('status').filter({ hasText: `Requested: ${eligible[0].name}.` }).waitFor();
    const requests = (await recognition('/me/reward-requests', mentor)).body.items;
    expect(requests.filter((r: any) => r.status === 'requested').map((r: any) => r.rewardName)).toEqual([eligible[0].name]);
    const waiting = page.locator('[data-request]', { has: page.locator('[data-col=status]', { hasText: 'Waiting for a manager' }) });
    await waiting.waitFor();
    // Withdrawn before a manager decides: cancelled in recognition.
    await waiting.getByRole('button', { name: `Cancel your request for ${eligible[0].name}` }).click();
    await page.getByRole('status').filter({ hasText: `Cancelled: your request for ${eligible[0].name}.` }).waitFor();
    const cancelled = (await recognition('/me/reward-requests', mentor)).body.items.find((r: any) => r.requestId === requests.find((q: any) => q.status === 'requested').requestId);
    expect(cancelled.status).toBe('cancelled');
    await page.locator(`[data-request="${cancelled.requestId}"] [data-col=status]`, { hasText: 'Cancelled' }).waitFor();

    // Credentials: one per award, as recognition lists them; the download is the credential, byte for byte.
    const held = await eventually('demo-mentor-1’s credentials', async () => {
      const page = (await recognition('/me/credentials?limit=100', mentor)).body;
      return page.items?.length > 0 ? page.items : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    await page.getByRole('link', { name: 'My credentials' }).click();
    await page.locator('[data-credential]').first().waitFor();
    await expect(page.locator('[data-credential]').count()).resolves.toBe(held.length);
    const first = held[0];
    const card = page.locator(`[data-credential="${first.credentialId}"]`);
    await expect(card.getByRole('link', { name: /Add to LinkedIn/ }).getAttribute('href')).resolves.toBe(first.linkedInUrl);
    expect(await checkPage(page, 'my-credentials', () => card.waitFor())).toEqual({ phone: [], desktop: [] });
    const [file] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: /^Download/ }).click()]);
    const credentialFile = join(issuerDir, file.suggestedFilename());
    await file.saveAs(credentialFile);
    expect(file.suggestedFilename()).toBe(`credential-${first.credentialId}.json`);
    const downloaded = readFileSync(credentialFile, 'utf8');
    const published = await http('GET', first.url);
    expect(first.url).toBe(`${dashboard.url}/api/recognition/credentials/${first.credentialId}`);
    expect(JSON.parse(downloaded)).toEqual(published.body);
    // Recognition's own verification page (LinkedIn's link) is public through the dashboard too.
    const recognitionPage = await http('GET', first.verificationPage);
    expect([recognitionPage.status, recognitionPage.headers.get('content-type'), recognitionPage.body]).toEqual([200, 'text/html; charset=utf-8', expect.stringContaining('This credential is valid.')]);
    const shared = await card.getByRole('link', { name: `${dashboard.url}/verify/${first.credentialId}` }).getAttribute('href');
    await context.close();

    // Anyone, without a login: the file uploaded, the shared link, the credential's URL pasted — each verified.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await page.goto(`${dashboard.url}/verify`);
    expect(await checkPage(page, 'verify-form', () => page.getByLabel('Credential link').waitFor())).toEqual({ phone: [], desktop: [] });
    const expected = (await http('POST', `${dashboard.url}/api/recognition/credentials/verify`, undefined, { credential: published.body })).body;
    expect(expected.verified).toBe(true);
    const shownChecks = () => page.locator('table.checks tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-check'), tr.querySelector('td')!.textContent]));
    const allPassed = ['signature', 'status', 'validity', 'issuer'].map((c) => [c, expected.checks[c].ok ? 'Passed' : 'Failed']);
    await page.getByLabel('Or upload the credential file (JSON)').setInputFiles(credentialFile);
    await page.getByRole('status').filter({ hasText: 'This credential is valid.' }).waitFor();
    await expect(shownChecks()).resolves.toEqual(allPassed);
    expect(await checkPage(page, 'verify-valid', () => page.locator('[data-verified=true]').waitFor())).toEqual({ phone: [], desktop: [] });

    await page.goto(`${dashboard.url}${shared}`);
    await page.getByRole('status').filter({ hasText: 'This credential is valid.' }).waitFor();
    await expect(shownChecks()).resolves.toEqual(allPassed);
    await page.goto(`${dashboard.url}/verify`);
    await page.getByLabel('Credential link').fill(first.url);
    await page.getByRole('button', { name: 'Verify link' }).click();
    await page.waitForURL(`${dashboard.url}/verify/${first.credentialId}`);
    await page.getByRole('status').filter({ hasText: 'This credential is valid.' }).waitFor();

    // A changed copy fails its signature; an unknown link and a file that is not JSON say so.
    const tamperedFile = join(issuerDir, 'tampered.json');
    const tampered = JSON.parse(downloaded);
    tampered.credentialSubject.achievement.name = 'Mentor of the Century';
    writeFileSync(tamperedFile, JSON.stringify(tampered));
    await page.getByLabel('Or upload the credential file (JSON)').setInputFiles(tamperedFile);
    await page.getByRole('status').filter({ hasText: 'This credential is NOT valid.' }).waitFor();
    const refused = (await http('POST', `${dashboard.url}/api/recognition/credentials/verify`, undefined, { credential: tampered })).body;
    expect(refused.checks.signature.ok).toBe(false);
    await expect(page.locator('table.checks tr[data-check=signature] td').textContent()).resolves.toMatch(/^Failed/);
    expect(await checkPage(page, 'verify-invalid', () => page.locator('[data-verified=false]').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.goto(`${dashboard.url}/verify/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('alert').filter({ hasText: 'This credential was not found' }).waitFor();
    expect(await checkPage(page, 'verify-not-found', () => page.getByRole('alert').waitFor())).toEqual({ phone: [], desktop: [] });
    const notJson = join(issuerDir, 'notes.txt');
    writeFileSync(notJson, 'not a credential');
    await page.getByLabel('Or upload the credential file (JSON)').setInputFiles(notJson);
    await page.getByRole('alert').filter({ hasText: 'notes.txt is not a credential' }).waitFor();
  });

  it('a manager sees the program’s credentials and revokes one; the public page then reports it revoked', async () => {
    const issued = (await recognition(`/programs/${buddyId}/credentials?limit=25`, pm())).body;
    const target = issued.items.find((c: any) => c.status === 'issued' && c.personId !== 'demo-mentor-1');
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await page.goto(`${dashboard.url}/programs/${buddyId}/recognition`);
    await page.locator('[data-testid=program-credentials]').waitFor();
    await expect(page.locator('[data-testid=program-credentials] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-credential')))).resolves
      .toEqual(issued.items.map((c: any) => c.credentialId));
    const row = page.locator(`tr[data-credential="${target.credentialId}"]`);
    await row.getByRole('button', { name: `Revoke ${target.name} of ${target.personId}` }).click();
    await page.keyboard.type('Issued for sessions that never took place'); // the reason field has the focus
    await row.getByRole('button', { name: 'Revoke credential' }).click();
    await page.getByRole('status').filter({ hasText: `Revoked: ${target.name} of ${target.personId}.` }).waitFor();
    const after = (await recognition(`/programs/${buddyId}/credentials?limit=100`, pm())).body.items.find((c: any) => c.credentialId === target.credentialId);
    expect(after.status).toBe('revoked');
    await row.locator('[data-col=status]', { hasText: 'Revoked' }).waitFor();
    await row.getByRole('link', { name: `Check ${target.name} of ${target.personId}` }).click();
    await page.getByRole('status').filter({ hasText: 'This credential is NOT valid.' }).waitFor();
    const report = (await http('POST', `${dashboard.url}/api/recognition/credentials/verify`, undefined, { credential: (await http('GET', target.url)).body })).body;
    expect([report.verified, report.checks.status.ok, report.checks.status.revoked, report.checks.signature.ok]).toEqual([false, false, true, true]);
    await expect(page.locator('table.checks tr[data-check=status] td').textContent()).resolves.toMatch(/^Failed/);
    await expect(page.locator('table.checks tr[data-check=signature] td').textContent()).resolves.toBe('Passed');
  });

  // Third increment: the recognition wall, kudos and competitions.
  const as = (userId: string, role: 'mentor' | 'mentee') => suite.token([role], suite.tenant, userId);
  const freshPage = async () => {
    await context.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
  };

  it('a mentee thanks their mentor, who reads it, shares it on the wall, where it shows', async () => {
    // demo-mentor-4 consents to public acknowledgement (through enrollment, as they would in its app).
    const mentorApps = (await http('GET', `${suite.services.enrollment.url}/my/applications?limit=50`, as('demo-mentor-4', 'mentor'))).body.items;
    for (const a of mentorApps) await http('PUT', `${suite.services.enrollment.url}/applications/${a.applicationId}/consent`, as('demo-mentor-4', 'mentor'), { publicAcknowledgementConsent: true });
    const message = 'You showed me how to say no to the wrong projects';
    await logIn(page, dashboard.url, { tenant: suite.tenant, user: 'demo-mentee-4', roles: ['mentee'] });
    await page.getByRole('link', { name: 'Kudos', exact: true }).click();
    await page.getByLabel('Mentor', { exact: true }).selectOption({ label: 'Mentor 4' });
    await page.getByLabel('Category').selectOption('commitment');
    await page.getByLabel(/^Message/).fill(message);
    await page.getByRole('button', { name: 'Give kudos' }).click();
    await page.getByRole('status').filter({ hasText: 'Kudos sent.' }).waitFor();
    const given = (await recognition('/me/kudos?direction=given', as('demo-mentee-4', 'mentee'))).body.items;
    expect(given.map((k: any) => [k.mentorId, k.category, k.message, k.shared])).toEqual([['demo-mentor-4', 'commitment', message, false]]);
    await page.locator('[data-testid=kudos-given] blockquote', { hasText: message }).waitFor();
    expect(await checkPage(page, 'my-kudos-mentee', () => page.locator('[data-testid=kudos-given]').waitFor())).toEqual({ phone: [], desktop: [] });
    // Again within 7 days: recognition's 409 and its next allowed day, said plainly.
    await page.getByLabel(/^Message/).fill('And thanks again');
    await page.getByRole('button', { name: 'Give kudos' }).click();
    const again = await http('POST', `${suite.services.recognition.url}/programs/${buddyId}/kudos`, as('demo-mentee-4', 'mentee'), { mentorId: 'demo-mentor-4', category: 'trust', message: 'And thanks again' });
    expect([again.status, again.body.code]).toEqual([409, 'kudos.too_soon']);
    await page.getByRole('alert').filter({ hasText: `You already thanked this mentor in the last 7 days. You can give them kudos again from ${again.body.details.nextAllowedAt.slice(0, 10)}` }).waitFor();

    await freshPage();
    await logIn(page, dashboard.url, { tenant: suite.tenant, user: 'demo-mentor-4', roles: ['mentor'] });
    await page.getByRole('link', { name: 'Kudos', exact: true }).click();
    const card = page.locator(`[data-kudos="${given[0].kudosId}"]`);
    await card.locator('blockquote', { hasText: message }).waitFor();
    await page.getByText('No recognition granted yet').waitFor();
    expect(await checkPage(page, 'my-kudos-mentor', () => card.waitFor())).toEqual({ phone: [], desktop: [] });
    await card.getByRole('button', { name: 'Share on the wall' }).click();
    await page.getByRole('status').filter({ hasText: 'Shared on the wall' }).waitFor();
    await card.getByRole('button', { name: 'Take off the wall' }).waitFor();
    expect((await recognition('/me/kudos', as('demo-mentor-4', 'mentor'))).body.items[0].shared).toBe(true);
    await eventually('the shared kudos on the wall (the consent consumed)', async () => {
      const wall = await recognition('/wall?kind=kudos&limit=200', pm());
      return wall.body.items.some((e: any) => e.entryId === `kudos:${given[0].kudosId}`) ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500 });
    await page.getByRole('link', { name: 'Wall', exact: true }).click();
    await page.getByRole('button', { name: 'Kudos', exact: true }).click();
    const entry = page.locator(`[data-entry="kudos:${given[0].kudosId}"]`);
    await entry.locator('blockquote', { hasText: message }).waitFor();
    const wall = (await recognition('/wall?kind=kudos&limit=50', pm())).body.items;
    await expect(page.locator('[data-testid=wall] > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-entry')))).resolves.toEqual(wall.map((e: any) => e.entryId));
    await page.getByRole('button', { name: 'All', exact: true }).click();
    await page.locator('[data-kind=grant]').first().waitFor(); // the seed's grant, with its citation
    expect(await checkPage(page, 'wall', () => page.locator('[data-kind=winner]').first().waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('a finished competition shows its winner and tally; a new one is nominated, voted once and closed; a manager rotates the feed URL', async () => {
    const competitions = (await recognition('/competitions?limit=50', pm())).body.items;
    const finished = competitions.find((c: any) => c.title === 'Mentor of the Year');
    const detail = (await recognition(`/competitions/${finished.competitionId}`, pm())).body;
    const nameOf = (id: string) => detail.nominees.find((n: any) => n.nomineeId === id).name;
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await page.getByRole('link', { name: 'Competitions', exact: true }).click();
    await page.getByRole('link', { name: 'Mentor of the Year', exact: true }).waitFor();
    expect(await checkPage(page, 'competitions', () => page.locator('[data-testid=competitions]').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: 'Mentor of the Year', exact: true }).click();
    await page.getByTestId('winner').filter({ hasText: `Winner: ${nameOf(detail.winnerId)}` }).waitFor();
    const tally = await page.locator('[data-testid=tally] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-nominee'), ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
    expect(tally).toEqual(detail.results.map((r: any) => [r.nomineeId, String(r.votes), String(r.nominations)]));
    expect(await checkPage(page, 'competition-closed', () => page.getByTestId('tally').waitFor())).toEqual({ phone: [], desktop: [] });

    // A live one: a mentee nominates in the page; the manager opens the voting, votes once, sees only the ballot count, closes.
    const periodStart = new Date(Date.now() - 365 * 86_400_000).toISOString();
    const opened = await recognition(`/programs/${buddyId}/competitions`, pm(), 'POST', { title: 'Buddy of the Quarter', periodStart, periodEnd: new Date(Date.now() + 86_400_000).toISOString() });
    expect(opened.status).toBe(201);
    const live = `${dashboard.url}/competitions/${opened.body.competitionId}`;
    await freshPage();
    await logIn(page, dashboard.url, { tenant: suite.tenant, user: 'demo-mentee-5', roles: ['mentee'] });
    await page.goto(live);
    await page.getByText('No nominee yet').waitFor();
    await page.getByLabel('The mentor’s user id').fill('demo-mentor-5');
    await page.getByLabel(/^Why/).fill('Patient with every question');
    await page.getByRole('button', { name: 'Nominate', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Your nomination is in.' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Mentor 5' }).waitFor();
    await freshPage();
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await page.goto(live);
    await page.locator('[data-testid=nominations] tr', { hasText: 'Patient with every question' }).filter({ hasText: 'demo-mentee-5' }).waitFor(); // the citation: managers only
    await page.getByRole('button', { name: 'Open the voting' }).click();
    await page.getByTestId('competition-status').filter({ hasText: 'Voting open' }).waitFor();
    await page.getByLabel('Your vote (once)').selectOption({ label: 'Mentor 5' });
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await page.getByTestId('my-vote').filter({ hasText: 'You voted for Mentor 5.' }).waitFor();
    await page.getByTestId('ballots').filter({ hasText: '1 ballot cast so far' }).waitFor();
    await expect(page.getByRole('button', { name: 'Vote', exact: true }).count()).resolves.toBe(0);
    expect((await recognition(`/competitions/${opened.body.competitionId}`, pm())).body.results).toBeNull();
    expect(await checkPage(page, 'competition-voting', () => page.getByTestId('my-vote').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('button', { name: 'Close and name the winner' }).click();
    await page.getByTestId('winner').filter({ hasText: 'Winner: Mentor 5' }).waitFor();
    expect((await recognition(`/competitions/${opened.body.competitionId}`, pm())).body.winnerId).toBe('demo-mentor-5');

    // The newsletter feed: the new secret URL shown once, and it answers (through the dashboard's route).
    await page.getByRole('link', { name: 'Wall', exact: true }).click();
    await page.getByRole('button', { name: /^(Create|Rotate) the feed URL$/ }).click();
    const feedUrl = await page.getByTestId('feed-url').textContent();
    const feed = await http('GET', feedUrl!);
    expect([feed.status, feed.body]).toEqual([200, expect.stringContaining('<feed')]);
    expect(await checkPage(page, 'wall-manager', () => page.getByTestId('feed-url').waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('a manager grants a custom recognition and a badge, each with its citation, and opens a competition from the program’s recognition page', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await page.goto(`${dashboard.url}/programs/${buddyId}/recognition`);
    const shownGrants = () => page.locator('[data-testid=grants] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-grant'), tr.querySelector('td')!.textContent, tr.querySelectorAll('td')[1].textContent]));
    const apiGrants = async () => (await recognition(`/programs/${buddyId}/grants?limit=25`, pm())).body.items.map((g: any) => [g.grantId, g.personId, g.citation]);
    await page.locator('[data-testid=grants]').waitFor();
    await expect(shownGrants()).resolves.toEqual(await apiGrants());

    const form = page.getByTestId('grant-form');
    await form.getByLabel(/^The person’s user id/).fill('demo-mentor-3');
    await form.getByLabel('Title', { exact: true }).fill('Pairing whisperer');
    await form.getByLabel(/^Citation/).fill('Rescued three stalled pairings this spring');
    await form.getByRole('button', { name: 'Grant' }).click();
    await page.getByRole('status').filter({ hasText: 'Granted: Pairing whisperer to demo-mentor-3.' }).waitFor();
    await form.getByLabel('Recognition', { exact: true }).selectOption({ label: 'Badge: Steady Mentor (custom)' });
    await form.getByLabel(/^The person’s user id/).fill('demo-mentor-4');
    await form.getByLabel(/^Citation/).fill('Never missed a session in six months');
    await form.getByRole('button', { name: 'Grant' }).click();
    await page.getByRole('status').filter({ hasText: 'Granted: Steady Mentor to demo-mentor-4.' }).waitFor();
    const granted = (await recognition(`/programs/${buddyId}/grants?limit=25`, pm())).body.items;
    expect(granted.filter((g: any) => ['demo-mentor-3', 'demo-mentor-4'].includes(g.personId)).map((g: any) => [g.personId, g.kind, g.title, g.citation, g.status])).toEqual([
      ['demo-mentor-4', 'badge', 'Steady Mentor', 'Never missed a session in six months', 'granted'],
      ['demo-mentor-3', 'custom', 'Pairing whisperer', 'Rescued three stalled pairings this spring', 'granted'],
    ]);
    await page.locator('[data-testid=grants] tr', { hasText: 'Never missed a session in six months' }).waitFor();
    await expect(shownGrants()).resolves.toEqual(await apiGrants());
    // Someone who is not in the program: recognition's 404, said as what was not done.
    await form.getByLabel(/^The person’s user id/).fill('nobody-here');
    await form.getByLabel('Title', { exact: true }).fill('Ghost');
    await form.getByLabel(/^Citation/).fill('Not a participant');
    await form.getByRole('button', { name: 'Grant' }).click();
    await page.getByRole('alert').filter({ hasText: 'Not granted.' }).filter({ hasText: 'recognition.unknown_person' }).waitFor();
    expect((await recognition(`/programs/${buddyId}/grants?personId=nobody-here`, pm())).body.total).toBe(0);

    const competition = page.getByTestId('competition-form');
    const from = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await competition.getByLabel('Title').fill('Mentor of the Season');
    await competition.getByLabel('Sessions count from').fill(from);
    await competition.getByLabel(/^until/).fill(to);
    await competition.getByLabel(/^Eligible mentors/).fill('2');
    expect(await checkPage(page, 'recognition-manage', () => page.getByTestId('competition-form').waitFor())).toEqual({ phone: [], desktop: [] });
    await competition.getByRole('button', { name: 'Open the competition' }).click();
    await page.getByRole('status').filter({ hasText: 'Opened: Mentor of the Season, taking nominations.' }).waitFor();
    const listed = (await recognition(`/competitions?programId=${buddyId}&limit=50`, pm())).body.items.filter((c: any) => c.title === 'Mentor of the Season');
    expect(listed.map((c: any) => [c.programId, c.status, c.periodStart.slice(0, 10), c.periodEnd.slice(0, 10), c.minConfirmedSessions])).toEqual([[buddyId, 'nominating', from, to, 2]]);
    await page.getByRole('link', { name: 'Go to the competition' }).click();
    await page.getByRole('heading', { name: 'Mentor of the Season' }).waitFor();
    expect(page.url()).toBe(`${dashboard.url}/competitions/${listed[0].competitionId}`);
  });

  it('a person of an organization without recognition yet sees what would fill the wall, kudos and competitions', async () => {
    await logIn(page, dashboard.url, { tenant: `${suite.tenant}-quiet`, user: 'lone', roles: ['mentor', 'mentee'] });
    await page.getByRole('link', { name: 'Kudos', exact: true }).click();
    await page.getByText('No kudos yet').waitFor();
    await page.getByText('You have no mentor to thank yet').waitFor();
    expect(await checkPage(page, 'my-kudos-empty', () => page.getByText('You have not given kudos yet').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: 'Wall', exact: true }).click();
    expect(await checkPage(page, 'wall-empty', () => page.getByText('Nothing on the wall yet').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: 'Competitions', exact: true }).click();
    expect(await checkPage(page, 'competitions-empty', () => page.getByText('No competition yet').waitFor())).toEqual({ phone: [], desktop: [] });
  });

  it('a mentor in no program sees what would fill their badges, rewards and credentials', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, user: 'new-mentor', roles: ['mentor'] });
    expect(await checkPage(page, 'my-recognition-empty', () => page.getByText('You are not in a program with badges yet').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: 'My rewards' }).click();
    await page.getByText('You are not an approved mentor in a program yet').waitFor();
    expect(await checkPage(page, 'my-rewards-empty', () => page.getByText('You have not requested a reward yet').waitFor())).toEqual({ phone: [], desktop: [] });
    await page.getByRole('link', { name: 'My credentials' }).click();
    await page.getByText('No credential yet').waitFor();
    expect(await checkPage(page, 'my-credentials-empty', () => page.getByText('No credential yet').waitFor())).toEqual({ phone: [], desktop: [] });
  });
  // Last in the file: it stops recognition.
  it('with recognition down, its pages say the service is not answering and offer to try again', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await suite.services.recognition.stop();
    const down = () => page.getByRole('alert').filter({ hasText: 'The service is not answering right now' });
    await page.goto(`${dashboard.url}/programs/${buddyId}/rewards`);
    await down().filter({ hasText: 'Could not load the budget position' }).waitFor();
    await page.locator('.kpi[data-metric=reward-satisfaction]').waitFor(); // analytics still answers
    expect(await checkPage(page, 'rewards-error', () => down().first().waitFor())).toEqual({ phone: [], desktop: [] });
    await context.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-mentor-1' });
    for (const [path, what, name] of [['/me', 'your badges', 'my-recognition-error'], ['/me/rewards', 'your reward requests', 'my-rewards-error'], ['/me/credentials', 'your credentials', 'my-credentials-error'],
      ['/me/kudos', 'your kudos', 'my-kudos-error'], ['/wall', 'the recognition wall', 'wall-error'], ['/competitions', 'the competitions', 'competitions-error'],
      ['/competitions/00000000-0000-4000-8000-000000000000', 'this competition', 'competition-error']]) {
      await page.goto(`${dashboard.url}${path}`);
      await down().filter({ hasText: `Could not load ${what}` }).getByRole('button', { name: 'Try again' }).waitFor();
      expect(await checkPage(page, name, () => down().first().waitFor())).toEqual({ phone: [], desktop: [] });
    }
    await page.goto(`${dashboard.url}/verify/00000000-0000-4000-8000-000000000000`);
    await down().filter({ hasText: 'Could not load this credential' }).waitFor();
    expect(await checkPage(page, 'verify-error', () => down().waitFor())).toEqual({ phone: [], desktop: [] });
  });
  // After recognition: it stops analytics too.
  it('with analytics down, the programs and each of a program’s pages say the service is not answering and offer to try again', async () => {
    await logIn(page, dashboard.url, { tenant: suite.tenant, person: 'demo-pm' });
    await page.getByRole('link', { name: BUDDY }).waitFor();
    await suite.services.analytics.stop();
    const down = (what: string) => page.getByRole('alert').filter({ hasText: `Could not load ${what}. The service is not answering right now` }).getByRole('button', { name: 'Try again' });
    await page.reload();
    expect(await checkPage(page, 'programs-error', () => down('the programs').waitFor())).toEqual({ phone: [], desktop: [] });
    for (const tab of ['', '/evaluation', '/roi', '/recognition']) {
      await page.goto(`${dashboard.url}/programs/${buddyId}${tab}`);
      expect(await checkPage(page, `program${tab.replace('/', '-') || '-overview'}-error`, () => down('this program').waitFor())).toEqual({ phone: [], desktop: [] });
    }
  });
});
