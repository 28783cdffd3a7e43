import { Client } from 'pg';
import { DatabaseAccess1796300000000 } from '@tandem/platform';
import { createTestDataSource, testInfra, uniqueSuffix } from '@tandem/testing';
import { analyticsService } from '../analytics.module';
import { insertProgram } from '../testing/read-models';
import { Database } from '@tandem/event-store';
import { createAnalystLogin, dropAnalystLogin, listAnalystLogins, rotateAnalystLogin } from './analyst-logins';

/**
 * Issue 17: analysts in SQL. Against the real PostgreSQL: an analyst login of tenant A sees tenant A's rows of every
 * reporting view (listed from information_schema, so a view added later is covered) and no row of tenant B, cannot
 * read a base table, cannot connect to another service's database; logins are created, rotated and dropped.
 */
describe('analysts in SQL: one tenant per login, the reporting views only', () => {
  type Env = Awaited<ReturnType<typeof createTestDataSource>>;
  let analytics: Env;
  let otherService: Env;
  let adminClient: Client;
  const suffix = uniqueSuffix();
  const [loginA, loginB] = [`analyst_a_${suffix}`, `analyst_b_${suffix}`];
  const [tenantA, tenantB] = [`tenant-a-${suffix}`, `tenant-b-${suffix}`];
  const passwords: Record<string, string> = {};

  const connectAs = async (login: string, database: string) => {
    const client = new Client({ ...testInfra.pg, user: login, password: passwords[login], database });
    await client.connect();
    return client;
  };
  const asLogin = async <T>(login: string, work: (c: Client) => Promise<T>) => {
    const client = await connectAs(login, analytics.database.name);
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const reportingViews = async () =>
    (await adminClient.query(`SELECT table_name FROM information_schema.views WHERE table_schema = 'reporting' ORDER BY table_name`)).rows.map((r) => r.table_name as string);

  beforeAll(async () => {
    analytics = await createTestDataSource('analyst_access', [DatabaseAccess1796300000000, ...analyticsService.migrations]);
    otherService = await createTestDataSource('analyst_other_service', [DatabaseAccess1796300000000]);
    const db = new Database(analytics.dataSource);
    for (const [tenant, programs] of [[tenantA, 2], [tenantB, 1]] as const) {
      for (let i = 0; i < programs; i++) {
        const programId = `${tenant}-program-${i}`;
        await insertProgram(db, tenant, programId);
        await db.query(
          `INSERT INTO analytics.sessions (tenant_id, program_id, pairing_id, session_id, occurred_at, minutes, format) VALUES ($1, $2, 'pair-1', $3, '2026-11-10T10:00:00Z', 45, 'video')`,
          [tenant, programId, `${programId}-session`],
        );
      }
    }
    adminClient = new Client({ connectionString: analytics.database.url });
    await adminClient.connect();
    passwords[loginA] = await createAnalystLogin(adminClient, loginA, tenantA);
    passwords[loginB] = await createAnalystLogin(adminClient, loginB, tenantB);
  });

  afterAll(async () => {
    for (const login of [loginA, loginB]) await adminClient?.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await adminClient?.end();
    await analytics?.close();
    await otherService?.close();
  });

  it('shows each login its own tenant\'s rows of every reporting view, and no other tenant\'s', async () => {
    const views = await reportingViews();
    expect(views).toEqual(expect.arrayContaining(['program_engagement_monthly', 'program_impact', 'programs']));
    for (const view of views) {
      for (const [login, tenant] of [[loginA, tenantA], [loginB, tenantB]]) {
        const { rows: expected } = await adminClient.query(`SELECT count(*)::int AS n FROM analytics.report_${view} WHERE tenant_id = $1`, [tenant]);
        const seen = await asLogin(login, async (c) => (await c.query(`SELECT tenant_id FROM reporting.${view}`)).rows.map((r) => r.tenant_id));
        expect([view, seen.length]).toEqual([view, expected[0].n]);
        expect(seen.length).toBeGreaterThan(0);
        expect(new Set(seen)).toEqual(new Set([tenant]));
      }
    }
    // Becoming the group role does not widen the view: the filter keys on the login (session_user).
    const afterSetRole = await asLogin(loginA, async (c) => {
      await c.query('SET ROLE tandem_reporting');
      return (await c.query(`SELECT DISTINCT tenant_id FROM reporting.programs`)).rows.map((r) => r.tenant_id);
    });
    expect(afterSetRole).toEqual([tenantA]);
  });

  it('refuses every base table, the unfiltered reports and the login map', async () => {
    const { rows } = await adminClient.query(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
       WHERE table_schema IN ('analytics', 'reporting_access', 'event_store', 'messaging', 'idempotency', 'public')`,
    );
    expect(rows.length).toBeGreaterThan(10);
    const readable = await asLogin(loginA, async (c) => {
      const open: string[] = [];
      for (const { name } of rows) {
        const outcome = await c.query(`SELECT 1 FROM ${name} LIMIT 1`).then(() => 'read', (e) => e.code);
        if (outcome !== '42501') open.push(`${name}: ${outcome}`);
      }
      return open;
    });
    expect(readable).toEqual([]);
  });

  it('documents every column of every reporting view', async () => {
    const { rows } = await adminClient.query(
      `SELECT c.relname, a.attname FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE n.nspname = 'reporting' AND col_description(c.oid, a.attnum) IS NULL`,
    );
    expect(rows).toEqual([]);
    const { rows: views } = await adminClient.query(
      `SELECT obj_description(c.oid, 'pg_class') AS comment FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'reporting'`,
    );
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect(views.every((v) => typeof v.comment === 'string' && v.comment.length > 20)).toBe(true);
  });

  it('keeps analyst logins out of the other services\' databases', async () => {
    await expect(connectAs(loginA, otherService.database.name)).rejects.toMatchObject({ code: '42501' });
  });

  it('creates, rotates and drops logins, one tenant each, refusing bad names', async () => {
    expect((await listAnalystLogins(adminClient)).map((l) => [l.login, l.tenantId])).toEqual([[loginA, tenantA], [loginB, tenantB]].sort());
    const verifier = async () => (await adminClient.query(`SELECT rolpassword FROM pg_authid WHERE rolname = $1`, [loginB])).rows[0].rolpassword;
    const before = await verifier();
    expect(before).toMatch(/^SCRAM-SHA-256\$/);
    passwords[loginB] = await rotateAnalystLogin(adminClient, loginB);
    expect(await verifier()).not.toBe(before);
    expect((await listAnalystLogins(adminClient)).find((l) => l.login === loginB)?.rotatedAt).not.toBeNull();
    await expect(createAnalystLogin(adminClient, 'Robert"; DROP TABLE x; --', tenantA)).rejects.toThrow(/login must be/);
    await expect(rotateAnalystLogin(adminClient, 'not_an_analyst')).rejects.toThrow(/not an analyst login/);
    await expect(createAnalystLogin(adminClient, loginA, tenantB)).rejects.toMatchObject({ code: '42710' }); // one tenant per login
    expect((await listAnalystLogins(adminClient)).find((l) => l.login === loginA)?.tenantId).toBe(tenantA);

    await dropAnalystLogin(adminClient, loginB);
    await expect(connectAs(loginB, analytics.database.name)).rejects.toMatchObject({ code: '28000' });
    expect((await listAnalystLogins(adminClient)).map((l) => l.login)).toEqual([loginA]);
  });
});
