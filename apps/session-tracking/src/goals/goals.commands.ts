import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { GoalAchieved } from '@tandem/session-tracking-contracts';
import { goalsDecider, goalsStreamId, type GoalsCommand } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';
import { Outbox } from '../shared/outbox';

export class RunGoalsCommand {
  constructor(
    readonly command: GoalsCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

@CommandHandler(RunGoalsCommand)
export class RunGoalsCommandHandler implements ICommandHandler<RunGoalsCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
  ) {}

  async execute({ command, context, pairing }: RunGoalsCommand): Promise<void> {
    const ref = { tenantId: context.tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    await executeCommand(this.store, goalsDecider, {
      streamId: goalsStreamId(pairing.pairingId),
      command,
      context,
      publish: (decided) =>
        decided.flatMap(({ event, eventId, metadata }) =>
          event.type === 'GoalAchieved'
            ? [this.outbox.message(GoalAchieved, { ...ref, goalId: event.data.goalId, roadmapId: event.data.roadmapId, milestones: event.data.milestones, achievedAt: event.data.at }, { eventId, metadata })]
            : [],
        ),
    });
  }
}
