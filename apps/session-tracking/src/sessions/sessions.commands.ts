import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext, type DecidedEvent, type OutboxMessage } from '@tandem/event-store';
import { FeedbackSubmitted, SessionCancelled, SessionCompleted, SessionNoShowReported } from '@tandem/session-tracking-contracts';
import { sessionDecider, sessionStreamId, type SessionCommand, type SessionEvent, type SessionState } from '@tandem/session-tracking-domain';
import { EngagementHealth } from '../engagement-health/engagement-health.commands';
import type { PairingRow } from '../pairings/pairings.queries';
import { onSessionConfirmed } from '../policies/session-confirmed.policy';
import { Outbox } from '../shared/outbox';
import { TrainingHoursLedger } from '../training-hours/training-hours.commands';
import { upsertSession } from './sessions.projection';
import type { SessionRow } from './sessions.queries';

/** A session command of a member of `pairing` (access already checked), through the event pipeline. */
export class RunSessionCommand {
  constructor(
    readonly command: SessionCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

/**
 * Appends the session's events, maps the public ones to the outbox and updates the read model (returning the row it
 * wrote, so the caller answers without reading it again; undefined for a repeat that wrote nothing) — and when the
 * other side confirms, runs the session-confirmed policy in the SAME transaction (policies/session-confirmed.policy.ts).
 * Nothing is half-written: any failure rolls all of it back.
 */
@CommandHandler(RunSessionCommand)
export class RunSessionCommandHandler implements ICommandHandler<RunSessionCommand, SessionRow | undefined> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    private readonly ledger: TrainingHoursLedger,
    private readonly health: EngagementHealth,
  ) {}

  async execute({ command, context, pairing }: RunSessionCommand): Promise<SessionRow | undefined> {
    let written: SessionRow | undefined;
    await executeCommand(this.store, sessionDecider, {
      streamId: sessionStreamId(command.sessionId),
      command,
      context,
      publish: (decided, state) => decided.flatMap((d) => this.publish(d, state, pairing, context.tenantId)),
      project: async (decided, state, tx) => {
        if (!state.exists) return;
        written = await upsertSession(tx, context.tenantId, state, command.at);
        const completion = state.completion;
        if (!decided.some((d) => d.event.type === 'SessionConfirmed') || !completion) return;
        const confirmed = { sessionId: state.sessionId, occurredAt: completion.occurredAt, minutes: completion.minutes };
        await onSessionConfirmed(tx, { ledger: this.ledger, health: this.health }, context, pairing, confirmed, command.at);
      },
    });
    return written;
  }

  private publish({ event, eventId, metadata }: DecidedEvent<SessionEvent>, state: SessionState, pairing: PairingRow, tenantId: string): OutboxMessage[] {
    if (!state.exists) return [];
    const cause = { eventId, metadata };
    const ref = { tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    switch (event.type) {
      case 'SessionConfirmed': {
        const c = state.completion!;
        return [
          this.outbox.message(SessionCompleted, {
            ...ref, sessionId: state.sessionId, occurredAt: c.occurredAt, minutes: c.minutes, format: c.format, logged: c.logged,
            reportedByRole: c.reportedBy.side, confirmedAt: event.data.at,
          }, cause),
        ];
      }
      case 'SessionCancelled':
        return [this.outbox.message(SessionCancelled, { ...ref, sessionId: state.sessionId, scheduledAt: state.scheduledAt!, cancelledByRole: event.data.by.side, cancelledAt: event.data.at }, cause)];
      case 'NoShowReported':
        return [this.outbox.message(SessionNoShowReported, { ...ref, sessionId: state.sessionId, scheduledAt: state.scheduledAt!, absentRole: event.data.absent, reportedAt: event.data.at }, cause)];
      case 'SessionRated':
        // The rating only: the comment is personal data and stays here.
        return [this.outbox.message(FeedbackSubmitted, { ...ref, sessionId: state.sessionId, raterRole: event.data.side, rating: event.data.rating, submittedAt: event.data.at }, cause)];
      default:
        return [];
    }
  }
}
