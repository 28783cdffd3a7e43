import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DevIssuer, ROLES, type Role } from '@tandem/platform';

/** The demo people `npm run up` seeds (tools/seed-demo.ts), offered on the development login page. */
export const DEMO_PEOPLE: { id: string; label: string; roles: Role[] }[] = [
  { id: 'demo-pm', label: 'Program manager of the demo programs', roles: ['program-manager'] },
  { id: 'demo-analyst', label: 'Analyst', roles: ['analyst'] },
  { id: 'demo-mentor-1', label: 'Mentor 1 of the New Joiners Buddy Program', roles: ['mentor'] },
  { id: 'demo-admin', label: 'Tenant administrator', roles: ['admin'] },
];

interface PendingCode {
  sub: string; tenant: string; roles: Role[]; clientId: string; redirectUri: string; challenge: string; nonce?: string; expires: number;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const base64url = (b: Buffer) => b.toString('base64url');

/**
 * A local OpenID Connect provider for development only: authorization code with PKCE (S256), signing with the
 * development issuer's key, so the services accept its access tokens exactly as `npm run token`'s. The login page
 * picks a demo person (or any tenant, user and roles). The dashboard's browser code talks to it with the same
 * OIDC client as to a real identity provider. Mounted under /dev-oidc only when the configuration allows it.
 */
export class DevOidcProvider {
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens: DevIssuer;

  constructor(
    private readonly keys: { privateKey: string; publicKey: string },
    private readonly clientId: string,
  ) {
    this.accessTokens = new DevIssuer(keys.privateKey, keys.publicKey);
  }

  /** Handles /dev-oidc/…; false when the path is not one of its endpoints. */
  async handle(req: IncomingMessage, res: ServerResponse, path: string, origin: string): Promise<boolean> {
    const issuer = `${origin}/dev-oidc`;
    const url = new URL(req.url ?? '/', origin);
    if (path === '/dev-oidc/.well-known/openid-configuration' && req.method === 'GET') {
      json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        grant_types_supported: ['authorization_code'],
        code_challenge_methods_supported: ['S256'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
        token_endpoint_auth_methods_supported: ['none'],
      });
      return true;
    }
    if (path === '/dev-oidc/jwks' && req.method === 'GET') {
      json(res, 200, { keys: [{ ...createPublicKey(this.keys.publicKey).export({ format: 'jwk' }), use: 'sig', alg: 'ES256' }] });
      return true;
    }
    if (path === '/dev-oidc/authorize' && req.method === 'GET') {
      const params = Object.fromEntries(url.searchParams);
      const problem = this.checkAuthorize(params, origin);
      if (problem) return text(res, 400, problem), true;
      html(res, 200, loginPage(params));
      return true;
    }
    if (path === '/dev-oidc/authorize' && req.method === 'POST') {
      const raw = await body(req);
      if (raw === null) return text(res, 413, 'form too large'), true;
      const form = Object.fromEntries(new URLSearchParams(raw));
      const problem = this.checkAuthorize(form, origin);
      if (problem) return text(res, 400, problem), true;
      const person = DEMO_PEOPLE.find((p) => p.id === form.person);
      const roles = person ? person.roles : (form.roles ?? '').split(',').filter((r): r is Role => (ROLES as readonly string[]).includes(r));
      const sub = person ? person.id : (form.user ?? '').trim();
      const tenant = (form.tenant ?? '').trim();
      if (!isId(sub) || !isId(tenant) || roles.length === 0) return html(res, 400, loginPage(form, 'Choose a person (or enter a user id and roles) and a tenant: printable text, at most 200 characters.')), true;
      const code = base64url(randomBytes(32));
      this.codes.set(code, { sub, tenant, roles, clientId: form.client_id, redirectUri: form.redirect_uri, challenge: form.code_challenge, nonce: form.nonce, expires: Date.now() + 60_000 });
      const target = new URL(form.redirect_uri);
      target.searchParams.set('code', code);
      if (form.state) target.searchParams.set('state', form.state);
      res.writeHead(303, { location: target.toString() }).end();
      return true;
    }
    if (path === '/dev-oidc/token' && req.method === 'POST') {
      const raw = await body(req);
      if (raw === null) return json(res, 413, { error: 'invalid_request', error_description: 'body too large' }), true;
      const form = Object.fromEntries(new URLSearchParams(raw));
      const pending = this.codes.get(form.code ?? '');
      this.codes.delete(form.code ?? '');
      const verifierHash = base64url(createHash('sha256').update(form.code_verifier ?? '').digest());
      if (form.grant_type !== 'authorization_code' || !pending || pending.expires < Date.now() || pending.clientId !== form.client_id
        || pending.redirectUri !== form.redirect_uri || verifierHash !== pending.challenge) {
        json(res, 400, { error: 'invalid_grant', error_description: 'unknown, used or expired code, or a code_verifier that does not match the code_challenge' });
        return true;
      }
      const expiresIn = 8 * 3600;
      const idTokens = new DevIssuer(this.keys.privateKey, this.keys.publicKey, issuer, pending.clientId);
      json(res, 200, {
        token_type: 'Bearer',
        expires_in: expiresIn,
        scope: 'openid profile',
        access_token: this.accessTokens.issue({ tenantId: pending.tenant, roles: pending.roles, userId: pending.sub, expiresIn }),
        id_token: idTokens.issueIdToken({ sub: pending.sub, nonce: pending.nonce, tenantId: pending.tenant, roles: pending.roles }),
      });
      return true;
    }
    return false;
  }

