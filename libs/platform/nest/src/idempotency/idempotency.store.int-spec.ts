import { Database } from '@tandem/event-store';
import { createTestDataSource } from '@tandem/testing';
import { IdempotencySchema1796173326589 } from './idempotency.schema';
import { IdempotencyStore, type KeyClaim } from './idempotency.store';

const claim = (overrides: Partial<KeyClaim> = {}): KeyClaim => ({
  tenantId: 'acme', subject: 'max', key: 'k1', operation: 'POST /programs', operationHash: 'op-1', fingerprint: 'body-1', ...overrides,
});
const created = { status: 201, headers: { location: '/programs/1', etag: '"1"' }, body: '{"programId":"1"}' };

describe('IdempotencyStore (PostgreSQL)', () => {
  let setup: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let store: IdempotencyStore;

  beforeAll(async () => {
    setup = await createTestDataSource('idempotency', [IdempotencySchema1796173326589]);
    db = new Database(setup.dataSource);
    store = new IdempotencyStore(db, { leaseSeconds: 1, retentionHours: 24 });
  });
  afterAll(() => setup?.close());

  it('reserves a new key once, answers duplicates in flight, then replays the stored answer', async () => {
    const first = await store.reserve(claim());
    expect(first.kind).toBe('acquired');
    expect(await store.reserve(claim())).toEqual({ kind: 'in_progress' });
    await store.complete(claim(), (first as { owner: string }).owner, created);
    expect(await store.reserve(claim())).toEqual({ kind: 'completed', response: created });
    const { rows } = await db.query<{ hours: number }>(`SELECT round(extract(epoch FROM expires_at - created_at) / 3600)::int AS hours FROM idempotency.requests WHERE idempotency_key = 'k1'`);
    expect(rows).toEqual([{ hours: 24 }]);
  });

  it('refuses the key with another request or on another operation, naming the first operation', async () => {
    expect(await store.reserve(claim({ fingerprint: 'body-2' }))).toEqual({ kind: 'key_reused', firstOperation: 'POST /programs', differs: 'request' });
    expect(await store.reserve(claim({ operation: 'POST /programs/:programId/status', operationHash: 'op-2' }))).toEqual({
      kind: 'key_reused', firstOperation: 'POST /programs', differs: 'operation',
    });
  });

  it("keeps each caller's and each tenant's keys apart", async () => {
    expect((await store.reserve(claim({ subject: 'carl' }))).kind).toBe('acquired');
    expect((await store.reserve(claim({ tenantId: 'globex' }))).kind).toBe('acquired');
  });

  it('hands an abandoned reservation to the same request once its lease ran out, and ignores the old owner after that', async () => {
    const abandoned = await store.reserve(claim({ key: 'k2' }));
    expect(abandoned.kind).toBe('acquired');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    // another request still may not take it; the same one may
    expect(await store.reserve(claim({ key: 'k2', fingerprint: 'body-2' }))).toMatchObject({ kind: 'key_reused', differs: 'request' });
    const takeover = await store.reserve(claim({ key: 'k2' }));
    expect(takeover.kind).toBe('acquired');
    expect(takeover).not.toEqual(abandoned);
    // the first process wakes up: its answer and its release are ignored, the new owner's counts
    await store.complete(claim({ key: 'k2' }), (abandoned as { owner: string }).owner, { ...created, body: 'stale' });
    await store.release(claim({ key: 'k2' }), (abandoned as { owner: string }).owner);
    expect(await store.reserve(claim({ key: 'k2' }))).toEqual({ kind: 'in_progress' });
    await store.complete(claim({ key: 'k2' }), (takeover as { owner: string }).owner, created);
    expect(await store.reserve(claim({ key: 'k2' }))).toEqual({ kind: 'completed', response: created });
  });

  it('keeps a reservation that is renewed while its request runs', async () => {
    const running = await store.reserve(claim({ key: 'k3' }));
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await store.renew(claim({ key: 'k3' }), (running as { owner: string }).owner);
    }
    expect(await store.reserve(claim({ key: 'k3' }))).toEqual({ kind: 'in_progress' });
  });

  it('frees a key whose request failed, so a retry runs again', async () => {
    const failed = await store.reserve(claim({ key: 'k4' }));
    await store.release(claim({ key: 'k4' }), (failed as { owner: string }).owner);
    expect((await store.reserve(claim({ key: 'k4', fingerprint: 'body-2' }))).kind).toBe('acquired');
  });

  it('treats an expired key as new and prunes expired keys only', async () => {
    const old = await store.reserve(claim({ key: 'k5' }));
    await store.complete(claim({ key: 'k5' }), (old as { owner: string }).owner, created);
    await db.query(`UPDATE idempotency.requests SET expires_at = now() - interval '1 second' WHERE idempotency_key IN ('k5', 'k4')`);
    expect((await store.reserve(claim({ key: 'k5', fingerprint: 'body-2' }))).kind).toBe('acquired');
    const before = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency.requests`)).rows[0].n;
    expect(await store.prune(1)).toBe(1);
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency.requests`)).rows[0].n).toBe(before - 1);
    expect((await db.query(`SELECT 1 FROM idempotency.requests WHERE idempotency_key = 'k4'`)).rows).toHaveLength(0);
  });
});
