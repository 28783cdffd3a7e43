import type { SqlExecutor } from '@tandem/event-store';

export interface MonthlyFigures {
  month: string;
  sessions: number;
  sessionMinutes: number;
  trainingHours: number;
  averageRating: number | null;
}

/** A program's engagement and impact (`analytics.report_program_impact`, `analytics.report_program_engagement_monthly`, published to analysts as `reporting.*`). */
export interface ImpactFigures {
  programId: string;
  sessions: number;
  trainingHours: number;
  averageRating: number | null;
  nps: number | null;
  verifiedOutcomes: number;
  atRiskPairings: number;
  months: MonthlyFigures[];
}

// PostgreSQL returns numeric as text: figures become numbers, an absent average stays null.
const orNull = (value: string | null) => (value === null ? null : Number(value));

/** Undefined when analytics does not know the program. */
export async function programImpact(db: SqlExecutor, tenantId: string, programId: string): Promise<ImpactFigures | undefined> {
  const { rows } = await db.query<{ sessions: number; training_hours: string; average_rating: string | null; nps: string | null; verified_outcomes: number; at_risk_pairings: number }>(
    `SELECT sessions, training_hours, average_rating, nps, verified_outcomes, at_risk_pairings FROM analytics.report_program_impact WHERE tenant_id = $1 AND program_id = $2`,
    [tenantId, programId],
  );
  const r = rows[0];
  if (!r) return undefined;
  const months = await db.query<{ month: string; sessions: number; session_minutes: number; training_hours: string; average_rating: string | null }>(
    `SELECT month, sessions, session_minutes, training_hours, average_rating FROM analytics.report_program_engagement_monthly
     WHERE tenant_id = $1 AND program_id = $2 ORDER BY month`,
    [tenantId, programId],
  );
  return {
    programId,
    sessions: r.sessions,
    trainingHours: Number(r.training_hours),
    averageRating: orNull(r.average_rating),
    nps: orNull(r.nps),
    verifiedOutcomes: r.verified_outcomes,
    atRiskPairings: r.at_risk_pairings,
    months: months.rows.map((m) => ({ month: m.month, sessions: m.sessions, sessionMinutes: m.session_minutes, trainingHours: Number(m.training_hours), averageRating: orNull(m.average_rating) })),
  };
}
