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

/** Minor units per major unit of an ISO 4217 currency (100 for EUR, 1 for JPY), as the runtime's ICU data knows it. */
export const minorUnitsPer = (currency: string): number =>
  10 ** (new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);

/**
 * The program's measured results, session time and reward spend (by the end of `asOf`, a UTC day), as analytics holds
 * them: reward spend is the cost of the rewards fulfilled in the assumptions' `currency` (see docs/kpis.md, ROI).
 */
export async function roiInputs(db: SqlExecutor, tenantId: string, programId: string, currency: string, asOf?: string, timeZone = 'UTC'): Promise<RoiInputs> {
  const { rows } = await db.query<{ outcomes: Record<string, number> | null; training_minutes: number; session_minutes: number; reward_minor: number }>(
    `SELECT
       (SELECT jsonb_object_agg(kind, n) FROM (
          SELECT kind, count(*)::int AS n FROM analytics.outcomes WHERE tenant_id = $1 AND program_id = $2 AND verified_at < $3 GROUP BY kind) k) AS outcomes,
       (SELECT coalesce(sum(minutes), 0)::int FROM analytics.training_hours WHERE tenant_id = $1 AND program_id = $2 AND recorded_at < $3) AS training_minutes,
       (SELECT coalesce(sum(minutes), 0)::int FROM analytics.sessions WHERE tenant_id = $1 AND program_id = $2 AND occurred_at < $3) AS session_minutes,
       (SELECT coalesce(sum(cost_minor), 0)::float8 FROM analytics.reward_redemptions
          WHERE tenant_id = $1 AND program_id = $2 AND fulfilled_at < $3 AND currency = $4) AS reward_minor`,
    [tenantId, programId, endOfDay(asOf, timeZone), currency],
  );
  const r = rows[0];
  return {
    verifiedOutcomes: Object.fromEntries(OUTCOME_KINDS.map((k) => [k, r.outcomes?.[k] ?? 0])) as Record<OutcomeKind, number>,
    trainingHours: Math.round((r.training_minutes / 60) * 100) / 100,
    sessionMinutes: r.session_minutes,
    rewardSpend: Math.round((r.reward_minor / minorUnitsPer(currency)) * 100) / 100,
  };
}
