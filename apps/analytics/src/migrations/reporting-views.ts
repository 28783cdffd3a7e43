import type { QueryRunner } from 'typeorm';

/**
 * The analysts' SQL surface (docs/analysts.md). Each report is defined once, as a view in the service's own schema
 * (`analytics.report_<name>`, which the service's queries read), and published to analysts as
 * `reporting.<name>`: the same columns, only the rows of the tenant the connected login belongs to
 * (`reporting_access.analyst_logins`, keyed by `session_user`, so `SET ROLE` changes nothing). The reporting view
 * is a security barrier (no function in an analyst's WHERE clause sees another tenant's rows) and runs with its
 * owner's rights, so `tandem_reporting` needs SELECT on the reporting views only — never on a base table.
 */
export async function publishReport(db: QueryRunner, name: string, description: string, columns: Record<string, string>): Promise<void> {
  await db.query(`DROP VIEW IF EXISTS reporting.${name}`);
  await db.query(`
    CREATE VIEW reporting.${name} WITH (security_barrier) AS
    SELECT * FROM analytics.report_${name}
    WHERE tenant_id = (SELECT l.tenant_id FROM reporting_access.analyst_logins l WHERE l.login = session_user)`);
  await db.query(`COMMENT ON VIEW reporting.${name} IS ${literal(`${description} Rows of your own tenant only.`)}`);
  const rows: { column_name: string }[] = await db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = 'reporting' AND table_name = $1 ORDER BY ordinal_position`,
    [name],
  );
  const uncommented = rows.map((r) => r.column_name).filter((c) => !columns[c]);
  if (uncommented.length) throw new Error(`reporting.${name}: no comment for ${uncommented.join(', ')}`);
  for (const [column, comment] of Object.entries(columns)) {
    await db.query(`COMMENT ON COLUMN reporting.${name}.${column} IS ${literal(comment)}`);
  }
  await db.query(`
    DO $$ BEGIN
      GRANT SELECT ON reporting.${name} TO tandem_reporting;
    EXCEPTION WHEN undefined_object OR insufficient_privilege THEN RAISE NOTICE 'grant SELECT on reporting.${name} to tandem_reporting';
    END $$`);
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Where a view counts calendar days or months, it counts them in the row's tenant's reporting time zone, the zone the
 * service's KPIs use: `analytics.reporting_time_zones`, which the service writes at start from `REPORTING_TIME_ZONES`
 * (`time-zones/reporting-time-zones.ts`). Join it once per row source, `${joinTenantTimeZone('z', 's.tenant_id')}`, and
 * use `${tenantTimeZone('z')}` as the zone: the tenant's own row, else the `*` row, else UTC — as
 * `ReportingTimeZones.of` answers. A join of one small table, not a function called per row.
 */
export const joinTenantTimeZone = (alias: string, tenantColumn: string): string =>
  `LEFT JOIN analytics.reporting_time_zones ${alias} ON ${alias}.tenant_id = ${tenantColumn}`;

export const tenantTimeZone = (alias: string): string =>
  `coalesce(${alias}.time_zone, (SELECT d.time_zone FROM analytics.reporting_time_zones d WHERE d.tenant_id = '*'), 'UTC')`;
