import type { Transaction } from '@tandem/event-store';
import type { MatchingRunRecordedEvent } from '@tandem/enrollment-domain';

/**
 * A recorded run, once: what it optimised, how well, who stayed unmatched and why (by applicant name, with the
 * mentors each hard filter eliminated and the closest mentor), and which earlier rejections/declines it excluded.
 */
export async function projectMatchingRun(tx: Transaction, tenantId: string, event: MatchingRunRecordedEvent, names: Map<string, string>) {
  const { runId, programId, result, ranBy, ranAt, input } = event.data;
  const unmatched = result.unmatchedMentees.map((u) => ({
    applicationId: u.menteeId,
    name: names.get(u.menteeId) ?? '',
    reason: u.reason,
    // Runs recorded before #10 carry no explanation.
    explanation: u.explanation ? { ...u.explanation, nearMiss: u.explanation.nearMiss && { ...u.explanation.nearMiss, name: names.get(u.explanation.nearMiss.mentorId) ?? '' } } : null,
  }));
  const exclusions = (input.excludedPairs ?? []).map((x) => ({
    menteeApplicationId: x.menteeId,
    menteeName: names.get(x.menteeId) ?? '',
    mentorApplicationId: x.mentorId,
    mentorName: names.get(x.mentorId) ?? '',
    reason: x.reason,
  }));
  await tx.query(
    `INSERT INTO enrollment.matching_runs (tenant_id, run_id, program_id, objective, algorithm_version, input_fingerprint, total_score, matched,
       unmatched, stats, ran_by, ran_at, exclusions)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13::jsonb)`,
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
      JSON.stringify(exclusions),
    ],
  );
}
