import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { DEFAULT_RECOGNITION_SETTINGS, RECOGNITION_SETTINGS, type CredentialSettings, type RecognitionSettings } from '../settings';
import { generateSigningKey, type SigningKey } from './open-badge';

/** AES-256-GCM with the master key; the associated data binds a sealed key to its tenant and number. */
export function seal(masterKey: Buffer, associated: string, secret: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv).setAAD(Buffer.from(associated));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
}

export function unseal(masterKey: Buffer, associated: string, sealed: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', masterKey, sealed.subarray(0, 12)).setAAD(Buffer.from(associated));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
}

interface KeyRow {
  key_no: number;
  public_key_multibase: string;
  sealed_secret: Buffer;
}

/**
 * Each tenant's Ed25519 signing keys and the public names of what the service issues under `PUBLIC_BASE_URL`: the
 * issuer profile `/issuers/<tenant>`, its keys `/issuers/<tenant>/keys/<n>`, status lists, credentials. A tenant's
 * first key is made on its first credential; rotating retires it (still published: what it signed keeps verifying).
 * The private part exists in clear only in memory, to sign.
 */
@Injectable()
export class IssuerKeys {
  constructor(@Optional() @Inject(RECOGNITION_SETTINGS) private readonly settings: RecognitionSettings = DEFAULT_RECOGNITION_SETTINGS) {}

  get enabled(): boolean {
    return this.settings.credentials !== null;
  }

  private get config(): CredentialSettings {
    if (!this.settings.credentials) throw new NotFoundError('This deployment issues no credentials (CREDENTIALS_MASTER_KEY is not set)', 'credentials.disabled');
    return this.settings.credentials;
  }

  get baseUrl(): string {
    return this.config.publicBaseUrl;
  }

  get fetchesForeignDocuments(): boolean {
    return this.settings.credentials?.fetchForeign === true;
  }

  issuerId = (tenantId: string) => `${this.baseUrl}/issuers/${encodeURIComponent(tenantId)}`;
  keyId = (tenantId: string, keyNo: number) => `${this.issuerId(tenantId)}/keys/${keyNo}`;
  statusListUrl = (tenantId: string, listNo: number) => `${this.baseUrl}/status-lists/${encodeURIComponent(tenantId)}/${listNo}`;
  credentialUrl = (credentialId: string) => `${this.baseUrl}/credentials/${credentialId}`;
  issuerName = (tenantId: string) => this.config.issuerNames.get(tenantId) ?? this.config.issuerNames.get('*') ?? tenantId;

  /** The tenant's current key, made on first use (a concurrent first use by another replica wins, and is used). */
  async signingKey(db: SqlExecutor, tenantId: string, at: string): Promise<SigningKey> {
    let row = await this.current(db, tenantId);
    if (!row) {
      await this.insertKey(db, tenantId, 1, at);
      row = (await this.current(db, tenantId))!;
    }
    const secretKeyMultibase = unseal(this.config.masterKey, `${tenantId}/${row.key_no}`, row.sealed_secret);
    return { id: this.keyId(tenantId, row.key_no), controller: this.issuerId(tenantId), publicKeyMultibase: row.public_key_multibase, secretKeyMultibase };
  }

  /** Retires the current key and makes the next one; answers the new key's number. */
  async rotate(db: SqlExecutor, tenantId: string, at: string): Promise<number> {
    const current = await this.current(db, tenantId);
    const next = (current?.key_no ?? 0) + 1;
    if (current) await db.query(`UPDATE recognition.issuer_keys SET retired_at = $3 WHERE tenant_id = $1 AND key_no = $2`, [tenantId, current.key_no, at]);
    await this.insertKey(db, tenantId, next, at);
    return next;
  }

  /** Every key's public part, retired ones included, as Multikey verification methods. */
  async verificationMethods(db: SqlExecutor, tenantId: string) {
    const { rows } = await db.query<{ key_no: number; public_key_multibase: string }>(
      `SELECT key_no, public_key_multibase FROM recognition.issuer_keys WHERE tenant_id = $1 ORDER BY key_no`,
      [tenantId],
    );
    return rows.map((r) => ({ id: this.keyId(tenantId, r.key_no), type: 'Multikey', controller: this.issuerId(tenantId), publicKeyMultibase: r.public_key_multibase }));
  }

  private async current(db: SqlExecutor, tenantId: string): Promise<KeyRow | undefined> {
    const { rows } = await db.query<KeyRow>(
      `SELECT key_no, public_key_multibase, sealed_secret FROM recognition.issuer_keys WHERE tenant_id = $1 AND retired_at IS NULL ORDER BY key_no DESC LIMIT 1`,
      [tenantId],
    );
    return rows[0];
  }

  private async insertKey(db: SqlExecutor, tenantId: string, keyNo: number, at: string): Promise<void> {
    const key = await generateSigningKey(this.issuerId(tenantId), this.keyId(tenantId, keyNo));
    await db.query(
      `INSERT INTO recognition.issuer_keys (tenant_id, key_no, public_key_multibase, sealed_secret, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [tenantId, keyNo, key.publicKeyMultibase, seal(this.config.masterKey, `${tenantId}/${keyNo}`, key.secretKeyMultibase), at],
    );
  }
}
