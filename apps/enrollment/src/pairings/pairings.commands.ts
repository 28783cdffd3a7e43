import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  MatchAccepted,
  MatchDeclined,
  MatchProposed,
  PairExclusionLifted,
  PairingStarted,
  PairingStatusChanged,
  ProposalApproved,
  ProposalExpired,
  ProposalRejected,
  type PairingStatus as PublicPairingStatus,
} from '@tandem/enrollment-contracts';
import { pairingDecider, pairingStreamId, type PairingCommand, type PairingEvent, type PairingState } from '@tandem/enrollment-domain';
import {
  EventStore,
  executeCommand,
  inTransactionWithRetries,
  loadAggregate,
  type CommandContext,
  type CommandResult,
  type DecidedEvent,
  type OutboxMessage,
} from '@tandem/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError } from '@tandem/kernel';
import { Clock, MessagingRuntime } from '@tandem/platform';
import { holdCapacityForProposal, releaseCapacityOfEndedPairing } from '../policies/pairing-capacity.policy';

const member = (m: { applicationId: string; userId: string; employeeId: string; name: string }) => ({
  applicationId: m.applicationId,
  userId: m.userId,
  employeeId: m.employeeId,
  name: m.name,
});

/** The public side of a pairing: proposed, the decisions on the proposal, started, and its later status changes. */
export function publishPairingEvents(messaging: MessagingRuntime, tenantId: string) {
  return (decided: DecidedEvent<PairingEvent>[], state: PairingState): OutboxMessage[] =>
    decided.flatMap(({ event, eventId, metadata }): OutboxMessage[] => {
      if (!state.exists) return [];
      const cause = { eventId, metadata };
      const { pairingId, programId } = event.data;
      const proposal = { tenantId, programId, proposalId: pairingId, mentorApplicationId: state.mentor.applicationId, menteeApplicationId: state.mentee.applicationId };
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
        case 'ProposalApproved':
          return [messaging.outboxMessage(ProposalApproved, { ...proposal, approvedBy: event.data.approvedBy, approvedAt: event.data.approvedAt }, cause)];
        case 'ProposalRejected':
          return [messaging.outboxMessage(ProposalRejected, { ...proposal, reason: event.data.reason, rejectedBy: event.data.rejectedBy, rejectedAt: event.data.rejectedAt }, cause)];
        case 'MatchAccepted':
          return [messaging.outboxMessage(MatchAccepted, { ...proposal, side: event.data.side, acceptedAt: event.data.acceptedAt }, cause)];
        case 'MatchDeclined':
          return [messaging.outboxMessage(MatchDeclined, { ...proposal, side: event.data.side, declinedAt: event.data.declinedAt }, cause)];
        case 'ProposalExpired':
          return [messaging.outboxMessage(ProposalExpired, { ...proposal, expiredAt: event.data.expiredAt }, cause)];
        case 'PairExclusionLifted':
          return [messaging.outboxMessage(PairExclusionLifted, { ...proposal, reason: event.data.reason, liftedBy: event.data.liftedBy, liftedAt: event.data.liftedAt }, cause)];
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

/** A change as the caller asks for it: the handler adds who asks and when (commands are plain data). */
export type PairingChange = Exclude<PairingCommand, { type: 'ProposeMatch' | 'ExpireProposal' }> extends infer C
  ? C extends unknown
    ? Omit<C, 'by' | 'userId' | 'at'>
    : never
  : never;

/** The command of a change, stamped with the member or manager who asks and the time. */
function stamped(change: PairingChange, userId: string, at: string): PairingCommand {
  return (change.type === 'AcceptMatch' || change.type === 'DeclineMatch' ? { ...change, userId, at } : { ...change, by: userId, at }) as PairingCommand;
}

/** Appends a pairing's events with their public events and its read-model row (in the current transaction, if any). */
function appendToPairing(store: EventStore, messaging: MessagingRuntime, context: CommandContext, pairingId: string, command: PairingCommand) {
  return executeCommand(store, pairingDecider, {
    streamId: pairingStreamId(pairingId),
    command,
    context,
    publish: publishPairingEvents(messaging, context.tenantId),
  });
}

/** A new proposal (of a matching run, a mentee's request or a manager's override); joins the caller's transaction. */
export class ProposePairingCommand {
  constructor(
    readonly proposal: Extract<PairingCommand, { type: 'ProposeMatch' }>,
    readonly mentorTrainingRequired: boolean,
    readonly context: CommandContext,
  ) {}
}

/** The proposal and, through the capacity policy, the slot it holds on both applications, in one transaction. */
@CommandHandler(ProposePairingCommand)
export class ProposePairingHandler implements ICommandHandler<ProposePairingCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  async execute({ proposal, mentorTrainingRequired, context }: ProposePairingCommand) {
    return inTransactionWithRetries(this.store, async () => {
      const result = await appendToPairing(this.store, this.messaging, context, proposal.pairingId, proposal);
      await holdCapacityForProposal({ commands: this.commands, clock: this.clock }, context, proposal, mentorTrainingRequired);
      return result;
    });
  }
}

/** A later change of a pairing already authorized (a member's or manager's, or the system's expiry). */
export class RecordPairingChangeCommand {
  constructor(
    readonly pairingId: string,
    readonly command: Exclude<PairingCommand, { type: 'ProposeMatch' }>,
    readonly context: CommandContext,
  ) {}
}

/** The change and, through the capacity policy, the slots it gives back when the pairing ends, in one transaction. */
@CommandHandler(RecordPairingChangeCommand)
export class RecordPairingChangeHandler implements ICommandHandler<RecordPairingChangeCommand, CommandResult<PairingEvent, PairingState>> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
    private readonly commands: CommandBus,
  ) {}

  execute({ pairingId, command, context }: RecordPairingChangeCommand): Promise<CommandResult<PairingEvent, PairingState>> {
    return inTransactionWithRetries(this.store, async () => {
      const result = await appendToPairing(this.store, this.messaging, context, pairingId, command);
      await releaseCapacityOfEndedPairing({ commands: this.commands, clock: this.clock }, context, result.events, result.state);
      return result;
    });
  }
}

