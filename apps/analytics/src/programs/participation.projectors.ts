import { Injectable } from '@nestjs/common';
import { ApplicationStatusChanged, MatchProposed, PairingStarted, PairingStatusChanged, ParticipantApplied } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';

// Keyed by program, so one program's events arrive in order: an application's status change never overtakes
// the application, nor a pairing's start its proposal.

@SubscribesTo(ParticipantApplied)
@Injectable()
export class ApplicationProjector implements Subscriber<typeof ParticipantApplied> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ParticipantApplied>>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.applications (tenant_id, program_id, application_id, role, status, applied_at)
       VALUES ($1, $2, $3, $4, 'applied', $5) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.applicationId, p.role, p.appliedAt],
    );
  }
}

@SubscribesTo(ApplicationStatusChanged)
@Injectable()
export class ApplicationStatusProjector implements Subscriber<typeof ApplicationStatusChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof ApplicationStatusChanged>>, tx: Transaction) {
    await tx.query(`UPDATE analytics.applications SET status = $3, decided_at = $4 WHERE tenant_id = $1 AND application_id = $2`, [
      p.tenantId,
      p.applicationId,
      p.to,
      p.changedAt,
    ]);
  }
}

@SubscribesTo(MatchProposed)
@Injectable()
export class ProposalProjector implements Subscriber<typeof MatchProposed> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof MatchProposed>>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.pairings (tenant_id, program_id, pairing_id, status, mentee_application_id, proposed_at)
       VALUES ($1, $2, $3, 'proposed', $4, $5) ON CONFLICT DO NOTHING`,
      [p.tenantId, p.programId, p.proposalId, p.mentee.applicationId, p.proposedAt],
    );
  }
}

@SubscribesTo(PairingStarted)
@Injectable()
export class PairingStartedProjector implements Subscriber<typeof PairingStarted> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof PairingStarted>>, tx: Transaction) {
    await tx.query(
      `INSERT INTO analytics.pairings (tenant_id, program_id, pairing_id, status, mentee_application_id, started_at)
       VALUES ($1, $2, $3, 'active', $4, $5)
       ON CONFLICT (tenant_id, pairing_id) DO UPDATE SET status = 'active', started_at = EXCLUDED.started_at`,
      [p.tenantId, p.programId, p.pairingId, p.mentee.applicationId, p.startedAt],
    );
  }
}

@SubscribesTo(PairingStatusChanged)
@Injectable()
export class PairingStatusProjector implements Subscriber<typeof PairingStatusChanged> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof PairingStatusChanged>>, tx: Transaction) {
    const ended = p.to === 'completed' || p.to === 'ended-early';
    await tx.query(
      `UPDATE analytics.pairings SET status = $3, ended_at = CASE WHEN $4 THEN $5::timestamptz ELSE ended_at END
       WHERE tenant_id = $1 AND pairing_id = $2`,
      [p.tenantId, p.pairingId, p.to, ended, p.changedAt],
    );
  }
}

export const ParticipationProjectors = [ApplicationProjector, ApplicationStatusProjector, ProposalProjector, PairingStartedProjector, PairingStatusProjector];
