import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { Database } from '@tandem/event-store';
import { ConfigurationError, DatabaseAccess1796300000000, ReportingTimeZones, reportingTimeZonesFromEnvironment } from '@tandem/platform';
import { createTestDataSource, testInfra, uniqueSuffix } from '@tandem/testing';
import { analyticsService } from '../analytics.module';
import { ReportingTimeZones1763700000460 } from '../migrations/1763700000460-reporting-time-zones';
import { createAnalystLogin } from '../analyst-access/analyst-logins';
import { insertProgram } from '../testing/read-models';
import { ReportingTimeZonesTable, storeReportingTimeZones } from './reporting-time-zones';

/**
 * Against the real PostgreSQL: the service stores REPORTING_TIME_ZONES in `analytics.reporting_time_zones` when it
 * starts (a restart with another setting replaces it), and the analysts' monthly view counts each tenant's months
 * in that zone — a session at 23:30 UTC on 31 March is April's in Berlin and March's in UTC.
 */
describe("each tenant's reporting time zone in SQL (real database)", () => {
  let env: Awaited<ReturnType<typeof createTestDataSource>>;
  let db: Database;
  let admin: Client;
  const suffix = uniqueSuffix();
  const [berlin, utc] = [`acme-${suffix}`, `globex-${suffix}`];
  const logins: Record<string, { login: string; password: string }> = {};

  const table = async () => (await db.query(`SELECT tenant_id AS "tenantId", time_zone AS "timeZone" FROM analytics.reporting_time_zones ORDER BY tenant_id`)).rows;
  /** The service's start (its providers' bootstrap hooks, as Nest runs them) with this setting. */
  const startWith = async (setting: string | undefined) => {
    const app = await Test.createTestingModule({
      providers: [
        { provide: Database, useValue: db },
        { provide: ReportingTimeZones, useFactory: () => reportingTimeZonesFromEnvironment({ REPORTING_TIME_ZONES: setting }) },
        ReportingTimeZonesTable,
      ],
    }).compile();
    await app.init();
    await app.close();
  };
  const monthly = async (tenantId: string) =>
    (await db.query(`SELECT program_id, month, sessions, session_minutes, training_hours::float8, average_rating::float8 FROM analytics.report_program_engagement_monthly WHERE tenant_id = $1 ORDER BY program_id, month`, [tenantId])).rows;
  const asAnalyst = async (tenantId: string) => {
    const client = new Client({ ...testInfra.pg, user: logins[tenantId].login, password: logins[tenantId].password, database: env.database.name });
    await client.connect();
    try {
      return (await client.query(`SELECT program_id, month, sessions FROM reporting.program_engagement_monthly ORDER BY program_id, month`)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    env = await createTestDataSource('an_time_zones', [DatabaseAccess1796300000000, ...analyticsService.migrations]);
    db = new Database(env.dataSource);
    for (const tenant of [berlin, utc]) {
      await insertProgram(db, tenant, `${tenant}-p`);
      // The last half hour of March in UTC; in Berlin (UTC+2 since 29 March) already 01:30 on 1 April.
      await db.query(
        `INSERT INTO analytics.sessions (tenant_id, program_id, pairing_id, session_id, occurred_at, minutes, format)
         VALUES ($1, $2, 'pair-1', 's-edge', '2026-03-31T23:30:00Z', 45, 'video'), ($1, $2, 'pair-1', 's-mid', '2026-03-15T12:00:00Z', 30, 'video')`,
        [tenant, `${tenant}-p`],
      );
      await db.query(
        `INSERT INTO analytics.session_ratings (tenant_id, program_id, session_id, rater_role, rating, submitted_at) VALUES ($1, $2, 's-edge', 'mentee', 5, '2026-04-01T08:00:00Z'), ($1, $2, 's-mid', 'mentee', 3, '2026-03-16T08:00:00Z')`,
        [tenant, `${tenant}-p`],
      );
      await db.query(
        `INSERT INTO analytics.training_hours (tenant_id, program_id, entry_id, user_id, role, month, minutes, recorded_at) VALUES ($1, $2, 'e-1', 'mentee-1', 'mentee', '2026-05', 90, '2026-05-02T08:00:00Z')`,
        [tenant, `${tenant}-p`],
      );
    }
    admin = new Client({ connectionString: env.database.url });
    await admin.connect();
    for (const tenant of [berlin, utc]) {
      const login = `analyst_${tenant.replace(/-/g, '_')}`;
      logins[tenant] = { login, password: await createAnalystLogin(admin, login, tenant) };
    }
  });

  afterAll(async () => {
    for (const { login } of Object.values(logins)) await admin?.query(`DROP ROLE IF EXISTS ${login}`).catch(() => undefined);
    await admin?.end();
    await env?.close();
  });

  const columns = async (schema: string) =>
    (await db.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`, [schema, schema === 'reporting' ? 'program_engagement_monthly' : 'report_program_engagement_monthly'])).rows;

  it('counts months in UTC until the service has stored a setting, with the columns and types analysts know', async () => {
    expect(await table()).toEqual([{ tenantId: '*', timeZone: 'UTC' }]);
    expect((await monthly(berlin)).map((r) => [r.month, r.sessions])).toEqual([['2026-03', 2], ['2026-05', 0]]);
    const published = [
      { column_name: 'tenant_id', data_type: 'text' },
      { column_name: 'program_id', data_type: 'text' },
      { column_name: 'month', data_type: 'text' },
      { column_name: 'sessions', data_type: 'integer' },
      { column_name: 'session_minutes', data_type: 'integer' },
      { column_name: 'training_hours', data_type: 'numeric' },
      { column_name: 'average_rating', data_type: 'numeric' },
    ];
    expect(await columns('reporting')).toEqual(published);
    expect(await columns('analytics')).toEqual(published);
  });

  it("counts a session at 23:30 UTC on 31 March in April for a tenant on Europe/Berlin and in March for a UTC tenant, in the analysts' view too", async () => {
    await startWith(`${berlin}=Europe/Berlin,*=UTC`);
    expect(await table()).toEqual([
      { tenantId: '*', timeZone: 'UTC' },
      { tenantId: berlin, timeZone: 'Europe/Berlin' },
    ]);
    expect(await monthly(berlin)).toEqual([
      { program_id: `${berlin}-p`, month: '2026-03', sessions: 1, session_minutes: 30, training_hours: 0, average_rating: 3 },
      { program_id: `${berlin}-p`, month: '2026-04', sessions: 1, session_minutes: 45, training_hours: 0, average_rating: 5 },
      { program_id: `${berlin}-p`, month: '2026-05', sessions: 0, session_minutes: 0, training_hours: 1.5, average_rating: null },
    ]);
    expect(await monthly(utc)).toEqual([
      { program_id: `${utc}-p`, month: '2026-03', sessions: 2, session_minutes: 75, training_hours: 0, average_rating: 4 },
      { program_id: `${utc}-p`, month: '2026-05', sessions: 0, session_minutes: 0, training_hours: 1.5, average_rating: null },
    ]);
    // Analysts read the same through their tenant-filtered view, with no right on the zones table itself.
    expect(await asAnalyst(berlin)).toEqual([
      { program_id: `${berlin}-p`, month: '2026-03', sessions: 1 },
      { program_id: `${berlin}-p`, month: '2026-04', sessions: 1 },
      { program_id: `${berlin}-p`, month: '2026-05', sessions: 0 },
    ]);
    expect(await asAnalyst(utc)).toEqual([
      { program_id: `${utc}-p`, month: '2026-03', sessions: 2 },
      { program_id: `${utc}-p`, month: '2026-05', sessions: 0 },
    ]);
  });

  it('replaces the table when the service restarts with another setting: tenants no longer named go, * follows', async () => {
    await startWith(`${berlin}=Europe/Berlin,*=UTC`);
    await startWith(`${utc}=Europe/Berlin,*=America/New_York`);
    expect(await table()).toEqual([
      { tenantId: '*', timeZone: 'America/New_York' },
      { tenantId: utc, timeZone: 'Europe/Berlin' },
    ]);
    expect((await monthly(utc)).map((r) => [r.month, r.sessions])).toEqual([['2026-03', 1], ['2026-04', 1], ['2026-05', 0]]);
    // The Berlin tenant is now any other tenant: New York, where 23:30 UTC on 31 March is 19:30 the same day.
    expect((await monthly(berlin)).map((r) => [r.month, r.sessions])).toEqual([['2026-03', 2], ['2026-05', 0]]);
    // Unset: UTC for everyone; a start with the same setting changes no row.
    await startWith(undefined);
    expect(await table()).toEqual([{ tenantId: '*', timeZone: 'UTC' }]);
    expect(await storeReportingTimeZones(db, new ReportingTimeZones())).toBe(0);
  });

  it('stops the start on a zone PostgreSQL does not know, naming it, and leaves the table as it was', async () => {
    await startWith(`${berlin}=Europe/Berlin`);
    const unknown = new ReportingTimeZones(new Map([[utc, 'Mars/Olympus']]));
    const error = await storeReportingTimeZones(db, unknown).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toEqual(['REPORTING_TIME_ZONES: "Mars/Olympus" is not a time zone this PostgreSQL knows']);
    expect(await table()).toEqual([
      { tenantId: '*', timeZone: 'UTC' },
      { tenantId: berlin, timeZone: 'Europe/Berlin' },
    ]);
  });

  it('migrates down to the UTC months and up again', async () => {
    await startWith(`${berlin}=Europe/Berlin`);
    const runner = env.dataSource.createQueryRunner();
    try {
      await new ReportingTimeZones1763700000460().down(runner);
      expect((await monthly(berlin)).map((r) => [r.month, r.sessions])).toEqual([['2026-03', 2], ['2026-05', 0]]);
      expect(await asAnalyst(berlin)).toHaveLength(2);
      await new ReportingTimeZones1763700000460().up(runner);
    } finally {
      await runner.release();
    }
    expect(await table()).toEqual([{ tenantId: '*', timeZone: 'UTC' }]);
    await startWith(`${berlin}=Europe/Berlin`);
    expect((await monthly(berlin)).map((r) => [r.month, r.sessions])).toEqual([['2026-03', 1], ['2026-04', 1], ['2026-05', 0]]);
    expect(await asAnalyst(berlin)).toHaveLength(3);
  });
});
