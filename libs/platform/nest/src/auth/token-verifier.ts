import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { JwksClient } from 'jwks-rsa';
import type { ServiceConfig } from '../config/service-config';
import { ROLES, type Caller, type Role } from './roles';

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens: signature (a configured public key, or the identity provider's JWKS by `kid`),
 * issuer, audience and expiry. Claims: `sub` (user), `tenant_id`, `roles` (array).
 */
@Injectable()
export class TokenVerifier {
  private readonly jwt = new JwtService();
  private readonly jwks?: JwksClient;

  constructor(private readonly auth: ServiceConfig['auth']) {
    if (!auth.publicKey && auth.jwksUrl) {
      this.jwks = new JwksClient({ jwksUri: auth.jwksUrl, cache: true, rateLimit: true, jwksRequestsPerMinute: 10 });
    }
  }

  async verify(token: string): Promise<Caller> {
    let claims: Record<string, unknown>;
    try {
      const key = await this.keyFor(token);
      claims = await this.jwt.verifyAsync(token, {
        publicKey: key,
        algorithms: ['ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256'],
        issuer: this.auth.issuer,
        audience: this.auth.audience,
      });
    } catch (error) {
      throw new InvalidTokenError((error as Error).message);
    }
    const tenantId = claims.tenant_id;
    const roles = claims.roles;
    if (typeof claims.sub !== 'string' || !claims.sub) throw new InvalidTokenError('token has no subject');
    if (typeof tenantId !== 'string' || !tenantId) throw new InvalidTokenError('token has no tenant_id');
    if (!Array.isArray(roles)) throw new InvalidTokenError('token has no roles');
    return { userId: claims.sub, tenantId, roles: roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)) };
  }

  private async keyFor(token: string): Promise<string> {
    if (this.auth.publicKey) return this.auth.publicKey;
    const header = this.jwt.decode(token, { complete: true })?.header as { kid?: string } | undefined;
    const signingKey = await this.jwks!.getSigningKey(header?.kid);
    return signingKey.getPublicKey();
  }
}
