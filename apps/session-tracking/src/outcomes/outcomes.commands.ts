import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { OutcomeVerified } from '@tandem/session-tracking-contracts';
import { outcomeDecider, outcomeStreamId, type OutcomeCommand } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';

export class RunOutcomeCommand {
  constructor(
    readonly command: OutcomeCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

/** Outcomes through the pipeline; only a verification is published (OutcomeVerified). */
@CommandHandler(RunOutcomeCommand)
export class RunOutcomeCommandHandler implements ICommandHandler<RunOutcomeCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ command, context, pairing }: RunOutcomeCommand): Promise<void> {
    await executeCommand(this.store, outcomeDecider, {
      streamId: outcomeStreamId(command.outcomeId),
      command,
      context,
      publish: (decided, state) =>
        decided.flatMap(({ event, eventId, metadata }) => {
          if (event.type !== 'OutcomeVerified' || !state.exists) return [];
          return [
            this.outbox.message(OutcomeVerified, {
              tenantId: context.tenantId, programId: state.programId, pairingId: state.pairingId, mentorUserId: pairing.mentorUserId,
              menteeUserId: pairing.menteeUserId, outcomeId: state.outcomeId, kind: state.kind, achievedOn: state.achievedOn,
              beneficiaryUserId: state.beneficiary.userId, beneficiaryRole: state.beneficiary.role, reportedAt: state.reportedAt,
              verifiedBy: event.data.by, verifiedAt: event.data.at,
            }, { eventId, metadata }),
          ];
        }),
    });
  }
}
