import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { roiDecider, roiStreamId, type RoiAssumptions } from '@tandem/analytics-domain';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { Clock } from '@tandem/platform';

/** A program's managers or an analyst set its ROI assumptions (a new version unless nothing changed). */
export class SetRoiAssumptionsCommand {
  constructor(
    readonly programId: string,
    readonly assumptions: RoiAssumptions,
    readonly context: CommandContext,
    /** The version the caller saw (optimistic concurrency: 409 when another change came first). */
    readonly expectedVersion?: number,
  ) {}
}

@CommandHandler(SetRoiAssumptionsCommand)
export class SetRoiAssumptionsHandler implements ICommandHandler<SetRoiAssumptionsCommand, number> {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** Answers the current version. */
  async execute({ programId, assumptions, context, expectedVersion }: SetRoiAssumptionsCommand): Promise<number> {
    const result = await executeCommand(this.store, roiDecider, {
      streamId: roiStreamId(programId),
      command: { type: 'SetRoiAssumptions', programId, assumptions, by: context.actor.id, at: this.clock.now().toISOString() },
      context,
      expectedVersion,
    });
    return result.state.version;
  }
}

export const RoiCommandHandlers = [SetRoiAssumptionsHandler];
