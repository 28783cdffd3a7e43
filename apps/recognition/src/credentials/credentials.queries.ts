import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import { fetchForeignDocument } from './foreign-documents';
import { IssuerKeys } from './issuer-keys';
import { offlineDocumentLoader, type DocumentLoader } from './json-ld';
import { newStatusList, statusListCredential } from './status-list';

export interface CredentialRow {
  credentialId: string;
  programId: string;
  personId: string;
  /** What it certifies: a badge (awarded or granted) and/or a grant. */
  badgeId: string | null;
  tier: string | null;
  grantId: string | null;
  /** The achievement's name. */
  name: string;
  url: string;
  status: 'issued' | 'revoked';
  issuedAt: string;
  revokedAt: string | null;
}

const COLUMNS = `credential_id AS "credentialId", program_id AS "programId", person_id AS "personId", badge_id AS "badgeId", tier, grant_id AS "grantId",
  document->>'name' AS name, status,
  to_char(issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "issuedAt",
  to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "revokedAt", document->>'id' AS url`;

/** A tenant's credentials, newest first: the holder's own (`personId`) or a program's (`programId`). */
export function credentialsPage(db: SqlExecutor, tenantId: string, filter: { personId?: string; programId?: string }, page: PageQuery): Promise<Page<CredentialRow>> {
  return pageOf<CredentialRow, CredentialRow>(
    db,
    {
      select: COLUMNS,
      from: `FROM recognition.credentials WHERE tenant_id = $1 AND ($2::text IS NULL OR person_id = $2) AND ($3::text IS NULL OR program_id = $3)`,
      params: [tenantId, filter.personId ?? null, filter.programId ?? null],
      orderBy: 'issued_at DESC, credential_id',
    },
    page,
    (row) => row,
  );
}

export async function findCredential(db: SqlExecutor, credentialId: string): Promise<(CredentialRow & { tenantId: string; document: Record<string, unknown> }) | undefined> {
  const { rows } = await db.query<CredentialRow & { tenantId: string; document: Record<string, unknown> }>(
    `SELECT ${COLUMNS}, tenant_id AS "tenantId", document FROM recognition.credentials WHERE credential_id = $1`,
    [credentialId],
  );
  return rows[0];
}

/** The issued credential of an award, if any. */
export async function credentialOfAward(db: SqlExecutor, tenantId: string, programId: string, badgeId: string, personId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ credential_id: string }>(
    `SELECT credential_id FROM recognition.credentials
     WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3 AND person_id = $4 AND grant_id IS NULL AND status = 'issued'`,
    [tenantId, programId, badgeId, personId],
  );
  return rows[0]?.credential_id;
}

/** The issued credential of a grant, if any. */
export async function credentialOfGrant(db: SqlExecutor, tenantId: string, programId: string, grantId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ credential_id: string }>(
    `SELECT credential_id FROM recognition.credentials WHERE tenant_id = $1 AND program_id = $2 AND grant_id = $3 AND status = 'issued'`,
    [tenantId, programId, grantId],
  );
  return rows[0]?.credential_id;
}

/**
 * Another issuer's document, which must name itself: a JSON-LD context has no `id`, so an unknown context is refused
 * even where foreign documents may be fetched.
 */
async function foreignDocument(url: string): Promise<object> {
  const document = (await fetchForeignDocument(url)) as { id?: unknown };
  if (document.id !== url.split('#')[0]) throw new Error(`${url}: not a document that names itself (an unknown context is never fetched)`);
  return document;
}

/**
 * The documents the service publishes about its credentials, by URL: issuer profiles (a controller document naming
 * its keys), keys, status lists (signed as they stand) and credentials — and a JSON-LD document loader over them
 * and the installed contexts, for verifying this service's own credentials without any network.
 */
@Injectable()
export class CredentialDocuments {
  constructor(
    private readonly db: Database,
    private readonly keys: IssuerKeys,
  ) {}

  async issuerProfile(tenantId: string) {
    const methods = await this.keys.verificationMethods(this.db, tenantId);
    if (methods.length === 0) return undefined;
    return {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
      id: this.keys.issuerId(tenantId),
      assertionMethod: methods.map((m) => m.id),
      verificationMethod: methods,
    };
  }

  async verificationMethod(tenantId: string, keyNo: number) {
    const method = (await this.keys.verificationMethods(this.db, tenantId)).find((m) => m.id === this.keys.keyId(tenantId, keyNo));
    return method && { '@context': 'https://w3id.org/security/multikey/v1', ...method };
  }

  /** The status list as it stands: the bits of the revoked credentials set, signed now by the current key. */
  async statusList(tenantId: string, listNo: number) {
    const { rows } = await this.db.query<{ used: number; revoked: number[] }>(
      `SELECT count(*)::int AS used, coalesce(array_agg(status_index) FILTER (WHERE status = 'revoked'), '{}') AS revoked
       FROM recognition.credentials WHERE tenant_id = $1 AND list_no = $2`,
      [tenantId, listNo],
    );
    if (rows[0].used === 0) return undefined;
    const list = await newStatusList();
    for (const index of rows[0].revoked) list.setStatus(index, true);
    const now = new Date().toISOString();
    return statusListCredential(this.keys.statusListUrl(tenantId, listNo), list, await this.keys.signingKey(this.db, tenantId, now), now, offlineDocumentLoader());
  }

  async credential(credentialId: string) {
    return (await findCredential(this.db, credentialId))?.document;
  }

  /**
   * Resolves this service's own URLs (under PUBLIC_BASE_URL) and the installed contexts — and, only with
   * `CREDENTIALS_FETCH_FOREIGN=true`, another issuer's documents (https, public addresses, 2 s, 100 KB); refuses
   * everything else. Contexts are never fetched.
   */
  loader(): DocumentLoader {
    const base = this.keys.baseUrl;
    const foreign = this.keys.fetchesForeignDocuments;
    return offlineDocumentLoader(async (url) => {
      if (!url.startsWith(`${base}/`)) return foreign ? foreignDocument(url) : undefined;
      const path = url.slice(base.length).split('#')[0];
      let m: RegExpMatchArray | null;
      if ((m = path.match(/^\/issuers\/([^/]+)$/))) return this.issuerProfile(decodeURIComponent(m[1]));
      if ((m = path.match(/^\/issuers\/([^/]+)\/keys\/(\d+)$/))) return this.verificationMethod(decodeURIComponent(m[1]), Number(m[2]));
      if ((m = path.match(/^\/status-lists\/([^/]+)\/(\d+)$/))) return this.statusList(decodeURIComponent(m[1]), Number(m[2]));
      if ((m = path.match(/^\/credentials\/([0-9a-f-]{36})$/))) return this.credential(m[1]);
      return undefined;
    });
  }
}
