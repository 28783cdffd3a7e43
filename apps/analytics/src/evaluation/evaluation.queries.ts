import type { SqlExecutor } from '@tandem/event-store';
import { endOfLocalDay } from '@tandem/platform';
import { DEFAULT_HORIZON_MONTHS, isKpiId, KPI_IDS, KPIS, objectiveStatus, reportKpi, SHORT_TERM_MONTHS, type KpiId, type ObjectiveStatus } from '@tandem/kpi';

/** The rows of a table in scope: the tenant's, and the program's unless `$2` is null (the whole tenant). */
const inScope = (t: string) => `${t}.tenant_id = $1 AND ($2::text IS NULL OR ${t}.program_id = $2)`;

/**
 * Each application's status at the cutoff, from its history. Changes at the same moment (an imported participant is
 * applied and approved at once) are ordered as the lifecycle orders them: applied, waitlisted, decided, withdrawn.
 */
const APPLICATIONS_AT_CUTOFF = `SELECT DISTINCT ON (application_id) application_id, role, status FROM analytics.application_changes a
  WHERE ${inScope('a')} AND a.changed_at < c.cutoff
  ORDER BY application_id, changed_at DESC, CASE status WHEN 'applied' THEN 0 WHEN 'waitlisted' THEN 1 WHEN 'withdrawn' THEN 3 ELSE 2 END DESC`;

/**
 * The KPIs that are running totals of rows (or of a column) of one table up to a moment: written once here, they give
 * both their expression (below) and, for a series, one pass over the table that sums per period (`kpiSeries`).
 */
interface RunningTotal {
  table: string;
  /** When a row counts from. */
  time: string;
  /** What a row adds (`1` to count). */
  value: string;
  where?: string;
  type: 'int' | 'float8';
}

const RUNNING_TOTALS = {
  applications: { table: 'analytics.applications', time: 'applied_at', value: '1', type: 'int' },
  sessions: { table: 'analytics.sessions', time: 'occurred_at', value: '1', type: 'int' },
  'training-hours': { table: 'analytics.training_hours', time: 'recorded_at', value: 'minutes / 60.0', type: 'float8' },
  'goals-achieved': { table: 'analytics.goals', time: 'achieved_at', value: '1', type: 'int' },
  'verified-outcomes': { table: 'analytics.outcomes', time: 'verified_at', value: '1', type: 'int' },
  'verified-promotions': { table: 'analytics.outcomes', time: 'verified_at', value: '1', where: `kind = 'promotion'`, type: 'int' },
} as const satisfies Partial<Record<KpiId, RunningTotal>>;

const rowsOf = (t: RunningTotal) => `FROM ${t.table} k WHERE ${inScope('k')}${'where' in t && t.where ? ` AND k.${t.where}` : ''}`;
const sumOf = (t: RunningTotal) => (t.value === '1' ? 'count(*)' : `coalesce(sum(${t.value}), 0)`);
const totalUpToCutoff = (t: RunningTotal) => `(SELECT ${sumOf(t)} ${rowsOf(t)} AND k.${t.time} < c.cutoff)::${t.type}`;

/**
 * Every KPI of the vocabulary as one SQL expression, computed as docs/kpis.md defines it from what had happened
 * before `c.cutoff` (exclusive; `infinity` for now): facts count by the time their events say they happened, and
 * the states that change (an application's, a pairing's status, a pairing's health) from their history. Without a
 * cutoff the figures equal the reporting views' (`evaluation.queries.int-spec.ts` checks it).
 */
