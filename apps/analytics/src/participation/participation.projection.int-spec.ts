import 'reflect-metadata';
import type { ApplicationStatusChangedV1, MatchProposedV1, PairingStartedV1, PairingStatusChangedV1, ParticipantAppliedV1 } from '@tandem/enrollment-contracts';
import { Database } from '@tandem/event-store';
import { createTestDataSource } from '@tandem/testing';
import { ProgramReadModels1763700000100 } from '../migrations/1763700000100-program-read-models';
import { Participation1763700000110 } from '../migrations/1763700000110-participation';
import { Engagement1763700000120 } from '../migrations/1763700000120-engagement';
import { ProgramManagers1763700000130 } from '../migrations/1763700000130-program-managers';
import { programFigures } from '../programs/programs.queries';
import { applicationStatusChanged, matchProposed, pairingStarted, pairingStatusChanged, participantApplied } from './participation.projection';

const MIGRATIONS = [ProgramReadModels1763700000100, Participation1763700000110, Engagement1763700000120, ProgramManagers1763700000130];
const TENANT = 'acme';

/** Applications and pairings with explicit SQL against the real schema, as the program figures count them. */
describe('analytics participation projection (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;

  beforeAll(async () => {
    env = await createTestDataSource('an_participation', MIGRATIONS);
    db = new Database(env.dataSource);
    await db.query(
      `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
       VALUES ($1, 'p-1', 'Engineering', 'open', 'evergreen', 2, 45, '[]', now(), now())`,
      [TENANT],
    );
  });

  afterAll(async () => {
    await env?.close();
  });

  const apply = (applicationId: string, role: 'mentor' | 'mentee') =>
    ({ tenantId: TENANT, programId: 'p-1', applicationId, role, appliedAt: '2027-01-02T10:00:00.000Z' }) as ParticipantAppliedV1;
  const approve = (applicationId: string) =>
    ({ tenantId: TENANT, programId: 'p-1', applicationId, from: 'applied', to: 'approved', changedAt: '2027-01-03T10:00:00.000Z' }) as ApplicationStatusChangedV1;
  const mentee = { applicationId: 'a-2' };

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
    await db.transaction((tx) => matchProposed(tx, { tenantId: TENANT, programId: 'p-1', proposalId: 'pair-1', mentee, proposedAt: '2027-01-04T10:00:00.000Z' } as MatchProposedV1));
    await db.transaction((tx) => pairingStarted(tx, { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-1', mentee, startedAt: '2027-01-05T10:00:00.000Z' } as PairingStartedV1));
    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ activePairings: 1 });

    await db.transaction((tx) => pairingStatusChanged(tx, { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-1', from: 'active', to: 'completed', changedAt: '2027-06-30T10:00:00.000Z' } as PairingStatusChangedV1));
    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ activePairings: 0 });
    const { rows } = await db.query(`SELECT status, proposed_at, started_at, ended_at FROM analytics.pairings WHERE tenant_id = $1 AND pairing_id = 'pair-1'`, [TENANT]);
    expect(rows).toEqual([
      { status: 'completed', proposed_at: new Date('2027-01-04T10:00:00.000Z'), started_at: new Date('2027-01-05T10:00:00.000Z'), ended_at: new Date('2027-06-30T10:00:00.000Z') },
    ]);
  });

  it('starts a pairing it never saw proposed', async () => {
    await db.transaction((tx) => pairingStarted(tx, { tenantId: TENANT, programId: 'p-1', pairingId: 'pair-2', mentee, startedAt: '2027-02-01T10:00:00.000Z' } as PairingStartedV1));
    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ activePairings: 1 });
  });
});
