import 'reflect-metadata';
import type { ApplicationStatusChangedV1, MatchProposedV1, PairingStartedV1, PairingStatusChangedV1, ParticipantAppliedV1 } from '@tandem/enrollment-contracts';
import type { Database } from '@tandem/event-store';
import { matchingFigures, programFigures } from '../programs/programs.queries';
import { applicationStatusChanged, matchProposed, pairingStarted, pairingStatusChanged, participantApplied, proposalClosed } from './participation.projection';
import { analyticsTestDatabase, insertProgram } from '../testing/read-models';

const TENANT = 'acme';

/** Applications and pairings with explicit SQL against the real schema, as the program figures count them. */
describe('analytics participation projection (real database)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    env = await analyticsTestDatabase('an_participation');
    db = env.db;
    await insertProgram(db, TENANT, 'p-1', 'open');
  });

  afterAll(async () => {
    await env?.close();
  });

  const apply = (applicationId: string, role: 'mentor' | 'mentee') =>
    ({ tenantId: TENANT, programId: 'p-1', applicationId, role, appliedAt: '2027-01-02T10:00:00.000Z' }) as ParticipantAppliedV1;
  const approve = (applicationId: string) =>
    ({ tenantId: TENANT, programId: 'p-1', applicationId, from: 'applied', to: 'approved', changedAt: '2027-01-03T10:00:00.000Z' }) as ApplicationStatusChangedV1;
  const mentee = { applicationId: 'a-2' };
  const mentor = { applicationId: 'a-1', userId: 'u-mentor' };

  it('counts applications once, and approvals as they are decided', async () => {
    for (let i = 0; i < 2; i++) {
      await db.transaction((tx) => participantApplied(tx, apply('a-1', 'mentor')));
      await db.transaction((tx) => participantApplied(tx, apply('a-2', 'mentee')));
    }
    await db.transaction((tx) => applicationStatusChanged(tx, approve('a-1')));
    await db.transaction((tx) => applicationStatusChanged(tx, approve('a-2')));

    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ applications: 2, approved: 2, activePairings: 0 });
    const { rows } = await db.query(`SELECT status, decided_at FROM analytics.applications WHERE tenant_id = $1 AND application_id = 'a-1'`, [TENANT]);
    expect(rows).toEqual([{ status: 'approved', decided_at: new Date('2027-01-03T10:00:00.000Z') }]);
  });

  it('follows a pairing from proposal to its end', async () => {
    await db.transaction((tx) => matchProposed(tx, { tenantId: TENANT, programId: 'p-1', proposalId: 'pair-1', mentor, mentee, proposedAt: '2027-01-04T10:00:00.000Z' } as MatchProposedV1));
    await db.transaction((tx) => pairingStarted(tx, { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-1', mentor, mentee, startedAt: '2027-01-05T10:00:00.000Z' } as PairingStartedV1));
    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ activePairings: 1 });

    await db.transaction((tx) => pairingStatusChanged(tx, { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-1', from: 'active', to: 'completed', changedAt: '2027-06-30T10:00:00.000Z' } as PairingStatusChangedV1));
    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ activePairings: 0 });
    const { rows } = await db.query(`SELECT status, proposed_at, started_at, ended_at FROM analytics.pairings WHERE tenant_id = $1 AND pairing_id = 'pair-1'`, [TENANT]);
    expect(rows).toEqual([
      { status: 'completed', proposed_at: new Date('2027-01-04T10:00:00.000Z'), started_at: new Date('2027-01-05T10:00:00.000Z'), ended_at: new Date('2027-06-30T10:00:00.000Z') },
    ]);
  });

  it('counts declined, rejected and expired proposals and the median time to match', async () => {
    await insertProgram(db, TENANT, 'p-2', 'open');
    const propose = (id: string, at: string) =>
      db.transaction((tx) => matchProposed(tx, { tenantId: TENANT, programId: 'p-2', proposalId: id, mentor, mentee, proposedAt: at } as MatchProposedV1));
    const ref = (id: string) => ({ tenantId: TENANT, programId: 'p-2', proposalId: id, mentorApplicationId: 'a-1', menteeApplicationId: 'a-2' });
    await propose('d-1', '2027-01-01T10:00:00.000Z');
    await propose('d-2', '2027-01-01T10:00:00.000Z');
    await propose('d-3', '2027-01-01T10:00:00.000Z');
    await propose('d-4', '2027-01-01T10:00:00.000Z');
    await db.transaction((tx) => proposalClosed(tx, ref('d-1'), 'declined', '2027-01-02T10:00:00.000Z'));
    await db.transaction((tx) => proposalClosed(tx, ref('d-2'), 'rejected', '2027-01-02T10:00:00.000Z'));
    await db.transaction((tx) => proposalClosed(tx, ref('d-3'), 'expired', '2027-01-15T10:00:00.000Z'));
    await db.transaction((tx) => pairingStarted(tx, { tenantId: TENANT, programId: 'p-2', pairingId: 'd-4', mentor, mentee, startedAt: '2027-01-03T10:00:00.000Z' } as PairingStartedV1));
    // A late duplicate of the decline does not touch a pairing that started.
    await db.transaction((tx) => proposalClosed(tx, ref('d-4'), 'declined', '2027-01-04T10:00:00.000Z'));
    expect(await matchingFigures(db, TENANT, 'p-2')).toEqual({ proposals: 4, declined: 1, rejected: 1, expired: 1, declineRate: 0.25, medianHoursToMatch: 48 });
    expect(await matchingFigures(db, TENANT, 'p-none')).toEqual({ proposals: 0, declined: 0, rejected: 0, expired: 0, declineRate: 0, medianHoursToMatch: null });
  });

  it('starts a pairing it never saw proposed', async () => {
    await db.transaction((tx) => pairingStarted(tx, { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-2', mentor, mentee, startedAt: '2027-02-01T10:00:00.000Z' } as PairingStartedV1));
    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ activePairings: 1 });
  });
});
