import { MatchProposed, PairingStarted, PairingStatusChanged, type PairingStatus as PublicPairingStatus } from '@tandem/enrollment-contracts';
import type { PairingEvent, PairingState } from '@tandem/enrollment-domain';
import type { DecidedEvent, OutboxMessage } from '@tandem/event-store';
import type { MessagingRuntime } from '@tandem/platform';

const member = (m: { applicationId: string; userId: string; employeeId: string; name: string }) => ({
  applicationId: m.applicationId,
  userId: m.userId,
  employeeId: m.employeeId,
  name: m.name,
});

/** The public side of a pairing: proposed, started, and its later status changes. */
export function publishPairingEvents(messaging: MessagingRuntime, tenantId: string) {
  return (decided: DecidedEvent<PairingEvent>[], state: PairingState): OutboxMessage[] =>
    decided.flatMap(({ event, eventId, metadata }): OutboxMessage[] => {
      if (!state.exists) return [];
      const cause = { eventId, metadata };
      const { pairingId, programId } = event.data;
      const change = (from: PublicPairingStatus, to: PublicPairingStatus, by: string, at: string, reason: string | null = null) => [
        messaging.outboxMessage(PairingStatusChanged, { tenantId, programId, pairingId, from, to, reason, changedBy: by, changedAt: at }, cause),
      ];
      switch (event.type) {
        case 'MatchProposed':
          return [
            messaging.outboxMessage(
              MatchProposed,
              {
                tenantId,
                programId,
                proposalId: pairingId,
                runId: event.data.runId,
                mentor: member(event.data.mentor),
                mentee: member(event.data.mentee),
                score: event.data.score,
                algorithmVersion: event.data.algorithmVersion,
                proposedAt: event.data.proposedAt,
                expiresAt: event.data.expiresAt,
              },
              cause,
            ),
          ];
        case 'PairingStarted':
          return [
            messaging.outboxMessage(
              PairingStarted,
              { tenantId, programId, pairingId, proposalId: pairingId, mentor: member(state.mentor), mentee: member(state.mentee), startedAt: event.data.startedAt },
              cause,
            ),
          ];
        case 'PairingPaused':
          return change('active', 'paused', event.data.by, event.data.at);
        case 'PairingResumed':
          return change('paused', 'active', event.data.by, event.data.at);
        case 'PairingCompleted':
          return change(event.data.from, 'completed', event.data.by, event.data.at);
        case 'PairingEndedEarly':
          return change(event.data.from, 'ended-early', event.data.by, event.data.at, event.data.reason);
        default:
          return [];
      }
    });
}

