import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { UPSTREAMS, type DashboardConfig, type Upstream } from './config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json', '.txt': 'text/plain; charset=utf-8',
};
/** What the browser may send on to a service (nothing else: no cookies); the proxy adds X-Forwarded-For. */
const FORWARDED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'if-match', 'idempotency-key', 'traceparent', 'x-correlation-id'];
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer']);
/** The page's own origin only, plus the identity provider, which the OIDC client calls (discovery, token endpoint). */
const securityHeaders = (config: DashboardConfig) => ({
  'content-security-policy': [
    "default-src 'self'",
    `connect-src 'self'${config.oidcAuthority ? ` ${new URL(config.oidcAuthority).origin}` : ''}`,
    "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

/**
 * The dashboard's small server: the built single-page app as static files, the services' public APIs under one
 * origin (`/api/<service>/…`, passed through with the caller's bearer token — no CORS needed), the login
 * configuration (`/config.json`) and, in development only, the local OIDC provider (`/dev-oidc/…`).
 */
export function createDashboardServer(config: DashboardConfig): Server {
  // Loaded only in development: it signs with the platform's DevIssuer, and production never loads that code.
  const keys = config.devLogin;
  const devOidc = keys ? import('./dev-oidc').then((m) => new m.DevOidcProvider(keys, config.oidcClientId)) : undefined;
  const gzipCache = new Map<string, Buffer>();
  const SECURITY_HEADERS = securityHeaders(config);

  const serveStatic = (req: IncomingMessage, res: ServerResponse, path: string) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      return problem(res, 400, 'dashboard.bad_path', 'The path is not valid percent-encoding');
    }
    if (decoded.includes('\0')) return problem(res, 400, 'dashboard.bad_path', 'The path holds a NUL character');
    let file = normalize(join(config.staticDir, decoded));
    if (!file.startsWith(normalize(config.staticDir + sep)) && file !== normalize(config.staticDir)) return problem(res, 404, 'dashboard.not_found', 'No such file');
    if (!existsSync(file) || statSync(file).isDirectory()) {
      // Client-side routes (/programs/…) get the app; a missing asset is a 404.
      if (extname(path)) return problem(res, 404, 'dashboard.not_found', 'No such file');
      file = join(config.staticDir, 'index.html');
      if (!existsSync(file)) return problem(res, 503, 'dashboard.not_built', 'The dashboard is not built: run `node tools/build.js`');
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const immutable = path.startsWith('/assets/');
    const headers: Record<string, string> = { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache', ...SECURITY_HEADERS };
    let content: Buffer = readFileSync(file);
    if (/gzip/.test(String(req.headers['accept-encoding'] ?? '')) && /text|json|svg/.test(type) && content.length > 1024) {
      const cached = gzipCache.get(file) ?? gzipSync(content);
      if (immutable) gzipCache.set(file, cached);
      content = cached;
      headers['content-encoding'] = 'gzip';
      headers.vary = 'accept-encoding';
    }
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : content);
  };

  const proxy = (req: IncomingMessage, res: ServerResponse, service: Upstream, rest: string) => {
    const target = new URL(rest, config.upstreams[service] + '/');
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (req.headers['content-length']) headers['content-length'] = String(req.headers['content-length']);
    // The caller's address, as a proxy states it: the services limit their public routes (a credential, its
    // verification) per client address, and behind this one every caller would otherwise be the dashboard.
    const forwardedFor = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = [typeof forwardedFor === 'string' ? forwardedFor : undefined, req.socket.remoteAddress].filter(Boolean).join(', ');
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(target, { method: req.method, headers }, (answer) => {
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(answer.statusCode ?? 502, { ...out, 'x-content-type-options': 'nosniff' });
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) problem(res, 502, 'dashboard.upstream_unavailable', `The ${service} service did not answer; try again in a moment`);
      else res.destroy();
    });
    req.pipe(upstream);
  };

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    const path = url.pathname;
    // The origin the browser sees (behind a proxy, e.g. Vite's dev server: its forwarded host); used only by the
    // development login (its issuer URL, the redirect URIs it accepts) and the default authority that names it.
    const forwardedHost = req.headers['x-forwarded-host'];
    const host = (typeof forwardedHost === 'string' && forwardedHost.split(',')[0].trim()) || req.headers.host || `127.0.0.1:${config.port}`;
    const origin = `${String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https' ? 'https' : 'http'}://${host}`;
    (async () => {
      if (path === '/health/live' || path === '/health/ready') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      const api = /^\/api\/([a-z-]+)(\/.*)?$/.exec(path);
      if (api) {
        const service = api[1] as Upstream;
        if (!(UPSTREAMS as readonly string[]).includes(service)) return problem(res, 404, 'dashboard.unknown_service', `No service ${service}: one of ${UPSTREAMS.join(', ')}`);
        return proxy(req, res, service, `.${api[2] ?? '/'}${url.search}`);
      }
      if (path === '/config.json') {
        return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({
          authority: config.oidcAuthority ?? `${origin}/dev-oidc`,
          clientId: config.oidcClientId,
          scope: config.oidcScope,
          devLogin: !!devOidc,
        }));
      }
      if (path.startsWith('/dev-oidc/')) {
        if (devOidc && (await (await devOidc).handle(req, res, path, origin))) return;
        return problem(res, 404, 'dashboard.dev_login_disabled', 'The development login exists only in development');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return problem(res, 405, 'dashboard.method_not_allowed', 'Only GET and HEAD here');
      serveStatic(req, res, path);
    })().catch((error: Error) => {
      if (!res.headersSent) problem(res, 500, 'dashboard.error', error.message);
    });
  });
}

function problem(res: ServerResponse, status: number, code: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ statusCode: status, code, message }));
}

