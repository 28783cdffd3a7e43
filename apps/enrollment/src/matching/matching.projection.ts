import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { matchingRunDecider, type MatchingRunRecordedEvent, type MatchingRunState } from '@tandem/enrollment-domain';

/**
 * A recorded run, once: what it optimised, how well, who stayed unmatched and why (by applicant name, with the
 * mentors each hard filter eliminated and the closest mentor), and which earlier rejections/declines it excluded.
 * The names are the applicants' as the applications read model holds them when the run is recorded (a rebuild
 * replays in stored order, so it sees the same ones).
 */
async function writeMatchingRun(tx: Transaction, { tenantId, data }: ProjectedEvent<MatchingRunRecordedEvent, MatchingRunState>) {
  const { runId, programId, result, ranBy, ranAt, input } = data;
  const names = await applicantNames(tx, tenantId, [...input.mentors, ...input.mentees].map((p) => p.participantId).concat((input.excludedPairs ?? []).flatMap((x) => [x.menteeId, x.mentorId])));
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

async function applicantNames(tx: Transaction, tenantId: string, applicationIds: string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ application_id: string; name: string }>(
    `SELECT application_id, name FROM enrollment.applications WHERE tenant_id = $1 AND application_id = ANY($2::text[])`,
    [tenantId, applicationIds],
  );
  return new Map(rows.map((r) => [r.application_id, r.name]));
}

/** Matching runs with their explanations, as the runs endpoint reads them. */
export const matchingRunsProjection = projection<MatchingRunRecordedEvent, MatchingRunState>({
  name: 'matching-runs',
  category: 'MatchingRun',
  decider: matchingRunDecider,
  tables: ['enrollment.matching_runs'],
  on: { MatchingRunRecorded: writeMatchingRun },
});
