import type { SqlExecutor } from '@tandem/event-store';

/** One row of `enrollment.matching_runs`. */
export interface MatchingRunRecord {
  objective: string;
  algorithmVersion: string;
  inputFingerprint: string;
  totalScore: string;
  matched: number;
  unmatched: { applicationId: string; name: string; reason: string }[];
  stats: Record<string, unknown>;
  ranBy: string;
  ranAt: Date;
}

export async function findMatchingRun(db: SqlExecutor, tenantId: string, programId: string, runId: string): Promise<MatchingRunRecord | undefined> {
  const { rows } = await db.query<MatchingRunRecord>(
    `SELECT objective, algorithm_version AS "algorithmVersion", input_fingerprint AS "inputFingerprint", total_score AS "totalScore", matched,
       unmatched, stats, ran_by AS "ranBy", ran_at AS "ranAt"
     FROM enrollment.matching_runs WHERE tenant_id = $1 AND program_id = $2 AND run_id = $3`,
    [tenantId, programId, runId],
  );
  return rows[0];
}
