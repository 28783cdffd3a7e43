import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, followUpContext, inTransactionWithRetries, loadAggregate, type CommandContext, type DecidedEvent } from '@tandem/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError } from '@tandem/kernel';
import { MessagingRuntime } from '@tandem/platform';
import { RewardApproved, RewardCancelled, RewardFeedbackGiven, RewardFulfilled, RewardRejected, RewardRequested, rewardCategory, type RewardKind } from '@tandem/recognition-contracts';
import {
  rewardBudgetStreamId,
  rewardDecider,
  rewardRequestDecider,
  rewardRequestStreamId,
  rewardStreamId,
  type RewardRequestCommand,
  type RewardRequestEvent,
  type RewardRequestState,
} from '@tandem/recognition-domain';
import { approvedMentorPreferences } from '../participants/participants.queries';
import { requireProgram } from '../programs/programs.queries';
import { budgetEntry, LEDGER_ATTEMPTS, lockLedger } from '../reward-budgets/reward-budgets.commands';
import { budgetPeriodAt } from '../reward-budgets/reward-budgets.queries';
import { findReward, heldBadges, isUnlocked } from '../rewards/rewards.queries';

type Outboxing = Pick<MessagingRuntime, 'outboxMessage'>;

/** The public event of each request event, keyed by program (a first approval of remuneration is internal). */
function requestOutbox(messaging: Outboxing, tenantId: string, decided: DecidedEvent<RewardRequestEvent>[], state: RewardRequestState) {
  if (!state.exists) return [];
  const { programId, requestId, mentorId, reward, period } = state;
  const ref = { tenantId, programId, requestId, rewardId: reward.rewardId, mentorId };
  const kind = reward.kind as RewardKind;
  return decided.flatMap(({ event, eventId, metadata }) => {
    const cause = { eventId, metadata };
    switch (event.type) {
      case 'RewardRequested':
        return [messaging.outboxMessage(RewardRequested, { ...ref, kind, category: rewardCategory(kind), costMinor: reward.costMinor, currency: reward.currency, period, secondApprovalRequired: reward.secondApprovalRequired, requestedAt: event.data.at }, cause)];
      case 'RequestApproved':
        return [messaging.outboxMessage(RewardApproved, { ...ref, approvedBy: event.data.approvers, approvedAt: event.data.at }, cause)];
      case 'RequestRejected':
        return [messaging.outboxMessage(RewardRejected, { ...ref, rejectedBy: event.data.by, rejectedAt: event.data.at }, cause)];
      case 'RequestFulfilled':
        return [messaging.outboxMessage(RewardFulfilled, { ...ref, kind, costMinor: reward.costMinor, currency: reward.currency, period, fulfilledBy: event.data.by, fulfilledAt: event.data.at }, cause)];
      case 'RequestCancelled':
        return [messaging.outboxMessage(RewardCancelled, { ...ref, cancelledBy: event.data.by, cancelledAt: event.data.at }, cause)];
      case 'FeedbackGiven':
        return [messaging.outboxMessage(RewardFeedbackGiven, { ...ref, kind, satisfaction: event.data.satisfaction, relevance: event.data.relevance, givenAt: event.data.at }, cause)];
      case 'FirstApprovalGiven':
        return [];
    }
  });
}

/** A mentor asks for a reward: eligibility, then the budget reservation, the stock hold and the request, in one transaction. */
export class RequestRewardCommand {
  constructor(
    readonly programId: string,
    readonly rewardId: string,
    readonly requestId: string,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(RequestRewardCommand)
export class RequestRewardHandler implements ICommandHandler<RequestRewardCommand, RewardRequestState> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
  ) {}

  /**
   * Never overspent, stock never negative: the budget period and the reward are locked for the transaction, both
   * entries are decided on their streams' current state and appended at the expected version; a conflict re-runs the
   * whole unit (LEDGER_ATTEMPTS), so only a budget or stock that is really used up answers 409.
   */
  execute({ programId, rewardId, requestId, at, context }: RequestRewardCommand): Promise<RewardRequestState> {
    const { tenantId, actor } = context;
    return inTransactionWithRetries(
      this.store,
      async (tx) => {
        await requireProgram(tx, tenantId, programId);
        await approvedMentorPreferences(tx, tenantId, programId, actor.id);
        const reward = await findReward(tx, tenantId, programId, rewardId);
        if (!reward) throw new NotFoundError('Reward not found', 'reward.not_found');
        if (!isUnlocked(reward, await heldBadges(tx, tenantId, programId, actor.id))) {
          throw new IllegalStateError(`${reward.name} is unlocked by ${reward.unlockedBy.join(' or ')}, which you do not hold`, 'reward.not_eligible');
        }
        const period = await budgetPeriodAt(tx, tenantId, programId, at);
        if (!period) throw new IllegalStateError('The program has no reward budget for the current period', 'reward.no_budget');
        await lockLedger(tx, tenantId, [rewardBudgetStreamId(programId, period), rewardStreamId(programId, rewardId)]);
        const followUp = followUpContext(context);
        await budgetEntry(this.store, programId, period, { type: 'Reserve', programId, period, requestId, amountMinor: reward.costMinor, currency: reward.currency, at }, followUp);
        await executeCommand(this.store, rewardDecider, { streamId: rewardStreamId(programId, rewardId), command: { type: 'ReserveStock', requestId, at }, context: followUp });
        const requested = { rewardId, name: reward.name, kind: reward.kind, costMinor: reward.costMinor, currency: reward.currency, secondApprovalRequired: reward.flagged };
        const { state } = await executeCommand(this.store, rewardRequestDecider, {
          streamId: rewardRequestStreamId(programId, requestId),
          command: { type: 'RequestReward', programId, requestId, mentorId: actor.id, reward: requested, period, at },
          context,
          publish: (decided, s) => requestOutbox(this.messaging, tenantId, decided, s),
        });
        return state;
      },
      LEDGER_ATTEMPTS,
    );
  }
}

