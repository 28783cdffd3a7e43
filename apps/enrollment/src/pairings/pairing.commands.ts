import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { pairingDecider, pairingStreamId, type PairingCommand, type PairingState } from '@tandem/enrollment-domain';
import { EventStore, loadAggregate, type CommandContext } from '@tandem/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError } from '@tandem/kernel';
import { Clock } from '@tandem/platform';
import { PairingWriter } from './pairing-writer';

export type PairingActor = 'manager' | 'member' | 'member-or-manager';

export class ChangePairingCommand {
  constructor(
    readonly pairingId: string,
    readonly change: (at: string, userId: string) => PairingCommand,
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
    private readonly writer: PairingWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ pairingId, change, who, context, managesProgram }: ChangePairingCommand) {
    const { state } = await loadAggregate(this.store, pairingDecider, context.tenantId, pairingStreamId(pairingId));
    authorizePairing(state, who, context, managesProgram);
    const now = this.clock.now().toISOString();
    // A pending proposal past its deadline expires now (freeing both sides) whatever was asked of it.
    if ((state.status === 'proposed' || state.status === 'approved') && now >= state.expiresAt) {
      await this.writer.change(context, pairingId, { type: 'ExpireProposal', at: now });
      throw new IllegalStateError('The proposal has expired', 'pairing.expired');
    }
    return this.writer.change(context, pairingId, change(now, context.actor.id));
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

export const PairingCommandHandlers = [ChangePairingHandler];