const KPI_EXPRESSIONS: Record<KpiId, string> = {
  ...(Object.fromEntries(Object.entries(RUNNING_TOTALS).map(([id, t]) => [id, totalUpToCutoff(t)])) as Record<keyof typeof RUNNING_TOTALS, string>),
  'approved-participants': `(SELECT count(*) FROM (${APPLICATIONS_AT_CUTOFF}) s WHERE s.status = 'approved')::int`,
  'match-rate': `(SELECT coalesce(100.0 * count(*) FILTER (WHERE EXISTS (
      SELECT 1 FROM analytics.pairings x WHERE x.tenant_id = $1 AND x.mentee_application_id = s.application_id AND x.started_at < c.cutoff))
    / nullif(count(*), 0), 0)::float8 FROM (${APPLICATIONS_AT_CUTOFF}) s WHERE s.role = 'mentee' AND s.status = 'approved')`,
  'time-to-match-hours': `(SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - proposed_at) / 3600))::float8
    FROM analytics.pairings x WHERE ${inScope('x')} AND x.started_at < c.cutoff AND x.proposed_at IS NOT NULL)`,
  'proposal-decline-rate': `(SELECT coalesce(100.0 * count(*) FILTER (WHERE x.status = 'declined' AND x.ended_at < c.cutoff) / nullif(count(*), 0), 0)::float8
    FROM analytics.pairings x WHERE ${inScope('x')} AND coalesce(x.proposed_at, x.started_at, x.ended_at) < c.cutoff)`,
  // An end at the same moment as another change is the last word.
  'active-pairings': `(SELECT count(*) FROM (SELECT DISTINCT ON (pairing_id) status FROM analytics.pairing_changes x
    WHERE ${inScope('x')} AND x.changed_at < c.cutoff ORDER BY pairing_id, changed_at DESC, status IN ('completed', 'ended-early') DESC, status) s WHERE s.status = 'active')::int`,
  'at-risk-pairings': `(SELECT count(*) FROM (SELECT DISTINCT ON (pairing_id) at_risk FROM analytics.pairing_health_changes h
    WHERE ${inScope('h')} AND h.changed_at < c.cutoff ORDER BY pairing_id, episode DESC, at_risk ASC) s WHERE s.at_risk)::int`,
  // Six-month cohorts ending at the moment measured (the cutoff, or now): who mentored in the previous one and again in this one.
  'mentor-retention': `(SELECT 100.0 * count(*) FILTER (WHERE earlier AND later) / nullif(count(*) FILTER (WHERE earlier), 0)
    FROM (SELECT bool_or(x.started_at < r.t - interval '6 months' AND coalesce(x.ended_at, 'infinity') >= r.t - interval '12 months') AS earlier,
                 bool_or(x.started_at < r.t AND coalesce(x.ended_at, 'infinity') >= r.t - interval '6 months') AS later
          FROM analytics.pairings x, (SELECT CASE WHEN c.cutoff = 'infinity' THEN now() ELSE c.cutoff END AS t) r
          WHERE ${inScope('x')} AND x.started_at IS NOT NULL AND x.mentor_user_id IS NOT NULL GROUP BY x.mentor_user_id) m)::float8`,
  'average-session-rating': `(SELECT avg(rating) FROM analytics.session_ratings r WHERE ${inScope('r')} AND r.submitted_at < c.cutoff)::float8`,
  nps: `(SELECT 100.0 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6)) / nullif(count(*), 0)
    FROM analytics.pulse_answers a WHERE ${inScope('a')} AND a.answered_at < c.cutoff)::float8`,
  'recognitions-issued': `(SELECT count(*) FROM analytics.recognitions r WHERE ${inScope('r')} AND r.earned_at < c.cutoff
    AND (r.revoked_at IS NULL OR r.revoked_at >= c.cutoff))::int`,
  'reward-spend-against-budget': `(SELECT 100.0 * (SELECT coalesce(sum(cost_minor), 0) FROM analytics.reward_redemptions w WHERE ${inScope('w')} AND w.fulfilled_at < c.cutoff)
    / nullif(sum(amount_minor), 0) FROM analytics.reward_budget_entries b WHERE ${inScope('b')} AND b.occurred_at < c.cutoff)::float8`,
  'reward-satisfaction': `(SELECT avg(satisfaction) FROM analytics.reward_redemptions w WHERE ${inScope('w')} AND w.feedback_at < c.cutoff)::float8`,
};

/** No row at all for a program analytics does not know (the tenant as a whole always answers). */
const KNOWN_PROGRAM = `($2::text IS NULL OR EXISTS (SELECT 1 FROM analytics.programs p WHERE p.tenant_id = $1 AND p.program_id = $2))`;

const KPI_SQL = `SELECT ${KPI_IDS.map((id) => `${KPI_EXPRESSIONS[id]} AS "${id}"`).join(',\n  ')}
  FROM (SELECT $3::timestamptz AS cutoff) c WHERE ${KNOWN_PROGRAM}`;

/** The exclusive end of an `asOf` day in the tenant's reporting time zone: everything recorded by then counts. */
export const endOfDay = (asOf: string | undefined, timeZone = 'UTC'): string => (asOf ? endOfLocalDay(asOf, timeZone).toISOString() : 'infinity');

export type KpiValues = Record<KpiId, number | null>;

/**
 * The program's KPIs — or the tenant's, across its programs, when `programId` is null — as of the end of `asOf` (a day
 * in the tenant's reporting time zone), rounded as defined; undefined when analytics does not know the program.
 */
