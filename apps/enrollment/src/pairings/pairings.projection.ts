import type { Transaction } from '@tandem/event-store';
import type { PairingEvent, PairingState } from '@tandem/enrollment-domain';

/**
 * A pairing's row: inserted by its proposal (which alone carries the breakdown, algorithm and creation time),
 * then rewritten from the new state by every later change, inside the command's transaction.
 */
export async function projectPairing(tx: Transaction, tenantId: string, state: PairingState, version: number, events: PairingEvent[], at: string) {
  if (!state.exists) return;
  const proposed = events.find((e) => e.type === 'MatchProposed');
  const values = [
    tenantId,
    state.pairingId,
    state.programId,
    state.runId,
    state.source,
    state.status,
    JSON.stringify(state.mentor),
    JSON.stringify(state.mentee),
    state.mentor.userId,
    state.mentee.userId,
    String(state.score),
    state.accepted.mentor,
    state.accepted.mentee,
    state.expiresAt,
    state.startedAt,
    state.endedAt,
    state.endReason,
    version,
    at,
    state.exclusionLifted,
  ];
  if (proposed?.type === 'MatchProposed') {
    await tx.query(
      `INSERT INTO enrollment.pairings (tenant_id, pairing_id, program_id, run_id, source, status, mentor, mentee, mentor_user_id, mentee_user_id,
         score, mentor_accepted, mentee_accepted, expires_at, started_at, ended_at, end_reason, version, updated_at, exclusion_lifted,
         breakdown, algorithm_version, created_at, overridden_filters)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21::jsonb, $22, $23, $24::jsonb)`,
      [...values, jsonOrNull(proposed.data.breakdown), proposed.data.algorithmVersion, proposed.data.proposedAt, JSON.stringify(state.overriddenFilters)],
    );
  } else {
    await tx.query(
      `UPDATE enrollment.pairings SET program_id = $3, run_id = $4, source = $5, status = $6, mentor = $7::jsonb, mentee = $8::jsonb,
         mentor_user_id = $9, mentee_user_id = $10, score = $11, mentor_accepted = $12, mentee_accepted = $13, expires_at = $14,
         started_at = $15, ended_at = $16, end_reason = $17, version = $18, updated_at = $19, exclusion_lifted = $20
       WHERE tenant_id = $1 AND pairing_id = $2`,
      values,
    );
  }
}

/** A nullable jsonb column stays SQL NULL (not the JSON value `null`) when there is nothing to store. */
const jsonOrNull = (value: unknown) => (value === null ? null : JSON.stringify(value));