export type PairingActor = 'manager' | 'member' | 'member-or-manager';

/** A member's or manager's change of a pairing; `who` says who may ask for it. */
export class ChangePairingCommand {
  constructor(
    readonly pairingId: string,
    readonly change: PairingChange,
    readonly who: PairingActor,
    readonly context: CommandContext,
    /** The caller manages the pairing's program (decided by the program-scope guard). */
    readonly managesProgram: boolean,
  ) {}
}

@CommandHandler(ChangePairingCommand)
export class ChangePairingHandler implements ICommandHandler<ChangePairingCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ pairingId, change, who, context, managesProgram }: ChangePairingCommand) {
    const { state } = await loadAggregate(this.store, pairingDecider, context.tenantId, pairingStreamId(pairingId));
    authorizePairing(state, who, context, managesProgram);
    const now = this.clock.now().toISOString();
    // A pending proposal past its deadline expires now (freeing both sides) whatever was asked of it.
    if ((state.status === 'proposed' || state.status === 'approved') && now >= state.expiresAt) {
      await this.commands.execute(new RecordPairingChangeCommand(pairingId, { type: 'ExpireProposal', at: now }, context));
      throw new IllegalStateError('The proposal has expired', 'pairing.expired');
    }
    return this.commands.execute(new RecordPairingChangeCommand(pairingId, stamped(change, context.actor.id, now) as RecordPairingChangeCommand['command'], context));
  }
}

export function authorizePairing(
  state: PairingState,
  who: PairingActor,
  context: CommandContext,
  manager: boolean,
): asserts state is Extract<PairingState, { exists: true }> {
  if (!state.exists) throw new NotFoundError('Pairing not found', 'pairing.not_found');
  const member = state.mentor.userId === context.actor.id || state.mentee.userId === context.actor.id;
  if (!member && !manager) throw new NotFoundError('Pairing not found', 'pairing.not_found');
  if (who === 'member' && !member) throw new ForbiddenError('Only the mentor or the mentee can do this', 'pairing.not_a_member');
  if (who === 'manager' && !manager) throw new ForbiddenError('Only a manager of its program can do this', 'pairing.not_a_manager');
}

export const PairingCommandHandlers = [ProposePairingHandler, RecordPairingChangeHandler, ChangePairingHandler];
