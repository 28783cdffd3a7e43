import type { SqlExecutor } from '@tandem/event-store';
import { DEFAULT_HORIZON_MONTHS, isKpiId, KPI_IDS, KPIS, objectiveStatus, reportKpi, SHORT_TERM_MONTHS, type KpiId, type ObjectiveStatus } from '@tandem/kpi';

/**
 * Every KPI of the vocabulary for one program, computed as docs/kpis.md defines it. The engagement figures come from
 * `analytics.report_program_impact` (the view analysts read), so the API and the reporting views cannot disagree.
 */
const KPI_SQL = `
  SELECT
    (SELECT count(*) FROM analytics.applications a WHERE a.tenant_id = $1 AND a.program_id = $2)::int AS "applications",
    (SELECT count(*) FROM analytics.applications a WHERE a.tenant_id = $1 AND a.program_id = $2 AND a.status = 'approved')::int AS "approved-participants",
    (SELECT coalesce(100.0 * count(*) FILTER (WHERE EXISTS (
              SELECT 1 FROM analytics.pairings x WHERE x.tenant_id = a.tenant_id AND x.mentee_application_id = a.application_id AND x.started_at IS NOT NULL))
            / nullif(count(*), 0), 0)::float8
       FROM analytics.applications a WHERE a.tenant_id = $1 AND a.program_id = $2 AND a.role = 'mentee' AND a.status = 'approved') AS "match-rate",
    (SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - proposed_at) / 3600))::float8
       FROM analytics.pairings x WHERE x.tenant_id = $1 AND x.program_id = $2 AND started_at IS NOT NULL AND proposed_at IS NOT NULL) AS "time-to-match-hours",
    (SELECT coalesce(100.0 * count(*) FILTER (WHERE status = 'declined') / nullif(count(*), 0), 0)::float8
       FROM analytics.pairings x WHERE x.tenant_id = $1 AND x.program_id = $2) AS "proposal-decline-rate",
    (SELECT count(*) FROM analytics.pairings x WHERE x.tenant_id = $1 AND x.program_id = $2 AND x.status = 'active')::int AS "active-pairings",
    i.at_risk_pairings AS "at-risk-pairings",
    i.sessions AS "sessions",
    i.training_hours::float8 AS "training-hours",
    i.average_rating::float8 AS "average-session-rating",
    i.nps::float8 AS "nps",
    i.verified_outcomes AS "verified-outcomes",
    (SELECT count(*) FROM analytics.outcomes o WHERE o.tenant_id = $1 AND o.program_id = $2 AND o.kind = 'promotion')::int AS "verified-promotions",
    (SELECT count(*) FROM analytics.recognitions r WHERE r.tenant_id = $1 AND r.program_id = $2 AND NOT r.revoked)::int AS "recognitions-issued"
  FROM analytics.report_program_impact i WHERE i.tenant_id = $1 AND i.program_id = $2`;

export type KpiValues = Record<KpiId, number | null>;

/** The program's KPIs, rounded as defined; undefined when analytics does not know the program. */
export async function programKpis(db: SqlExecutor, tenantId: string, programId: string): Promise<KpiValues | undefined> {
  const { rows } = await db.query<Record<KpiId, number | null>>(KPI_SQL, [tenantId, programId]);
  const row = rows[0];
  if (!row) return undefined;
  return Object.fromEntries(KPI_IDS.map((id) => [id, reportKpi(id, row[id] === null ? null : Number(row[id]))])) as KpiValues;
}

export interface ObjectiveEvaluation {
  objectiveId: string;
  description: string;
  metric: string;
  target: number;
  horizonMonths: number;
  term: 'short-term' | 'long-term';
  dueOn: string;
  /** The part of the horizon gone by (0–1). */
  elapsed: number;
  actual: number | null;
  status: ObjectiveStatus;
}

interface StoredObjective {
  objectiveId: string;
  description: string;
  metric: string;
  target: number;
  horizonMonths?: number;
}

/** Each objective of the program against its actual value (see docs/kpis.md, "Objectives and the evaluation matrix"). */
export async function evaluateObjectives(db: SqlExecutor, tenantId: string, programId: string, now: Date): Promise<ObjectiveEvaluation[] | undefined> {
  const { rows } = await db.query<{ objectives: StoredObjective[]; start: Date }>(
    `SELECT objectives, coalesce(starts_on::timestamptz, created_at) AS start FROM analytics.programs WHERE tenant_id = $1 AND program_id = $2`,
    [tenantId, programId],
  );
  const program = rows[0];
  const kpis = program && (await programKpis(db, tenantId, programId));
  if (!program || !kpis) return undefined;
  return program.objectives.map((o) => {
    const horizonMonths = o.horizonMonths ?? DEFAULT_HORIZON_MONTHS;
    const due = addMonths(program.start, horizonMonths);
    const elapsed = Math.min(1, Math.max(0, (now.getTime() - program.start.getTime()) / (due.getTime() - program.start.getTime())));
    const actual = isKpiId(o.metric) ? kpis[o.metric] : null;
    return {
      objectiveId: o.objectiveId,
      description: o.description,
      metric: o.metric,
      target: o.target,
      horizonMonths,
      term: horizonMonths <= SHORT_TERM_MONTHS ? 'short-term' : 'long-term',
      dueOn: due.toISOString().slice(0, 10),
      elapsed: Math.round(elapsed * 1000) / 1000,
      actual,
      status: objectiveStatus(o.metric, o.target, actual, elapsed),
    };
  });
}

/** Calendar months later (UTC), clamped to the month's last day (31 January + 1 month = 28/29 February). */
function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

/** The vocabulary with its definitions, for the API's answer. */
export const kpiDefinition = (id: KpiId) => KPIS[id];
