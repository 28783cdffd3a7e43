import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext } from '@tandem/event-store';
import { rewardDecider, rewardStreamId, type RewardCommand, type RewardState } from '@tandem/recognition-domain';
import { requireProgram } from '../programs/programs.queries';
import { lockLedger } from '../reward-budgets/reward-budgets.commands';

/** A manager's change to a program's reward catalogue: add a reward, add stock to one, or retire one (its open requests stay). */
export class ChangeRewardCommand {
  constructor(
    readonly programId: string,
    readonly rewardId: string,
    readonly command: Extract<RewardCommand, { type: 'AddReward' | 'Restock' | 'RetireReward' }>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeRewardCommand)
export class ChangeRewardHandler implements ICommandHandler<ChangeRewardCommand, RewardState> {
  constructor(private readonly store: EventStore) {}

  execute({ programId, rewardId, command, context }: ChangeRewardCommand): Promise<RewardState> {
    return inTransactionWithRetries(this.store, async (tx) => {
      await requireProgram(tx, context.tenantId, programId);
      const streamId = rewardStreamId(programId, rewardId);
      await lockLedger(tx, context.tenantId, [streamId]); // queued behind the requests holding its stock, not racing them
      const { state } = await executeCommand(this.store, rewardDecider, { streamId, command, context });
      return state;
    });
  }
}

export const RewardCommandHandlers = [ChangeRewardHandler];
