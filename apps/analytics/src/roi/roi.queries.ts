import { OUTCOME_KINDS, type OutcomeKind, type RoiAssumptions, type RoiInputs } from '@tandem/analytics-domain';
import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import { endOfDay } from '../evaluation/evaluation.queries';

export interface AssumptionsVersion {
  version: number;
  assumptions: RoiAssumptions;
  setBy: string;
  setAt: string;
}

const COLUMNS = `version, assumptions, set_by AS "setBy", to_char(set_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "setAt"`;

/** Every version of the program's ROI assumptions, newest first. */
export function assumptionVersions(db: SqlExecutor, tenantId: string, programId: string, page: PageQuery): Promise<Page<AssumptionsVersion>> {
  return pageOf<AssumptionsVersion, AssumptionsVersion>(
    db,
    { select: COLUMNS, from: `FROM analytics.roi_assumptions WHERE tenant_id = $1 AND program_id = $2`, params: [tenantId, programId], orderBy: 'version DESC' },
    page,
    (row) => row,
  );
}

/** One version of the assumptions, or the current one; undefined when there is none. */
export async function assumptionsVersion(db: SqlExecutor, tenantId: string, programId: string, version?: number): Promise<AssumptionsVersion | undefined> {
  const { rows } = await db.query<AssumptionsVersion>(
    `SELECT ${COLUMNS} FROM analytics.roi_assumptions WHERE tenant_id = $1 AND program_id = $2 AND ($3::int IS NULL OR version = $3)
     ORDER BY version DESC LIMIT 1`,
    [tenantId, programId, version ?? null],
  );
  return rows[0];
}

/** The program's measured results and session time (by the end of `asOf`, a UTC day), as analytics holds them (reward spend: see docs/kpis.md, ROI). */
export async function roiInputs(db: SqlExecutor, tenantId: string, programId: string, asOf?: string): Promise<RoiInputs> {
  const { rows } = await db.query<{ outcomes: Record<string, number> | null; training_minutes: number; session_minutes: number }>(
    `SELECT
       (SELECT jsonb_object_agg(kind, n) FROM (
          SELECT kind, count(*)::int AS n FROM analytics.outcomes WHERE tenant_id = $1 AND program_id = $2 AND verified_at < $3 GROUP BY kind) k) AS outcomes,
       (SELECT coalesce(sum(minutes), 0)::int FROM analytics.training_hours WHERE tenant_id = $1 AND program_id = $2 AND recorded_at < $3) AS training_minutes,
       (SELECT coalesce(sum(minutes), 0)::int FROM analytics.sessions WHERE tenant_id = $1 AND program_id = $2 AND occurred_at < $3) AS session_minutes`,
    [tenantId, programId, endOfDay(asOf)],
  );
  const r = rows[0];
  return {
    verifiedOutcomes: Object.fromEntries(OUTCOME_KINDS.map((k) => [k, r.outcomes?.[k] ?? 0])) as Record<OutcomeKind, number>,
    trainingHours: Math.round((r.training_minutes / 60) * 100) / 100,
    sessionMinutes: r.session_minutes,
    // Recognition publishes no reward spend yet (the rewards issue): 0 until it does.
    rewardSpend: 0,
  };
}
