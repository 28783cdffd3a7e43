import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext, type DecidedEvent, type Transaction } from '@tandem/event-store';
import { MessagingRuntime } from '@tandem/platform';
import { RewardBudgetAllocated } from '@tandem/recognition-contracts';
import { budgetPosition, rewardBudgetDecider, rewardBudgetStreamId, type RewardBudgetCommand, type RewardBudgetEvent, type RewardBudgetState } from '@tandem/recognition-domain';
import { requireProgram } from '../programs/programs.queries';

/**
 * Serializes the writers of one budget period (and of the rewards they hold stock of) for the rest of `tx`: a
 * transaction-scoped advisory lock, taken before the streams are read. It is what keeps 50 parallel requests from
 * re-deciding dozens of times; the guarantee itself is the append's expected-version check, which refuses any entry
 * decided on a state that changed meanwhile (the handler then re-decides on fresh state). Locks are always taken in
 * the same order — budget, then reward — so two writers never wait on each other in a cycle.
 */
export async function lockLedger(tx: Transaction, tenantId: string, streamIds: string[]): Promise<void> {
  for (const streamId of streamIds) await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`${tenantId}/${streamId}`]);
}

/** Retries of a request's whole unit of work when a stream it writes changed concurrently (never answered as such). */
export const LEDGER_ATTEMPTS = 20;

/** A budget entry in the caller's transaction (reservation, capture, release): no public event of its own. */
export async function budgetEntry(store: EventStore, programId: string, period: string, command: RewardBudgetCommand, context: CommandContext): Promise<void> {
  await executeCommand(store, rewardBudgetDecider, { streamId: rewardBudgetStreamId(programId, period), command, context });
}

/** An allocation or correction of a program's budget for a period (RewardBudgetAllocated, signed). */
export class ChangeBudgetCommand {
  constructor(
    readonly programId: string,
    readonly period: string,
    readonly command: Extract<RewardBudgetCommand, { type: 'Allocate' | 'Correct' }>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeBudgetCommand)
export class ChangeBudgetHandler implements ICommandHandler<ChangeBudgetCommand, RewardBudgetState> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
  ) {}

  execute({ programId, period, command, context }: ChangeBudgetCommand): Promise<RewardBudgetState> {
    const streamId = rewardBudgetStreamId(programId, period);
    return inTransactionWithRetries(
      this.store,
      async (tx) => {
        await requireProgram(tx, context.tenantId, programId);
        await lockLedger(tx, context.tenantId, [streamId]);
        const { state } = await executeCommand(this.store, rewardBudgetDecider, { streamId, command, context, publish: (decided, s) => this.outbox(context.tenantId, decided, s) });
        return state;
      },
      LEDGER_ATTEMPTS,
    );
  }

  private outbox(tenantId: string, decided: DecidedEvent<RewardBudgetEvent>[], state: RewardBudgetState) {
    if (!state.exists) return [];
    // Only the last entry's total is known from the state after all of them: one command decides one entry.
    return decided.flatMap(({ event, eventId, metadata }) => {
      if (event.type !== 'BudgetAllocated' && event.type !== 'BudgetCorrected') return [];
      const payload = {
        tenantId, programId: state.programId, period: state.period, entry: event.type === 'BudgetAllocated' ? ('allocation' as const) : ('correction' as const),
        amountMinor: event.data.amountMinor, currency: state.currency, allocatedMinor: budgetPosition(state).allocatedMinor, occurredAt: event.data.at, by: event.data.by,
      };
      return [this.messaging.outboxMessage(RewardBudgetAllocated, payload, { eventId, metadata })];
    });
  }
}

export const RewardBudgetCommandHandlers = [ChangeBudgetHandler];
