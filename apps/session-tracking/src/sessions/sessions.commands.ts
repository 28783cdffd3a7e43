import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext, type DecidedEvent, type OutboxMessage } from '@tandem/event-store';
import { FeedbackSubmitted, SessionCancelled, SessionCompleted, SessionNoShowReported } from '@tandem/session-tracking-contracts';
import { sessionDecider, sessionStreamId, type SessionCommand, type SessionEvent, type SessionState } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';
import { onSessionConfirmed } from '../policies/session-confirmed.policy';
import { Outbox } from '../shared/outbox';
import { sessionRowIn, type SessionRow } from './sessions.queries';

/** A session command of a member of `pairing` (access already checked), through the event pipeline. */
export class RunSessionCommand {
  constructor(
    readonly command: SessionCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

/**
 * Appends the session's events, maps the public ones to the outbox (the append applies the sessions projection) —
 * and when the other side confirms, runs the session-confirmed policy in the SAME transaction
 * (policies/session-confirmed.policy.ts). Answers the row as written, read in that transaction (undefined for a
 * repeat that wrote nothing). Nothing is half-written: any failure rolls all of it back.
 */
@CommandHandler(RunSessionCommand)
export class RunSessionCommandHandler implements ICommandHandler<RunSessionCommand, SessionRow | undefined> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    private readonly commands: CommandBus,
  ) {}

  async execute({ command, context, pairing }: RunSessionCommand): Promise<SessionRow | undefined> {
    return inTransactionWithRetries(this.store, async (tx) => {
      const { state, events } = await executeCommand(this.store, sessionDecider, {
        streamId: sessionStreamId(command.sessionId),
        command,
        context,
        publish: (decided, after) => decided.flatMap((d) => this.publish(d, after, pairing, context.tenantId)),
      });
      if (!state.exists || events.length === 0) return undefined;
      const completion = state.completion;
      if (events.some((e) => e.type === 'SessionConfirmed') && completion) {
        const confirmed = { sessionId: state.sessionId, occurredAt: completion.occurredAt, minutes: completion.minutes };
        await onSessionConfirmed(tx, this.commands, context, pairing, confirmed, command.at);
      }
      return sessionRowIn(tx, context.tenantId, state.sessionId);
    });
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