  private checkAuthorize(p: Record<string, string>, origin: string): string | undefined {
    if (p.client_id !== this.clientId) return `unknown client_id (this provider serves ${this.clientId})`;
    if (p.response_type !== 'code') return 'response_type must be code';
    if (p.code_challenge_method !== 'S256' || !p.code_challenge) return 'PKCE is required: code_challenge with code_challenge_method=S256';
    if (!p.redirect_uri?.startsWith(`${origin}/`)) return 'redirect_uri must be on the dashboard’s own origin';
    return undefined;
  }
}

function loginPage(p: Record<string, string>, error?: string): string {
  const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method', 'nonce']
    .filter((k) => p[k] !== undefined)
    .map((k) => `<input type="hidden" name="${k}" value="${esc(p[k])}">`).join('');
  const people = DEMO_PEOPLE.map((d, i) => `<label><input type="radio" name="person" value="${d.id}"${i === 0 ? ' checked' : ''}> <b>${d.id}</b> — ${esc(d.label)} <small>(${d.roles.join(', ')})</small></label>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Development login — Tandem</title><link rel="stylesheet" href="/dev-login.css"></head><body><main>
<h1>Development login</h1>
<p>This login exists only in development (the demo of <code>npm run up</code>): it signs tokens with the local development issuer. In production the dashboard logs in with your organization’s identity provider.</p>
${error ? `<p role="alert" class="error">${esc(error)}</p>` : ''}
<form method="post" action="/dev-oidc/authorize">${hidden}
<label for="tenant">Tenant</label><input id="tenant" name="tenant" value="${esc(p.tenant ?? 'demo')}" required>
<fieldset><legend>Person</legend>${people}
<label><input type="radio" name="person" value="other"> Someone else:</label>
<label for="user">User id</label><input id="user" name="user" value="${esc(p.user ?? '')}">
<label for="roles">Roles (comma-separated: ${ROLES.join(', ')})</label><input id="roles" name="roles" value="${esc(p.roles ?? '')}">
</fieldset>
<button type="submit">Log in</button></form></main></body></html>`;
}

/** A form body, at most 16 KiB (null beyond: the caller answers 413). */
function body(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let data = '';
    let tooLarge = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (!tooLarge) data += chunk;
      if (data.length > 16_384) tooLarge = true;
    });
    req.on('end', () => resolve(tooLarge ? null : data));
    req.on('error', reject);
  });
}

/** A tenant or user id as the services take it: printable, no control characters, at most 200 characters. */
const isId = (s: string) => s.length >= 1 && s.length <= 200 && ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

const NO_STORE = { 'cache-control': 'no-store' };
function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', ...NO_STORE }).end(JSON.stringify(value));
}
function html(res: ServerResponse, status: number, page: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...NO_STORE }).end(page);
}
function text(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...NO_STORE }).end(message);
}
