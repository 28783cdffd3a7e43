import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';

export interface LoginConfig {
  authority: string;
  clientId: string;
  scope: string;
  devLogin: boolean;
}

export interface Session {
  token: string;
  userId: string;
  tenantId: string;
  roles: string[];
  name: string;
}

/** OpenID Connect, authorization code with PKCE, against the configured issuer (served by the dashboard's /config.json). */
export function userManager(config: LoginConfig): UserManager {
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${location.origin}/callback`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: config.scope,
    loadUserInfo: false,
    automaticSilentRenew: false,
    // The tab's session only: closing the tab logs out.
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** Who is logged in, from the access token's claims (display and navigation only: the services decide access). */
export function sessionOf(user: User | null): Session | null {
  if (!user || user.expired) return null;
  try {
    const claims = JSON.parse(atob(user.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return {
      token: user.access_token,
      userId: String(claims.sub),
      tenantId: String(claims.tenant_id),
      roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
      name: String(user.profile.name ?? claims.sub),
    };
  } catch {
    return null;
  }
}

export const canReadPrograms = (s: Session) => s.roles.some((r) => ['program-manager', 'analyst', 'admin'].includes(r));
export const isParticipant = (s: Session) => s.roles.some((r) => ['mentor', 'mentee'].includes(r));
export const isMentor = (s: Session) => s.roles.includes('mentor');
