import 'reflect-metadata';
import type { ProgramCreatedV1 } from '@tandem/enrollment-contracts';
import type { Database } from '@tandem/event-store';
import type { BadgeDefinedV1 } from '@tandem/recognition-contracts';
import { badgeDefined, programCreated, programManagersChanged, programStatusChanged } from './programs.projection';
import { ANALYTICS_PROGRAM_SCOPES, programFigures, programsOfTenant } from './programs.queries';
import { analyticsTestDatabase } from '../testing/read-models';

const TENANT = 'acme';

function programCreatedPayload(programId: string, overrides: Partial<ProgramCreatedV1> = {}): ProgramCreatedV1 {
  return {
    tenantId: TENANT,
    programId,
    name: 'Engineering mentoring',
    purpose: 'Grow engineers',
    format: 'one-to-one',
    lifecycle: { kind: 'cohort', startsOn: '2027-01-01', endsOn: '2027-06-30' },
    capacity: { maxPairs: 40 },
    expectations: { sessionsPerMonth: 1.5, sessionMinutes: 45, commitmentMonths: 6 },
    objectives: [{ objectiveId: 'o1', description: 'Promotions', metric: 'promotions', target: 3 }],
    sponsor: { name: 'CTO office', email: null },
    managers: ['pm-1', 'pm-2'],
    applicationQuestions: [],
    matchingPolicy: {
      objective: 'best-quality',
      minimumScore: 50,
      weights: { skills: 1, goals: 1, interests: 1, language: 1, timeZone: 1, crossDepartment: 1 },
      mustHaves: [],
      maxTimeZoneDifferenceHours: 4,
      proposalTtlDays: 7,
    },
    mentorTrainingRequired: false,
    status: 'draft',
    createdBy: 'pm-1',
    createdAt: '2026-11-02T10:00:00.000Z',
    ...overrides,
  };
}

/** The program read model written with explicit SQL against the real schema: every column, jsonb lists, redeliveries. */
describe('analytics programs projection (real database)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    env = await analyticsTestDatabase('an_programs');
    db = env.db;
  });

  afterAll(async () => {
    await env?.close();
  });

  it('stores every column of ProgramCreated, keeps the first on a redelivery, and reads it back', async () => {
    await db.transaction((tx) => programCreated(tx, programCreatedPayload('p-1')));
    await db.transaction((tx) => programCreated(tx, programCreatedPayload('p-1', { name: 'Redelivered under another name' })));

    const { rows } = await db.query(
      `SELECT name, status, lifecycle_kind, starts_on::text, ends_on::text, max_pairs, sessions_per_month::text, session_minutes,
              objectives, sponsor_name, managers, created_at, status_changed_at
       FROM analytics.programs WHERE tenant_id = $1 AND program_id = 'p-1'`,
      [TENANT],
    );
    expect(rows).toEqual([
      {
        name: 'Engineering mentoring',
        status: 'draft',
        lifecycle_kind: 'cohort',
        starts_on: '2027-01-01',
        ends_on: '2027-06-30',
        max_pairs: 40,
        sessions_per_month: '1.5',
        session_minutes: 45,
        objectives: [{ objectiveId: 'o1', description: 'Promotions', metric: 'promotions', target: 3 }],
        sponsor_name: 'CTO office',
        managers: ['pm-1', 'pm-2'],
        created_at: new Date('2026-11-02T10:00:00.000Z'),
        status_changed_at: new Date('2026-11-02T10:00:00.000Z'),
      },
    ]);
  });

  it('stores an evergreen program without dates, capacity or sponsor', async () => {
    await db.transaction((tx) =>
      programCreated(tx, programCreatedPayload('p-2', { lifecycle: { kind: 'evergreen' }, capacity: { maxPairs: null }, sponsor: null, createdAt: '2026-11-03T10:00:00.000Z' })),
    );
    expect(await programFigures(db, TENANT, 'p-2')).toMatchObject({ lifecycleKind: 'evergreen', startsOn: null, endsOn: null, maxPairs: null });
  });

  it('applies status and manager changes, and the scope lookup sees the managers as a list', async () => {
    await db.transaction((tx) =>
      programStatusChanged(tx, { tenantId: TENANT, programId: 'p-1', from: 'draft', to: 'open', changedBy: 'pm-1', changedAt: '2026-11-05T08:00:00.000Z' }),
    );
    await db.transaction((tx) => programManagersChanged(tx, { tenantId: TENANT, programId: 'p-1', managers: ['pm-3'], changedBy: 'pm-1', changedAt: '2026-11-05T09:00:00.000Z' }));

    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ status: 'open', statusChangedAt: new Date('2026-11-05T08:00:00.000Z') });
    const scope = await db.query(ANALYTICS_PROGRAM_SCOPES.program, [TENANT, 'p-1']);
    expect(scope.rows).toEqual([{ program_id: 'p-1', managers: ['pm-3'] }]);
  });

  it('counts each badge once however often BadgeDefined arrives', async () => {
    const badge: BadgeDefinedV1 = { tenantId: TENANT, programId: 'p-1', badgeId: 'champion', name: 'Champion', tier: 'champion', description: 'Impact', criteria: [], definedAt: '2026-11-02T10:00:01.000Z' };
    await db.transaction((tx) => badgeDefined(tx, badge));
    await db.transaction((tx) => badgeDefined(tx, badge));
    await db.transaction((tx) => badgeDefined(tx, { ...badge, badgeId: 'participation', tier: 'participation' }));

    expect(await programFigures(db, TENANT, 'p-1')).toMatchObject({ programId: 'p-1', objectives: 1, badgeDefinitions: 2 });
  });

  it('lists a tenant’s programs newest first, filtered by status, and no other tenant’s', async () => {
    await db.transaction((tx) => programCreated(tx, programCreatedPayload('p-9', { tenantId: 'globex' })));
    const all = await programsOfTenant(db, TENANT, { limit: 10, offset: 0 });
    expect(all.total).toBe(2);
    expect(all.items.map((p) => p.programId)).toEqual(['p-2', 'p-1']);
    const open = await programsOfTenant(db, TENANT, { limit: 10, offset: 0, status: 'open' });
    expect(open.items.map((p) => p.programId)).toEqual(['p-1']);
  });

  it('finds no program of another tenant', async () => {
    expect(await programFigures(db, 'globex', 'p-1')).toBeUndefined();
  });
});
