import type { ProgramStatus } from '@tandem/enrollment-contracts';
import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

/** For `@ProgramScope('program')` routes: the program's managers as analytics last saw them. */
export const ANALYTICS_PROGRAM_SCOPES = {
  program: `SELECT program_id, managers FROM analytics.programs WHERE tenant_id = $1 AND program_id = $2`,
};

/** Whether analytics knows the program (one primary-key lookup, not the report's figures). */
export async function programExists(db: SqlExecutor, tenantId: string, programId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM analytics.programs WHERE tenant_id = $1 AND program_id = $2`, [tenantId, programId]);
  return rows.length > 0;
}

/** A program as analytics sees it: definition, status, recognition set-up and participation (`analytics.report_programs`, published to analysts as `reporting.programs`). */
export interface ProgramFigures {
  programId: string;
  name: string;
  status: ProgramStatus;
  lifecycleKind: string;
  startsOn: string | null;
  endsOn: string | null;
  maxPairs: number | null;
  objectives: number;
  badgeDefinitions: number;
  applications: number;
  approved: number;
  activePairings: number;
  createdAt: string;
  statusChangedAt: string;
}

const COLUMNS = `program_id AS "programId", name, status, lifecycle_kind AS "lifecycleKind", starts_on::text AS "startsOn",
         ends_on::text AS "endsOn", max_pairs AS "maxPairs", objectives, badge_definitions AS "badgeDefinitions",
         applications, approved, active_pairings AS "activePairings",
         created_at AS "createdAt", status_changed_at AS "statusChangedAt"`;

export function programsOfTenant(db: SqlExecutor, tenantId: string, page: PageQuery & { status?: ProgramStatus }): Promise<Page<ProgramFigures>> {
  const params: unknown[] = [tenantId];
  const filter = page.status ? `AND status = $${params.push(page.status)}` : '';
  return pageOf<ProgramFigures, ProgramFigures>(
    db,
    { select: COLUMNS, from: `FROM analytics.report_programs WHERE tenant_id = $1 ${filter}`, params, orderBy: 'created_at DESC, program_id' },
    page,
    (row) => row,
  );
}

export async function programFigures(db: SqlExecutor, tenantId: string, programId: string): Promise<ProgramFigures | undefined> {
  const { rows } = await db.query<ProgramFigures>(`SELECT ${COLUMNS} FROM analytics.report_programs WHERE tenant_id = $1 AND program_id = $2`, [tenantId, programId]);
  return rows[0];
}

/** What became of a program's proposals, and how long a match takes (from `analytics.pairings`). */
export interface MatchingFigures {
  proposals: number;
  declined: number;
  rejected: number;
  expired: number;
  /** Declined ÷ proposals (0 when there are none), to 0.001. */
  declineRate: number;
  /** Median hours from proposal to the pairing's start, over started pairings seen proposed; null when none. */
  medianHoursToMatch: number | null;
}

export async function matchingFigures(db: SqlExecutor, tenantId: string, programId: string): Promise<MatchingFigures> {
  const { rows } = await db.query<Omit<MatchingFigures, 'declineRate'>>(
    `SELECT count(*)::int AS proposals,
            count(*) FILTER (WHERE status = 'declined')::int AS declined,
            count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
            count(*) FILTER (WHERE status = 'expired')::int AS expired,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - proposed_at) / 3600)
               FILTER (WHERE started_at IS NOT NULL AND proposed_at IS NOT NULL))::float8 AS "medianHoursToMatch"
     FROM analytics.pairings WHERE tenant_id = $1 AND program_id = $2`,
    [tenantId, programId],
  );
  const r = rows[0];
  return { ...r, declineRate: r.proposals === 0 ? 0 : Math.round((1000 * r.declined) / r.proposals) / 1000, medianHoursToMatch: r.medianHoursToMatch === null ? null : Math.round(r.medianHoursToMatch * 1000) / 1000 };
}
