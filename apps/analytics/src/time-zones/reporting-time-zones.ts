import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Database, type SqlExecutor } from '@tandem/event-store';
import { ConfigurationError, ReportingTimeZones } from '@tandem/platform';

/**
 * The reporting views count months in each tenant's reporting time zone, and analysts read them in SQL, where the
 * service's settings are out of reach: so the service stores its `REPORTING_TIME_ZONES` in
 * `analytics.reporting_time_zones` (every tenant named, and `*` for every other one) when it starts. One source of
 * truth: the setting, as `ReportingTimeZones` reads it for the KPIs.
 */
@Injectable()
export class ReportingTimeZonesTable implements OnApplicationBootstrap {
  private readonly logger = new Logger('reporting-time-zones');

  constructor(
    private readonly db: Database,
    private readonly zones: ReportingTimeZones,
  ) {}

  /** After the migrations (run at module init): the table exists. */
  async onApplicationBootstrap(): Promise<void> {
    const changed = await storeReportingTimeZones(this.db, this.zones);
    if (changed > 0) this.logger.log(`reporting time zones stored: ${this.zones.rows().map((r) => `${r.tenantId}=${r.timeZone}`).join(', ')}`);
  }
}

/**
 * Makes the table say what the setting says, in one transaction: the rows of tenants no longer named go, the others
 * are inserted or updated (rows already right are left untouched). Replicas starting together take turns (an
 * advisory lock). A zone PostgreSQL does not know would break every view that reads it, so it stops the start,
 * named. Answers how many rows changed.
 */
export async function storeReportingTimeZones(db: Database, zones: ReportingTimeZones): Promise<number> {
  const rows = zones.rows();
  const tenants = rows.map((r) => r.tenantId);
  const timeZones = rows.map((r) => r.timeZone);
  return db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('analytics:reporting-time-zones'))`);
    await refuseUnknownZones(tx, timeZones);
    const removed = await tx.query(`DELETE FROM analytics.reporting_time_zones WHERE NOT (tenant_id = ANY($1::text[]))`, [tenants]);
    const stored = await tx.query(
      `INSERT INTO analytics.reporting_time_zones (tenant_id, time_zone) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (tenant_id) DO UPDATE SET time_zone = excluded.time_zone WHERE reporting_time_zones.time_zone IS DISTINCT FROM excluded.time_zone`,
      [tenants, timeZones],
    );
    return removed.rowCount + stored.rowCount;
  });
}

async function refuseUnknownZones(db: SqlExecutor, timeZones: string[]): Promise<void> {
  const { rows } = await db.query<{ zone: string }>(
    `SELECT DISTINCT zone FROM unnest($1::text[]) zone WHERE NOT EXISTS (SELECT 1 FROM pg_timezone_names n WHERE lower(n.name) = lower(zone)) ORDER BY zone`,
    [timeZones],
  );
  if (rows.length > 0) throw new ConfigurationError(rows.map((r) => `REPORTING_TIME_ZONES: "${r.zone}" is not a time zone this PostgreSQL knows`));
}
