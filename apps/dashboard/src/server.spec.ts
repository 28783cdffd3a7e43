import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DEV_AUDIENCE, DEV_ISSUER, DevIssuer, TokenVerifier } from '@tandem/platform';
import { dashboardConfig, type DashboardConfig } from './config';
import { createDashboardServer } from './server';

const listen = (server: Server) => new Promise<string>((done) => server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const close = (server: Server) => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); });

describe('dashboard server', () => {
  let dir: string;
  let issuer: DevIssuer;
  let upstream: Server;
  let upstreamUrl: string;
  const seen: { url?: string; headers?: Record<string, unknown> } = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-spec-'));
    issuer = DevIssuer.inDirectory(join(dir, 'issuer'));
    mkdirSync(join(dir, 'web/assets'), { recursive: true });
    writeFileSync(join(dir, 'web/index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(dir, 'web/assets/app.js'), 'console.log(1)');
    // Stands in for a service: answers with what it received.
    upstream = createServer((req, res) => {
      seen.url = req.url;
      seen.headers = req.headers;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    upstreamUrl = await listen(upstream);
  });
  afterAll(async () => {
    await close(upstream);
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string>) => ({
    DASHBOARD_STATIC_DIR: join(dir, 'web'), ANALYTICS_URL: upstreamUrl, ...extra,
  });
  async function withServer(config: DashboardConfig, run: (url: string) => Promise<void>) {
    const server = createDashboardServer(config);
    const url = await listen(server);
    try {
      await run(url);
    } finally {
      await close(server);
    }
  }

  it('refuses the development login outside development, and needs an identity provider without it', () => {
    expect(() => dashboardConfig(env({ DASHBOARD_DEV_LOGIN: 'true', NODE_ENV: 'production', DEV_ISSUER_DIR: join(dir, 'issuer') }))).toThrow(/DASHBOARD_DEV_LOGIN is refused outside development/);
    expect(() => dashboardConfig(env({ DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: join(dir, 'issuer') }))).toThrow(/refused outside development/);
    expect(() => dashboardConfig(env({ NODE_ENV: 'production' }))).toThrow(/OIDC_AUTHORITY is required/);
    expect(() => dashboardConfig(env({ OIDC_AUTHORITY: 'https://idp.example.com', ANALYTICS_URL: 'analytics:3004' }))).toThrow(/ANALYTICS_URL must be an http\(s\) URL/);
  });

  it('in production: no development login route, the configured issuer in /config.json, the app and its assets', async () => {
    await withServer(dashboardConfig(env({ NODE_ENV: 'production', OIDC_AUTHORITY: 'https://idp.example.com/realms/acme' })), async (url) => {
      expect(await (await fetch(`${url}/config.json`)).json() as unknown).toEqual({ authority: 'https://idp.example.com/realms/acme', clientId: 'tandem-dashboard', scope: 'openid profile', devLogin: false });
      const discovery = await fetch(`${url}/dev-oidc/.well-known/openid-configuration`);
      expect(discovery.status).toBe(404);
      expect(((await discovery.json()) as any).code).toBe('dashboard.dev_login_disabled');
      expect((await fetch(`${url}/dev-oidc/token`, { method: 'POST', body: 'grant_type=authorization_code' })).status).toBe(404);
      const route = await fetch(`${url}/programs/0b9f1c1e-0000-4000-8000-000000000000/roi`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<title>app</title>');
      expect(route.headers.get('content-security-policy')).toContain("default-src 'self'; connect-src 'self' https://idp.example.com;");
      expect((await fetch(`${url}/assets/app.js`)).headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${url}/..%2f..%2fetc/passwd.txt`)).status).toBe(404);
    });
  });

  it('passes /api/<service>/… to the service with the bearer token and without cookies; an unknown service is a 404', async () => {
    await withServer(dashboardConfig(env({ OIDC_AUTHORITY: 'https://idp.example.com' })), async (url) => {
      const answer = await fetch(`${url}/api/analytics/programs/p-1/kpis?asOf=2027-01-31`, { headers: { authorization: 'Bearer abc', cookie: 'session=secret' } });
      expect(answer.status).toBe(200);
      expect(await answer.json() as unknown).toEqual({ ok: true });
      expect(seen.url).toBe('/programs/p-1/kpis?asOf=2027-01-31');
      expect(seen.headers!.authorization).toBe('Bearer abc');
      expect(seen.headers!.cookie).toBeUndefined();
      expect((await fetch(`${url}/api/payroll/salaries`)).status).toBe(404);
    });
  });

  it('passes the public routes on without a login (a credential, its verification) and serves /verify/<id> as the app', async () => {
    await withServer(dashboardConfig(env({ OIDC_AUTHORITY: 'https://idp.example.com', RECOGNITION_URL: upstreamUrl })), async (url) => {
      const id = '7e91ad4d-0103-4dc6-a8cd-1d3add0a4368';
      expect((await fetch(`${url}/api/recognition/credentials/${id}`)).status).toBe(200);
      expect([seen.url, seen.headers!.authorization]).toEqual([`/credentials/${id}`, undefined]);
      const verify = await fetch(`${url}/api/recognition/credentials/verify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"credential":{}}' });
      expect([verify.status, seen.url, seen.headers!['content-type']]).toEqual([200, '/credentials/verify', 'application/json']);
      // The caller's address goes on (the services rate-limit public routes per client), after any proxy's before it.
      expect(seen.headers!['x-forwarded-for']).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      await fetch(`${url}/api/recognition/credentials/${id}`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(seen.headers!['x-forwarded-for']).toMatch(/^203\.0\.113\.9, (::ffff:)?127\.0\.0\.1$/);
      const page = await fetch(`${url}/verify/${id}`);
      expect([page.status, await page.text()]).toEqual([200, '<!doctype html><title>app</title>']);
    });
  });

  it('answers 502 naming the service when it is down', async () => {
    await withServer(dashboardConfig(env({ OIDC_AUTHORITY: 'https://idp.example.com', RECOGNITION_URL: 'http://127.0.0.1:9' })), async (url) => {
      const answer = await fetch(`${url}/api/recognition/me/progress`);
      expect(answer.status).toBe(502);
      expect(((await answer.json()) as any).message).toContain('recognition');
    });
  });

  it('in development: authorization code with PKCE; the access token is one the services accept; a wrong verifier or a reused code is refused', async () => {
    await withServer(dashboardConfig(env({ NODE_ENV: 'development', DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: join(dir, 'issuer') })), async (url) => {
      // Behind a proxy (Vite's dev server) the provider names the origin the browser sees.
      const proxied: any = await (await fetch(`${url}/config.json`, { headers: { 'x-forwarded-host': 'localhost:5173' } })).json();
      expect(proxied.authority).toBe('http://localhost:5173/dev-oidc');
      const discovery: any = await (await fetch(`${url}/dev-oidc/.well-known/openid-configuration`)).json();
      expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
      const verifier = randomBytes(32).toString('base64url');
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      const params = { client_id: 'tandem-dashboard', redirect_uri: `${url}/callback`, response_type: 'code', state: 's1', code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n1' };
      expect((await fetch(`${discovery.authorization_endpoint}?${new URLSearchParams({ ...params, code_challenge_method: 'plain' })}`)).status).toBe(400);
      expect((await fetch(`${discovery.authorization_endpoint}?${new URLSearchParams({ ...params, redirect_uri: 'https://evil.example.com/cb' })}`)).status).toBe(400);
      const page = await fetch(`${discovery.authorization_endpoint}?${new URLSearchParams(params)}`);
      expect(await page.text()).toContain('demo-pm');
      const login = await fetch(discovery.authorization_endpoint, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...params, tenant: 'acme', person: 'demo-pm' }) });
      expect(login.status).toBe(303);
      const callback = new URL(login.headers.get('location')!);
      expect(callback.searchParams.get('state')).toBe('s1');
      const code = callback.searchParams.get('code')!;
      const token = (form: Record<string, string>) => fetch(discovery.token_endpoint, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: 'tandem-dashboard', redirect_uri: params.redirect_uri, code, ...form }) });
      expect((await token({ code_verifier: 'not-the-verifier' })).status).toBe(400);

      // A refused attempt spends the code: log in again.
      const again = await fetch(discovery.authorization_endpoint, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...params, tenant: 'acme', person: 'demo-pm' }) });
      const code2 = new URL(again.headers.get('location')!).searchParams.get('code')!;
      const tokens: any = await (await token({ code: code2, code_verifier: verifier })).json();
      const caller = await new TokenVerifier({ issuer: DEV_ISSUER, audience: DEV_AUDIENCE, publicKey: issuer.publicKey } as never).verify(tokens.access_token);
      expect(caller).toEqual({ userId: 'demo-pm', tenantId: 'acme', roles: ['program-manager'] });
      const idToken = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
      expect(idToken).toMatchObject({ iss: `${url}/dev-oidc`, aud: 'tandem-dashboard', sub: 'demo-pm', nonce: 'n1' });
      expect((await token({ code: code2, code_verifier: verifier })).status).toBe(400);
    });
  });

  it('answers bad input with a 4xx, never a 5xx', async () => {
    await withServer(dashboardConfig(env({ NODE_ENV: 'development', DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: join(dir, 'issuer') })), async (url) => {
      const authorize = { client_id: 'tandem-dashboard', redirect_uri: `${url}/callback`, response_type: 'code', code_challenge: 'x', code_challenge_method: 'S256' };
      const cases: [string, string, RequestInit?][] = [
        ['bad percent-encoding', '/%E0%A4%A'],
        ['a NUL in the path', '/%00.js'],
        ['a POST to a page', '/programs', { method: 'POST', body: '{}' }],
        ['an authorize without parameters', '/dev-oidc/authorize'],
        ['an empty login form', '/dev-oidc/authorize', { method: 'POST', body: '' }],
        ['a control character in the tenant', '/dev-oidc/authorize', { method: 'POST', body: new URLSearchParams({ ...authorize, tenant: 'a\u0000b', person: 'demo-pm' }) }],
        ['a 300-character user id', '/dev-oidc/authorize', { method: 'POST', body: new URLSearchParams({ ...authorize, tenant: 'acme', person: 'other', user: 'u'.repeat(300), roles: 'mentor' }) }],
        ['unknown roles only', '/dev-oidc/authorize', { method: 'POST', body: new URLSearchParams({ ...authorize, tenant: 'acme', person: 'other', user: 'u', roles: 'root,superuser' }) }],
        ['a form over 16 KiB', '/dev-oidc/authorize', { method: 'POST', body: 'a='.padEnd(40_000, 'x') }],
        ['a token request that is not a form', '/dev-oidc/token', { method: 'POST', body: '%%%{"json":true}' }],
        ['a token request over 16 KiB', '/dev-oidc/token', { method: 'POST', body: 'code='.padEnd(40_000, 'x') }],
        ['a GET of the token endpoint', '/dev-oidc/token'],
      ];
      for (const [what, path, init] of cases) {
        const answer = await fetch(`${url}${path}`, init);
        await answer.arrayBuffer();
        expect([what, answer.status >= 400 && answer.status < 500]).toEqual([what, true]);
      }
    });
  });

  it('the process exits with a message when the development login is asked for in production', async () => {
    const root = resolve(__dirname, '../../..');
    const run = promisify(execFile);
    const failure = await run(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/dashboard/src/main.ts')], {
      cwd: root, env: { ...process.env, NODE_ENV: 'production', DASHBOARD_DEV_LOGIN: 'true', DEV_ISSUER_DIR: join(dir, 'issuer'), PORT: '0' },
    }).then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('DASHBOARD_DEV_LOGIN is refused outside development');
  });
});