export type RequestDecision = 'approve' | 'reject' | 'fulfil' | 'cancel';

/** A decision on a request: a manager approves, rejects (reason) or fulfils it; the manager or its mentor cancels it. */
export class DecideRewardRequestCommand {
  constructor(
    readonly programId: string,
    readonly requestId: string,
    readonly decision: RequestDecision,
    readonly reason: string,
    readonly at: string,
    /** Whether the caller manages the program (the program-scope guard decided it). */
    readonly managesProgram: boolean,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(DecideRewardRequestCommand)
export class DecideRewardRequestHandler implements ICommandHandler<DecideRewardRequestCommand, RewardRequestState> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
  ) {}

  /** The request's change and its ledger entries (capture, or release of budget and stock) commit together. */
  execute({ programId, requestId, decision, reason, at, managesProgram, context }: DecideRewardRequestCommand): Promise<RewardRequestState> {
    const { tenantId, actor } = context;
    const streamId = rewardRequestStreamId(programId, requestId);
    return inTransactionWithRetries(
      this.store,
      async (tx) => {
        const { state: current } = await loadAggregate(this.store, rewardRequestDecider, tenantId, streamId, tx);
        if (!current.exists) throw new NotFoundError('Reward request not found', 'reward.request_not_found');
        if (!managesProgram && current.mentorId !== actor.id) throw new ForbiddenError('Only its mentor or a manager of the program may do this', 'reward.not_your_request');
        const budget = rewardBudgetStreamId(programId, current.period);
        const reward = rewardStreamId(programId, current.reward.rewardId);
        if (decision !== 'approve') await lockLedger(tx, tenantId, [budget, reward]);
        const { state, events } = await executeCommand(this.store, rewardRequestDecider, {
          streamId,
          command: commandOf(decision, reason, actor.id, actor.roles?.includes('admin') ?? false, at),
          context,
          publish: (decided, s) => requestOutbox(this.messaging, tenantId, decided, s),
        });
        const followUp = followUpContext(context);
        for (const event of events) {
          if (event.type === 'RequestFulfilled') await budgetEntry(this.store, programId, current.period, { type: 'Capture', requestId, at }, followUp);
          if (event.type === 'RequestRejected' || event.type === 'RequestCancelled') {
            await budgetEntry(this.store, programId, current.period, { type: 'Release', requestId, reason: event.type === 'RequestRejected' ? 'rejected' : 'cancelled', at }, followUp);
            await executeCommand(this.store, rewardDecider, { streamId: reward, command: { type: 'ReleaseStock', requestId, at }, context: followUp });
          }
        }
        return state;
      },
      LEDGER_ATTEMPTS,
    );
  }
}

function commandOf(decision: RequestDecision, reason: string, by: string, byAdmin: boolean, at: string): RewardRequestCommand {
  switch (decision) {
    case 'approve':
      return { type: 'ApproveRequest', by, byAdmin, at };
    case 'reject':
      return { type: 'RejectRequest', by, reason, at };
    case 'fulfil':
      return { type: 'FulfilRequest', by, at };
    case 'cancel':
      return { type: 'CancelRequest', by, reason, at };
  }
}

/** The mentor rates a fulfilled reward once: satisfaction and relevance 1–5, and a private comment. */
export class GiveRewardFeedbackCommand {
  constructor(
    readonly programId: string,
    readonly requestId: string,
    readonly feedback: { satisfaction: number; relevance: number; comment: string | null },
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(GiveRewardFeedbackCommand)
export class GiveRewardFeedbackHandler implements ICommandHandler<GiveRewardFeedbackCommand, RewardRequestState> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
  ) {}

  async execute({ programId, requestId, feedback, at, context }: GiveRewardFeedbackCommand): Promise<RewardRequestState> {
    const { state } = await executeCommand(this.store, rewardRequestDecider, {
      streamId: rewardRequestStreamId(programId, requestId),
      command: { type: 'GiveFeedback', by: context.actor.id, ...feedback, at },
      context,
      publish: (decided, s) => requestOutbox(this.messaging, context.tenantId, decided, s),
    });
    return state;
  }
}

export const RewardRequestCommandHandlers = [RequestRewardHandler, DecideRewardRequestHandler, GiveRewardFeedbackHandler];
