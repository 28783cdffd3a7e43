import 'reflect-metadata';
import type { ProgramCreatedV1 } from '@tandem/enrollment-contracts';
import { Database } from '@tandem/event-store';
import { createTestDataSource } from '@tandem/testing';
import { BadgeDefinitions1763700000300 } from '../migrations/1763700000300-badge-definitions';
import { Programs1763700000310 } from '../migrations/1763700000310-programs';
import { changeProgramManagers, recordProgramManagers } from './programs.projection';
import { RECOGNITION_PROGRAM_SCOPES } from './programs.queries';

const TENANT = 'acme';

/** Who manages each program, written with explicit SQL and read back by the program-scope lookup. */
describe('recognition programs projection (real database)', () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;

  beforeAll(async () => {
    env = await createTestDataSource('rc_programs', [BadgeDefinitions1763700000300, Programs1763700000310]);
    db = new Database(env.dataSource);
  });

  afterAll(async () => {
    await env?.close();
  });

  const scope = async (tenantId: string) => (await db.query(RECOGNITION_PROGRAM_SCOPES.program, [tenantId, 'p-1'])).rows;
  const created = (managers: string[]) => ({ tenantId: TENANT, programId: 'p-1', managers, createdAt: '2026-11-02T10:00:00.000Z' }) as ProgramCreatedV1;

  it('records the managers of a new program once, and applies a changed list', async () => {
    await db.transaction((tx) => recordProgramManagers(tx, created(['pm-1', 'pm-2'])));
    await db.transaction((tx) => recordProgramManagers(tx, created(['redelivered'])));
    expect(await scope(TENANT)).toEqual([{ program_id: 'p-1', managers: ['pm-1', 'pm-2'] }]);

    await db.transaction((tx) =>
      changeProgramManagers(tx, { tenantId: TENANT, programId: 'p-1', managers: ['pm-3'], changedBy: 'pm-1', changedAt: '2026-11-05T09:00:00.000Z' }),
    );
    expect(await scope(TENANT)).toEqual([{ program_id: 'p-1', managers: ['pm-3'] }]);
    const { rows } = await db.query(`SELECT updated_at FROM recognition.programs WHERE tenant_id = $1 AND program_id = 'p-1'`, [TENANT]);
    expect(rows).toEqual([{ updated_at: new Date('2026-11-05T09:00:00.000Z') }]);
  });

  it('shows no program of another tenant', async () => {
    expect(await scope('globex')).toEqual([]);
  });
});
