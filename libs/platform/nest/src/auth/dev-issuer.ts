import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { Role } from './roles';

export const DEV_ISSUER = 'tandem-dev';
export const DEV_AUDIENCE = 'tandem';

/**
 * A local token issuer for the demo and the tests, standing in for the organization's identity provider.
 * It signs ES256 tokens with the same claims a real provider is configured to emit.
 */
export class DevIssuer {
  private readonly jwt = new JwtService();

  constructor(
    readonly privateKey: string,
    readonly publicKey: string,
    readonly issuer = DEV_ISSUER,
    readonly audience = DEV_AUDIENCE,
  ) {}

  static generate(): DevIssuer {
    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    return new DevIssuer(privateKey, publicKey);
  }

  /** Loads the key pair from `dir` (private.pem, public.pem), creating it on first use. */
  static inDirectory(dir: string): DevIssuer {
    const privatePath = join(dir, 'private.pem');
    const publicPath = join(dir, 'public.pem');
    if (!existsSync(privatePath) || !existsSync(publicPath)) {
      const fresh = DevIssuer.generate();
      mkdirSync(dir, { recursive: true });
      writeFileSync(privatePath, fresh.privateKey, { mode: 0o600 });
      writeFileSync(publicPath, fresh.publicKey);
      return fresh;
    }
    return new DevIssuer(readFileSync(privatePath, 'utf8'), readFileSync(publicPath, 'utf8'));
  }

  issue(claims: { tenantId: string; roles: Role[]; userId?: string; expiresIn?: number }): string {
    return this.jwt.sign(
      { tenant_id: claims.tenantId, roles: claims.roles },
      {
        privateKey: this.privateKey,
        algorithm: 'ES256',
        issuer: this.issuer,
        audience: this.audience,
        subject: claims.userId ?? `user-${randomUUID()}`,
        expiresIn: claims.expiresIn ?? 8 * 3600,
      },
    );
  }

  /** An OpenID Connect ID token (for the dashboard's development login): audience = the client, issuer = this issuer. */
  issueIdToken(claims: { sub: string; tenantId: string; roles: Role[]; nonce?: string; expiresIn?: number }): string {
    return this.jwt.sign(
      { tenant_id: claims.tenantId, roles: claims.roles, ...(claims.nonce ? { nonce: claims.nonce } : {}) },
      { privateKey: this.privateKey, algorithm: 'ES256', issuer: this.issuer, audience: this.audience, subject: claims.sub, expiresIn: claims.expiresIn ?? 8 * 3600 },
    );
  }
}
