import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The services the dashboard reaches through its same-origin routes (`/api/<service>/…`). */
export const UPSTREAMS = ['enrollment', 'session-tracking', 'recognition', 'analytics'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

export interface DashboardConfig {
  port: number;
  host: string;
  /** The built single-page app (index.html and assets/). */
  staticDir: string;
  /** Base URL of each service, e.g. http://analytics:3004 */
  upstreams: Record<Upstream, string>;
  /** The OpenID Connect provider the browser logs in with (PKCE); null: the development login below. */
  oidcAuthority: string | null;
  oidcClientId: string;
  oidcScope: string;
  /** The development login (a local OIDC provider signing with the development issuer's key); only with NODE_ENV=development. */
  devLogin: { privateKey: string; publicKey: string } | null;
}

const DEFAULT_PORTS: Record<Upstream, number> = { enrollment: 3001, 'session-tracking': 3002, recognition: 3003, analytics: 3004 };
const envName = (u: Upstream) => `${u.toUpperCase().replace('-', '_')}_URL`;

export class DashboardConfigError extends Error {}

/** Reads and checks the environment; a missing or contradictory setting stops the process with a message naming it. */
export function dashboardConfig(env: NodeJS.ProcessEnv, defaultStaticDir = join(__dirname, '../web')): DashboardConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new DashboardConfigError('PORT must be a port number');
  const upstreams = Object.fromEntries(
    UPSTREAMS.map((u) => {
      const url = env[envName(u)] || `http://127.0.0.1:${DEFAULT_PORTS[u]}`;
      if (!/^https?:\/\/[^/]+/.test(url)) throw new DashboardConfigError(`${envName(u)} must be an http(s) URL`);
      return [u, url.replace(/\/+$/, '')];
    }),
  ) as Record<Upstream, string>;
  const devLoginWanted = env.DASHBOARD_DEV_LOGIN === 'true' || env.DASHBOARD_DEV_LOGIN === '1';
  if (devLoginWanted && env.NODE_ENV !== 'development') {
    throw new DashboardConfigError(`DASHBOARD_DEV_LOGIN is refused outside development (NODE_ENV=${env.NODE_ENV ?? ''}): set OIDC_AUTHORITY to your identity provider`);
  }
  let devLogin: DashboardConfig['devLogin'] = null;
  if (devLoginWanted) {
    const dir = env.DEV_ISSUER_DIR;
    if (!dir) throw new DashboardConfigError('DEV_ISSUER_DIR (the development issuer’s private.pem and public.pem) is required with DASHBOARD_DEV_LOGIN');
    devLogin = { privateKey: readFileSync(join(dir, 'private.pem'), 'utf8'), publicKey: readFileSync(join(dir, 'public.pem'), 'utf8') };
  }
  const oidcAuthority = env.OIDC_AUTHORITY || null;
  if (oidcAuthority && !/^https?:\/\/[^/]+/.test(oidcAuthority)) throw new DashboardConfigError('OIDC_AUTHORITY must be the identity provider’s http(s) URL');
  if (!oidcAuthority && !devLogin) throw new DashboardConfigError('OIDC_AUTHORITY is required (or DASHBOARD_DEV_LOGIN=true with NODE_ENV=development)');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    staticDir: env.DASHBOARD_STATIC_DIR || defaultStaticDir,
    upstreams,
    oidcAuthority,
    oidcClientId: env.OIDC_CLIENT_ID || 'tandem-dashboard',
    oidcScope: env.OIDC_SCOPE || 'openid profile',
    devLogin,
  };
}
