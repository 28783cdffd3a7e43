import type { SqlExecutor } from '@tandem/event-store';

export interface RecognitionFigures {
  /** Calendar month (`YYYY-MM`, in the tenant's reporting time zone) the awards were earned in. */
  month: string;
  tier: string;
  issued: number;
  revoked: number;
}

/**
 * Recognitions issued per tier and month in one program. Definition: an award counts once, in the calendar month of
 * its `earnedAt` (after any amendment) in `timeZone`, the tenant's reporting time zone (as the KPIs count); `issued`
 * includes awards revoked later, `revoked` counts those.
 */
export async function programRecognitions(db: SqlExecutor, tenantId: string, programId: string, timeZone: string): Promise<RecognitionFigures[]> {
  const { rows } = await db.query<RecognitionFigures>(
    `SELECT to_char(earned_at AT TIME ZONE $3, 'YYYY-MM') AS month, tier, count(*)::int AS issued, count(*) FILTER (WHERE revoked)::int AS revoked
     FROM analytics.recognitions WHERE tenant_id = $1 AND program_id = $2
     GROUP BY 1, 2 ORDER BY 1, array_position(ARRAY['participation','rising-star','champion','custom'], tier)`,
    [tenantId, programId, timeZone],
  );
  return rows;
}
