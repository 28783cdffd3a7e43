import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { pairingDecider, type PairingEvent, type PairingState } from '@tandem/enrollment-domain';

/** When a pairing event happened (each says so itself): the row's `updated_at`. */
const changedAt = (event: PairingEvent): string => {
  switch (event.type) {
    case 'MatchProposed':
      return event.data.proposedAt;
    case 'ProposalApproved':
      return event.data.approvedAt;
    case 'ProposalRejected':
      return event.data.rejectedAt;
    case 'MatchAccepted':
      return event.data.acceptedAt;
    case 'MatchDeclined':
      return event.data.declinedAt;
    case 'ProposalExpired':
      return event.data.expiredAt;
    case 'PairExclusionLifted':
      return event.data.liftedAt;
    case 'PairingStarted':
      return event.data.startedAt;
    case 'PairingPaused':
    case 'PairingResumed':
    case 'PairingCompleted':
    case 'PairingEndedEarly':
      return event.data.at;
  }
};

/** The columns every event rewrites from the state after it. */
function stateColumns({ tenantId, state, streamVersion }: ProjectedEvent<PairingEvent, PairingState>, at: string) {
  if (!state.exists) throw new Error('a pairing event before its proposal');
  return [
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
    streamVersion,
    at,
    state.exclusionLifted,
  ];
}

/** The proposal inserts the row: it alone carries the breakdown, the algorithm and the creation time. */
async function insertPairing(tx: Transaction, event: ProjectedEvent<Extract<PairingEvent, { type: 'MatchProposed' }>, PairingState>) {
  const { data, state } = event;
  await tx.query(
    `INSERT INTO enrollment.pairings (tenant_id, pairing_id, program_id, run_id, source, status, mentor, mentee, mentor_user_id, mentee_user_id,
       score, mentor_accepted, mentee_accepted, expires_at, started_at, ended_at, end_reason, version, updated_at, exclusion_lifted,
       breakdown, algorithm_version, created_at, overridden_filters)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21::jsonb, $22, $23, $24::jsonb)`,
    [
      ...stateColumns(event, data.proposedAt),
      jsonOrNull(data.breakdown),
      data.algorithmVersion,
      data.proposedAt,
      JSON.stringify(state.exists ? state.overriddenFilters : []),
    ],
  );
}

/** Every later change rewrites the row from the new state. */
async function updatePairing(tx: Transaction, event: ProjectedEvent<PairingEvent, PairingState>) {
  await tx.query(
    `UPDATE enrollment.pairings SET program_id = $3, run_id = $4, source = $5, status = $6, mentor = $7::jsonb, mentee = $8::jsonb,
       mentor_user_id = $9, mentee_user_id = $10, score = $11, mentor_accepted = $12, mentee_accepted = $13, expires_at = $14,
       started_at = $15, ended_at = $16, end_reason = $17, version = $18, updated_at = $19, exclusion_lifted = $20
     WHERE tenant_id = $1 AND pairing_id = $2`,
    stateColumns(event, changedAt(event)),
  );
}

/** A nullable jsonb column stays SQL NULL (not the JSON value `null`) when there is nothing to store. */
const jsonOrNull = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** Pairings as the proposal, pairing and `my/pairings` endpoints read them. */
export const pairingsProjection = projection<PairingEvent, PairingState>({
  name: 'pairings',
  category: 'Pairing',
  decider: pairingDecider,
  tables: ['enrollment.pairings'],
  on: {
    MatchProposed: insertPairing,
    ProposalApproved: updatePairing,
    ProposalRejected: updatePairing,
    MatchAccepted: updatePairing,
    MatchDeclined: updatePairing,
    ProposalExpired: updatePairing,
    PairExclusionLifted: updatePairing,
    PairingStarted: updatePairing,
    PairingPaused: updatePairing,
    PairingResumed: updatePairing,
    PairingCompleted: updatePairing,
    PairingEndedEarly: updatePairing,
  },
});
