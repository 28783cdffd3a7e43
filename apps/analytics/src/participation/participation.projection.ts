import type {
  ApplicationStatusChangedV1,
  MatchProposedV1,
  PairingStartedV1,
  PairingStatusChangedV1,
  ParticipantAppliedV1,
  ProposalRefV1,
} from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import {
  ApplicationStatusChanged,
  MatchDeclined,
  MatchProposed,
  PairingStarted,
  PairingStatusChanged,
  ParticipantApplied,
  ProposalExpired,
  ProposalRejected,
} from '@tandem/enrollment-contracts';
import { applies, integrationProjection } from '@tandem/platform';

// `analytics.applications` and `analytics.pairings`. Enrollment keys these events by program, so one program's
// events arrive in order: an application's status change never overtakes the application, nor a pairing's start
// its proposal.

export async function participantApplied(tx: Transaction, p: ParticipantAppliedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.applications (tenant_id, program_id, application_id, role, status, applied_at)
     VALUES ($1, $2, $3, $4, 'applied', $5) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.applicationId, p.role, p.appliedAt],
  );
  await applicationChange(tx, p.tenantId, p.programId, p.applicationId, 'applied', p.appliedAt);
}

/** An application's status from a moment on: what "approved as of a day" is counted from. */
async function applicationChange(tx: Transaction, tenantId: string, programId: string, applicationId: string, status: string, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.application_changes (tenant_id, program_id, application_id, role, status, changed_at)
     SELECT tenant_id, program_id, application_id, role, $4, $5 FROM analytics.applications WHERE tenant_id = $1 AND program_id = $2 AND application_id = $3
     ON CONFLICT DO NOTHING`,
    [tenantId, programId, applicationId, status, at],
  );
}

/** A pairing's status from a moment on: what "active as of a day" is counted from. */
async function pairingChange(tx: Transaction, tenantId: string, programId: string, pairingId: string, status: string, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.pairing_changes (tenant_id, program_id, pairing_id, status, changed_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [tenantId, programId, pairingId, status, at],
  );
}

export async function applicationStatusChanged(tx: Transaction, p: ApplicationStatusChangedV1): Promise<void> {
  await tx.query(`UPDATE analytics.applications SET status = $3, decided_at = $4 WHERE tenant_id = $1 AND application_id = $2`, [
    p.tenantId,
    p.applicationId,
    p.to,
    p.changedAt,
  ]);
  await applicationChange(tx, p.tenantId, p.programId, p.applicationId, p.to, p.changedAt);
}

export async function matchProposed(tx: Transaction, p: MatchProposedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.pairings (tenant_id, program_id, pairing_id, status, mentee_application_id, mentor_user_id, proposed_at)
     VALUES ($1, $2, $3, 'proposed', $4, $5, $6) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.proposalId, p.mentee.applicationId, p.mentor.userId, p.proposedAt],
  );
}

export async function pairingStarted(tx: Transaction, p: PairingStartedV1): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.pairings (tenant_id, program_id, pairing_id, status, mentee_application_id, mentor_user_id, started_at)
     VALUES ($1, $2, $3, 'active', $4, $5, $6)
     ON CONFLICT (tenant_id, pairing_id) DO UPDATE SET status = 'active', mentor_user_id = EXCLUDED.mentor_user_id, started_at = EXCLUDED.started_at`,
    [p.tenantId, p.programId, p.pairingId, p.mentee.applicationId, p.mentor.userId, p.startedAt],
  );
  await pairingChange(tx, p.tenantId, p.programId, p.pairingId, 'active', p.startedAt);
}

/**
 * A proposal that ended without a pairing: rejected by a manager, declined by one side, or expired. Only a row
 * still proposed moves (a pairing analytics already saw start is not rewritten by a late duplicate).
 */
export async function proposalClosed(tx: Transaction, p: ProposalRefV1, outcome: 'rejected' | 'declined' | 'expired', at: string): Promise<void> {
  await tx.query(
    `INSERT INTO analytics.pairings (tenant_id, program_id, pairing_id, status, mentee_application_id, ended_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id, pairing_id) DO UPDATE SET status = EXCLUDED.status, ended_at = EXCLUDED.ended_at WHERE analytics.pairings.status = 'proposed'`,
    [p.tenantId, p.programId, p.proposalId, outcome, p.menteeApplicationId, at],
  );
  await pairingChange(tx, p.tenantId, p.programId, p.proposalId, outcome, at);
}

export async function pairingStatusChanged(tx: Transaction, p: PairingStatusChangedV1): Promise<void> {
  const ended = p.to === 'completed' || p.to === 'ended-early';
  await tx.query(
    `UPDATE analytics.pairings SET status = $3, ended_at = CASE WHEN $4 THEN $5::timestamptz ELSE ended_at END
     WHERE tenant_id = $1 AND pairing_id = $2`,
    [p.tenantId, p.pairingId, p.to, ended, p.changedAt],
  );
  await pairingChange(tx, p.tenantId, p.programId, p.pairingId, p.to, p.changedAt);
}

/** Enrollment's applications, proposals and pairings, each into the participation read models. */
export const participationProjection = integrationProjection({
  name: 'participation',
  tables: ['analytics.applications', 'analytics.pairings', 'analytics.application_changes', 'analytics.pairing_changes'],
  on: [
    applies(ParticipantApplied, participantApplied),
    applies(ApplicationStatusChanged, applicationStatusChanged),
    applies(MatchProposed, matchProposed),
    applies(PairingStarted, pairingStarted),
    applies(PairingStatusChanged, pairingStatusChanged),
    applies(ProposalRejected, (tx, p) => proposalClosed(tx, p, 'rejected', p.rejectedAt)),
    applies(MatchDeclined, (tx, p) => proposalClosed(tx, p, 'declined', p.declinedAt)),
    applies(ProposalExpired, (tx, p) => proposalClosed(tx, p, 'expired', p.expiredAt)),
  ],
});
