import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

/** One row of `enrollment.matching_runs`. */
export interface MatchingRunRecord {
  objective: string;
  algorithmVersion: string;
  inputFingerprint: string;
  totalScore: string;
  matched: number;
  unmatched: { applicationId: string; name: string; reason: string; explanation: unknown }[];
  stats: Record<string, unknown>;
  ranBy: string;
  ranAt: Date;
  exclusions: { menteeApplicationId: string; menteeName: string; mentorApplicationId: string; mentorName: string; reason: string }[];
}

const COLUMNS = `run_id AS "runId", program_id AS "programId", objective, algorithm_version AS "algorithmVersion", input_fingerprint AS "inputFingerprint",
  total_score AS "totalScore", matched, unmatched, stats, ran_by AS "ranBy", ran_at AS "ranAt", exclusions`;

/** A program's matching runs, newest first. */
export function listMatchingRuns<View>(db: SqlExecutor, tenantId: string, programId: string, page: PageQuery, view: (row: MatchingRunRecord & { runId: string; programId: string }) => View): Promise<Page<View>> {
  return pageOf(db, { select: COLUMNS, from: 'FROM enrollment.matching_runs WHERE tenant_id = $1 AND program_id = $2', params: [tenantId, programId], orderBy: 'ran_at DESC, run_id' }, page, view);
}

export async function findMatchingRun(db: SqlExecutor, tenantId: string, programId: string, runId: string): Promise<MatchingRunRecord | undefined> {
  const { rows } = await db.query<MatchingRunRecord>(
    `SELECT ${COLUMNS}
     FROM enrollment.matching_runs WHERE tenant_id = $1 AND program_id = $2 AND run_id = $3`,
    [tenantId, programId, runId],
  );
  return rows[0];
}
