import type { ProgramStatus } from '@tandem/enrollment-contracts';
import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

/** For `@ProgramScope('program')` routes: the program's managers as analytics last saw them. */
export const ANALYTICS_PROGRAM_SCOPES = {
  program: `SELECT program_id, managers FROM analytics.programs WHERE tenant_id = $1 AND program_id = $2`,
};

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
