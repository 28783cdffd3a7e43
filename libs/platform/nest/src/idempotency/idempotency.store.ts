import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@tandem/event-store';

/** A request's claim on a key: the caller's key plus what it is bound to. */
export interface KeyClaim {
  tenantId: string;
  subject: string;
  key: string;
  /** `POST /programs`, for messages. */
  operation: string;
  operationHash: string;
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** null when the operation does not retain its response (see @ResponseNotRetained). */
  body: string | null;
}

export type Reservation =
  | { kind: 'acquired'; owner: string }
  | { kind: 'completed'; response: StoredResponse }
  | { kind: 'in_progress' }
  | { kind: 'key_reused'; firstOperation: string; differs: 'operation' | 'request' };

export interface IdempotencyTimings {
  /** How long a reservation holds without being renewed: after that its request counts as abandoned. */
  leaseSeconds: number;
  /** How long a key is kept after its first use. */
  retentionHours: number;
}

interface ExistingRow {
  operation: string;
  operation_hash: string;
  fingerprint: string;
  completed: boolean;
  response_status: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
}

/** The SQL behind idempotency keys (table `idempotency.requests`, see IdempotencySchema). */
export class IdempotencyStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly timings: IdempotencyTimings,
  ) {}

  /**
   * Claims the key for this request, or says why not. One statement takes a key that is new, expired, or held by
   * an abandoned reservation of the same request (its lease ran out: the process running it died); anything else
   * is read back and answered as a replay, an in-progress duplicate or a misuse of the key.
   */
  async reserve(claim: KeyClaim): Promise<Reservation> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const owner = randomUUID();
      const taken = await this.db.query(
        `INSERT INTO idempotency.requests AS r
           (tenant_id, subject, idempotency_key, operation, operation_hash, fingerprint, owner, locked_until, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8), now() + make_interval(hours => $9))
         ON CONFLICT (tenant_id, subject, idempotency_key) DO UPDATE
           SET operation = EXCLUDED.operation, operation_hash = EXCLUDED.operation_hash, fingerprint = EXCLUDED.fingerprint,
               owner = EXCLUDED.owner, locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,
               created_at = now(), completed_at = NULL, response_status = NULL, response_headers = NULL, response_body = NULL
           WHERE r.expires_at <= now()
              OR (r.completed_at IS NULL AND r.locked_until <= now()
                  AND r.operation_hash = EXCLUDED.operation_hash AND r.fingerprint = EXCLUDED.fingerprint)
         RETURNING owner`,
        [claim.tenantId, claim.subject, claim.key, claim.operation, claim.operationHash, claim.fingerprint, owner, this.timings.leaseSeconds, this.timings.retentionHours],
        'idempotency_reserve',
      );
      if (taken.rows.length > 0) return { kind: 'acquired', owner };

      const { rows } = await this.db.query<ExistingRow>(
        `SELECT operation, operation_hash, fingerprint, completed_at IS NOT NULL AS completed, response_status, response_headers, response_body
           FROM idempotency.requests WHERE tenant_id = $1 AND subject = $2 AND idempotency_key = $3`,
        [claim.tenantId, claim.subject, claim.key],
        'idempotency_read',
      );
      const existing = rows[0];
      if (!existing) continue; // released in between (its request failed with a 5xx): claim it again
      if (existing.operation_hash !== claim.operationHash) return { kind: 'key_reused', firstOperation: existing.operation, differs: 'operation' };
      if (existing.fingerprint !== claim.fingerprint) return { kind: 'key_reused', firstOperation: existing.operation, differs: 'request' };
      if (!existing.completed) return { kind: 'in_progress' };
      return { kind: 'completed', response: { status: existing.response_status!, headers: existing.response_headers ?? {}, body: existing.response_body } };
    }
    return { kind: 'in_progress' };
  }

  /** Keeps a running request's reservation from being taken over. */
  async renew(claim: KeyClaim, owner: string): Promise<void> {
    await this.db.query(
      `UPDATE idempotency.requests SET locked_until = now() + make_interval(secs => $5)
        WHERE tenant_id = $1 AND subject = $2 AND idempotency_key = $3 AND owner = $4`,
      [claim.tenantId, claim.subject, claim.key, owner, this.timings.leaseSeconds],
      'idempotency_renew',
    );
  }

  /** Records the final answer; a reservation taken over meanwhile (owner changed) is left to its new owner. */
  async complete(claim: KeyClaim, owner: string, response: StoredResponse): Promise<void> {
    await this.db.query(
      `UPDATE idempotency.requests
          SET owner = NULL, locked_until = NULL, completed_at = now(), response_status = $5, response_headers = $6, response_body = $7
        WHERE tenant_id = $1 AND subject = $2 AND idempotency_key = $3 AND owner = $4`,
      [claim.tenantId, claim.subject, claim.key, owner, response.status, JSON.stringify(response.headers), response.body],
      'idempotency_complete',
    );
  }

  /** Frees the key after an outcome that is not final (5xx, 429…): a retry with it runs again. */
  async release(claim: KeyClaim, owner: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency.requests WHERE tenant_id = $1 AND subject = $2 AND idempotency_key = $3 AND owner = $4`,
      [claim.tenantId, claim.subject, claim.key, owner],
      'idempotency_release',
    );
  }

  /** Deletes expired keys in batches (rows another replica is deleting are skipped, not waited for). */
  async prune(batchSize = 1000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { rowCount } = await this.db.query(
        `DELETE FROM idempotency.requests WHERE ctid IN (
           SELECT ctid FROM idempotency.requests WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
        [batchSize],
      );
      deleted += rowCount;
      if (rowCount < batchSize) return deleted;
    }
  }
}
