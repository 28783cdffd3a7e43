// A real, local OpenID Connect provider for the dashboard's production login test: panva's certified
// `oidc-provider` (ES module, so a process of its own). Authorization code with PKCE for the public client
// OIDC_CLIENT_ID; access tokens are JWTs for the resource RESOURCE (the services' AUTH_AUDIENCE) carrying the
// tenant_id and roles of the account (ACCOUNTS: {"<sub>": {"tenant_id": "…", "roles": ["…"]}}). Its built-in
// development interactions ask for a login name (the sub) and a consent.
//   PORT=… OIDC_CLIENT_ID=… REDIRECT_URI=… RESOURCE=… ACCOUNTS='{…}' node oidc-provider.mjs
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const { PORT, OIDC_CLIENT_ID, REDIRECT_URI, RESOURCE } = process.env;
const accounts = JSON.parse(process.env.ACCOUNTS ?? '{}');
const issuer = `http://127.0.0.1:${PORT}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients: [{
    client_id: OIDC_CLIENT_ID,
    token_endpoint_auth_method: 'none',
    application_type: 'web',
    redirect_uris: [REDIRECT_URI],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  }],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile'],
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => RESOURCE,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({ scope: 'openid profile', audience: RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }),
    },
  },
  async findAccount(_ctx, sub) {
    if (!accounts[sub]) return undefined;
    return { accountId: sub, claims: async () => ({ sub, name: sub }) };
  },
  extraTokenClaims: async (_ctx, token) => {
    const account = accounts[token.accountId];
    return account ? { tenant_id: account.tenant_id, roles: account.roles } : undefined;
  },
  cookies: { keys: ['tandem-test-cookie-key'] },
});
provider.proxy = false;
provider.listen(Number(PORT), '127.0.0.1', () => process.stdout.write(`oidc provider ready at ${issuer}\n`));
