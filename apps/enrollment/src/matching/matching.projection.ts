import type { Transaction } from '@tandem/event-store';
import type { MatchingRunRecordedEvent } from '@tandem/enrollment-domain';

/** A recorded run, once: what it optimised, how well, and who stayed unmatched and why (by applicant name). */
export async function projectMatchingRun(tx: Transaction, tenantId: string, event: MatchingRunRecordedEvent, names: Map<string, string>) {
  const { runId, programId, result, ranBy, ranAt } = event.data;
  const unmatched = result.unmatchedMentees.map((u) => ({ applicationId: u.menteeId, name: names.get(u.menteeId) ?? '', reason: u.reason }));
  await tx.query(
    `INSERT INTO enrollment.matching_runs (tenant_id, run_id, program_id, objective, algorithm_version, input_fingerprint, total_score, matched,
       unmatched, stats, ran_by, ran_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12)`,
    [
      tenantId,
      runId,
      programId,
      result.objective,
      result.algorithmVersion,
      result.inputFingerprint,
      String(result.totalScore),
      result.proposals.length,
      JSON.stringify(unmatched),
      JSON.stringify(result.stats),
      ranBy,
      ranAt,
    ],
  );
}
