import 'reflect-metadata';
import type { BadgeAwardedV1 } from '@tandem/recognition-contracts';
import type { Database } from '@tandem/event-store';
import { analyticsTestDatabase } from '../testing/read-models';
import { recognitionAmended, recognitionAwarded, recognitionGranted, recognitionGrantRevoked, recognitionRevoked } from './recognitions.projection';
import { programRecognitions } from './recognitions.queries';

const TENANT = 'acme';

describe('recognitions issued per program, tier and month (real database)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;
  beforeAll(async () => {
    env = await analyticsTestDatabase('an_recognitions');
    db = env.db;
  });
  afterAll(() => env?.close());

  const awarded = (personId: string, tier: BadgeAwardedV1['tier'], earnedAt: string): BadgeAwardedV1 => ({
    tenantId: TENANT, programId: 'p-1', badgeId: tier, tier, personId, ruleVersion: 1, earnedAt, evidence: [], awardedAt: '2026-11-02T10:00:00.000Z',
  });

  it('counts each award once in the month it was earned, follows amendments and marks revocations', async () => {
    await db.transaction(async (tx) => {
      await recognitionAwarded(tx, awarded('mia', 'participation', '2026-01-10T10:00:00.000Z'));
      await recognitionAwarded(tx, awarded('mia', 'participation', '2026-01-10T10:00:00.000Z')); // redelivered
      await recognitionAwarded(tx, awarded('max', 'participation', '2026-02-01T10:00:00.000Z'));
      await recognitionAwarded(tx, awarded('mia', 'rising-star', '2026-03-12T10:00:00.000Z'));
      await recognitionAmended(tx, { ...awarded('max', 'participation', '2026-01-20T10:00:00.000Z'), previousEarnedAt: '2026-02-01T10:00:00.000Z', amendedAt: '2026-11-02T11:00:00.000Z' });
      await recognitionRevoked(tx, { tenantId: TENANT, programId: 'p-1', badgeId: 'rising-star', tier: 'rising-star', personId: 'mia', reason: 'test data', revokedBy: 'pm-1', revokedAt: '2026-11-03T10:00:00.000Z' });
    });
    expect(await programRecognitions(db, TENANT, 'p-1', 'UTC')).toEqual([
      { month: '2026-01', tier: 'participation', issued: 2, revoked: 0 },
      { month: '2026-03', tier: 'rising-star', issued: 1, revoked: 1 },
    ]);
    expect(await programRecognitions(db, 'globex', 'p-1', 'UTC')).toEqual([]);
  });

  it('counts manual recognitions (grants) among recognitions issued, apart from the same badge earned automatically', async () => {
    const grant = { tenantId: TENANT, programId: 'p-2', personId: 'mia', grantedAt: '2026-05-04T10:00:00.000Z', grantedBy: 'pm-1' };
    await db.transaction(async (tx) => {
      await recognitionAwarded(tx, { ...awarded('mia', 'champion', '2026-05-01T10:00:00.000Z'), programId: 'p-2' });
      await recognitionGranted(tx, { ...grant, grantId: 'g-1', kind: 'badge', badgeId: 'champion', tier: 'champion' });
      await recognitionGranted(tx, { ...grant, grantId: 'g-1', kind: 'badge', badgeId: 'champion', tier: 'champion' }); // redelivered
      await recognitionGranted(tx, { ...grant, grantId: 'g-2', kind: 'custom', badgeId: null, tier: 'custom' });
      await recognitionGrantRevoked(tx, { tenantId: TENANT, programId: 'p-2', grantId: 'g-2', personId: 'mia', revokedAt: '2026-05-05T10:00:00.000Z', revokedBy: 'pm-1' });
    });
    expect(await programRecognitions(db, TENANT, 'p-2', 'UTC')).toEqual([
      { month: '2026-05', tier: 'champion', issued: 2, revoked: 0 },
      { month: '2026-05', tier: 'custom', issued: 1, revoked: 1 },
    ]);
  });

  it("counts an award in the month of the tenant's reporting time zone: 23:30 UTC on 31 March is April in Berlin, March in UTC", async () => {
    await db.transaction(async (tx) => {
      await recognitionAwarded(tx, { ...awarded('mia', 'champion', '2026-03-31T23:30:00.000Z'), programId: 'p-3' });
      await recognitionGranted(tx, { tenantId: TENANT, programId: 'p-3', personId: 'max', grantedAt: '2026-03-31T23:30:00.000Z', grantedBy: 'pm-1', grantId: 'g-3', kind: 'custom', badgeId: null, tier: 'custom' });
    });
    expect(await programRecognitions(db, TENANT, 'p-3', 'Europe/Berlin')).toEqual([
      { month: '2026-04', tier: 'champion', issued: 1, revoked: 0 },
      { month: '2026-04', tier: 'custom', issued: 1, revoked: 0 },
    ]);
    expect(await programRecognitions(db, TENANT, 'p-3', 'UTC')).toEqual([
      { month: '2026-03', tier: 'champion', issued: 1, revoked: 0 },
      { month: '2026-03', tier: 'custom', issued: 1, revoked: 0 },
    ]);
  });
});