export async function programKpis(db: SqlExecutor, tenantId: string, programId: string | null, asOf?: string, timeZone = 'UTC'): Promise<KpiValues | undefined> {
  const { rows } = await db.query<Record<KpiId, number | null>>(KPI_SQL, [tenantId, programId, endOfDay(asOf, timeZone)]);
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

/**
 * Each objective of the program against its actual value at `now` (see docs/kpis.md, "Objectives and the evaluation
 * matrix"); with `asOf`, the figures recorded by the end of that day, judged at that moment.
 */
export async function evaluateObjectives(db: SqlExecutor, tenantId: string, programId: string, now: Date, asOf?: string, timeZone = 'UTC'): Promise<ObjectiveEvaluation[] | undefined> {
  const [{ rows }, kpis] = await Promise.all([
    db.query<{ objectives: StoredObjective[]; start: Date }>(
      // A cohort starts on its date; an evergreen program at its creation, or at its first pairing when history was imported.
      `SELECT objectives, coalesce(p.starts_on::timestamptz, least(p.created_at,
         (SELECT min(x.started_at) FROM analytics.pairings x WHERE x.tenant_id = p.tenant_id AND x.program_id = p.program_id))) AS start
       FROM analytics.programs p WHERE p.tenant_id = $1 AND p.program_id = $2`,
      [tenantId, programId],
    ),
    programKpis(db, tenantId, programId, asOf, timeZone),
  ]);
  const program = rows[0];
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

export type SeriesInterval = 'week' | 'month';

export interface SeriesPoint {
  /** `2027-02` (month) or `2027-W05` (ISO week). */
  period: string;
  /** First and last day of the period (UTC). */
  from: string;
  to: string;
  /** The KPI as of the period's last day. */
  value: number | null;
  /** For a cumulative KPI, what the period added (value − the previous period's value); null for a level KPI. */
  added: number | null;
}

const DAY = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The calendar periods (UTC) that overlap [from, to], oldest first. */
export function periodsBetween(interval: SeriesInterval, from: string, to: string): { period: string; from: string; to: string }[] {
  const periods: { period: string; from: string; to: string }[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  let start = Date.parse(`${from}T00:00:00Z`);
  if (interval === 'month') {
    const d = new Date(start);
    start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    while (start <= end) {
      const s = new Date(start);
      const next = Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 1);
      periods.push({ period: isoDay(start).slice(0, 7), from: isoDay(start), to: isoDay(next - DAY) });
      start = next;
    }
  } else {
    start -= (((new Date(start).getUTCDay() + 6) % 7) * DAY); // back to Monday
    for (; start <= end; start += 7 * DAY) {
      // ISO week number: the week of its Thursday.
      const thursday = new Date(start + 3 * DAY);
      const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
      const week = Math.floor((thursday.getTime() - yearStart) / DAY / 7) + 1;
      periods.push({ period: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`, from: isoDay(start), to: isoDay(start + 6 * DAY) });
    }
  }
  return periods;
}

/**
 * One KPI per week or month: as of each period's last day (and, for running totals, what the period added), in one
 * query that evaluates only that KPI at every period's end (and at the eve of the first, for its `added`).
 */
export async function kpiSeries(db: SqlExecutor, tenantId: string, programId: string, metric: KpiId, interval: SeriesInterval, from: string, to: string, timeZone = 'UTC'): Promise<SeriesPoint[] | undefined> {
  const periods = periodsBetween(interval, from, to);
  // The first period's start (the end of the day before it) and every period's end, in the tenant's zone.
  const first = new Date(Date.parse(`${periods[0]?.from ?? from}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
  const cutoffs = [endOfDay(first, timeZone), ...periods.map((p) => endOfDay(p.to, timeZone))];
  const values = metric in RUNNING_TOTALS
    ? await runningTotalAt(db, tenantId, programId, RUNNING_TOTALS[metric as keyof typeof RUNNING_TOTALS], cutoffs)
    : (await db.query<{ value: number | null }>(
        `SELECT ${KPI_EXPRESSIONS[metric]} AS value FROM unnest($3::timestamptz[]) WITH ORDINALITY AS c(cutoff, n) WHERE ${KNOWN_PROGRAM} ORDER BY c.n`,
        [tenantId, programId, cutoffs],
      )).rows.map((r) => r.value);
  if (values === undefined || values.length === 0) return undefined;
  const reported = values.map((v) => reportKpi(metric, v === null ? null : Number(v)));
  const cumulative = KPIS[metric].kind === 'cumulative';
  return periods.map((p, i) => {
    const [previous, value] = [reported[i], reported[i + 1]];
    return { ...p, value, added: cumulative && value !== null ? reportKpi(metric, value - (previous ?? 0)) : null };
  });
}

/**
 * A running total at each of `cutoffs` (ascending) in one pass over the table: each row falls in the period between
 * two cutoffs (`width_bucket`), the periods are summed, the total at cutoff n is what the periods before it add up to.
 * Undefined when analytics does not know the program.
 */
async function runningTotalAt(db: SqlExecutor, tenantId: string, programId: string, t: RunningTotal, cutoffs: string[]): Promise<number[] | undefined> {
  const { rows } = await db.query<{ bucket: number; added: string }>(
    `SELECT -1 AS bucket, 0 AS added WHERE ${KNOWN_PROGRAM}
     UNION ALL SELECT width_bucket(k.${t.time}, $3::timestamptz[]), ${sumOf(t)} ${rowsOf(t)} AND k.${t.time} < ($3::timestamptz[])[array_length($3::timestamptz[], 1)] GROUP BY 1`,
    [tenantId, programId, cutoffs],
  );
  if (!rows.some((r) => r.bucket === -1)) return undefined;
  // Rows before the first cutoff are in bucket 0; a row in bucket b counts from cutoff b + 1 on (1-based).
  const added = new Map(rows.filter((r) => r.bucket >= 0).map((r) => [r.bucket, Number(r.added)]));
  let total = 0;
  return cutoffs.map((_, i) => (total += added.get(i) ?? 0));
}
