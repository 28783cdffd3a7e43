import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { eventually } from '@tandem/testing';
import { checkPage, launchChromium } from './support/browser';
import { aProgram, freePort, http, SERVICES, ServiceProcess, startSuite, type Suite } from './support/suite';

const RESOURCE = 'urn:tandem:api';
const CLIENT_ID = 'tandem-dashboard';

/**
 * The dashboard as deployed (NODE_ENV=production): no development login, and the browser logs in with a real
 * OpenID Connect provider (panva's oidc-provider, authorization code + PKCE) whose JWT access tokens the four
 * services verify through its JWKS (AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL) — the setup of k8s/.
 */
describe('dashboard in production: login with an OpenID Connect provider', () => {
  let suite: Suite;
  let provider: ChildProcess;
  let issuer: string;
  let dashboard: ServiceProcess;
  let browser: Browser;

  beforeAll(async () => {
    const [providerPort, dashboardPort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${providerPort}`;
    const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
    const auth = { AUTH_ISSUER: issuer, AUTH_AUDIENCE: RESOURCE, AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_PUBLIC_KEY: '' };
    [suite, browser] = await Promise.all([startSuite({ env: Object.fromEntries(SERVICES.map((s) => [s, auth])) }), launchChromium()]);
    provider = spawn(process.execPath, [join(__dirname, 'support/oidc-provider.mjs')], {
      env: {
        ...process.env, PORT: String(providerPort), OIDC_CLIENT_ID: CLIENT_ID, REDIRECT_URI: `${dashboardUrl}/callback`, RESOURCE,
        ACCOUNTS: JSON.stringify({ 'pm-oidc': { tenant_id: suite.tenant, roles: ['program-manager'] } }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(join(suite.logDir, 'oidc-provider.log'));
    provider.stdout!.pipe(log);
    provider.stderr!.pipe(log);
    dashboard = new ServiceProcess('dashboard', 'dashboard', {
      PORT: String(dashboardPort), HOST: '127.0.0.1', NODE_ENV: 'production', OIDC_AUTHORITY: issuer, OIDC_CLIENT_ID: CLIENT_ID,
      ENROLLMENT_URL: suite.services.enrollment.url, SESSION_TRACKING_URL: suite.services['session-tracking'].url,
      RECOGNITION_URL: suite.services.recognition.url, ANALYTICS_URL: suite.services.analytics.url,
    }, suite.logDir);
    await dashboard.start();
    await eventually('the OIDC provider to answer', async () => ((await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => undefined))?.ok ? true : undefined), { timeoutMs: 20_000, intervalMs: 200 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    provider?.kill('SIGTERM');
    await suite?.stop();
  });

  it('offers no development login', async () => {
    expect((await http('GET', `${dashboard.url}/config.json`)).body).toEqual({ authority: issuer, clientId: CLIENT_ID, scope: 'openid profile', devLogin: false });
    expect((await http('GET', `${dashboard.url}/dev-oidc/.well-known/openid-configuration`)).status).toBe(404);
  });

  it('a manager logs in at the provider (PKCE), and the services accept the token the dashboard holds', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(dashboard.url);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((url) => url.origin === issuer);
      await page.locator('input[name=login]').fill('pm-oidc');
      await page.locator('input[name=password]').fill('any');
      await page.locator('button[type=submit]').click();
      // The provider asks for consent once.
      await page.locator('button[type=submit]').click();
      await page.locator('header .who', { hasText: 'pm-oidc' }).waitFor();
      await page.getByText('No programs yet').waitFor();

      // The access token the browser holds: a JWT from the provider for the services' audience, with PKCE behind it.
      const token = await page.evaluate(`JSON.parse(sessionStorage.getItem('oidc.user:${issuer}:${CLIENT_ID}')).access_token`) as string;
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ iss: issuer, aud: RESOURCE, sub: 'pm-oidc', tenant_id: suite.tenant, roles: ['program-manager'] });
      const created = await http('POST', `${suite.services.enrollment.url}/programs`, token, aProgram({ name: 'Program seen through the provider' }));
      expect(created.status).toBe(201);
      await eventually('analytics to show the program', async () => ((await http('GET', `${suite.services.analytics.url}/programs/${created.body.programId}`, token)).status === 200 ? true : undefined), { timeoutMs: 30_000, intervalMs: 250 });
      await page.reload();
      await page.getByRole('link', { name: 'Program seen through the provider' }).click();
      await page.getByRole('heading', { name: 'Funnel' }).waitFor();
      expect(await checkPage(page, 'production-overview', () => page.getByRole('heading', { name: 'Funnel' }).waitFor())).toEqual({ phone: [], desktop: [] });

      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('button', { name: 'Log in' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
