import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { roadmapDecider, roadmapStreamId, type RoadmapCommand } from '@tandem/session-tracking-domain';

export class RunRoadmapCommand {
  constructor(
    readonly command: RoadmapCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RunRoadmapCommand)
export class RunRoadmapCommandHandler implements ICommandHandler<RunRoadmapCommand, void> {
  constructor(private readonly store: EventStore) {}

  async execute({ command, context }: RunRoadmapCommand): Promise<void> {
    await executeCommand(this.store, roadmapDecider, {
      streamId: roadmapStreamId(command.roadmapId),
      command,
      context,
    });
  }
}
