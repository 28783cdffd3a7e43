import type { CommandBus } from '@nestjs/cqrs';
import { RELEASING_EVENTS, type PairingCommand, type PairingEvent, type PairingState } from '@tandem/enrollment-domain';
import { followUpContext, type CommandContext } from '@tandem/event-store';
import type { Clock } from '@tandem/platform';
import { ChangeCapacityCommand } from '../applications/applications.commands';

/**
 * A pairing holds capacity on both applications: a proposal holds one slot of the mentor and of the mentee;
 * every end (rejected, declined, expired, completed, ended early) gives both back. Dispatched in the transaction
 * that writes the pairing (the capacity commands join it), so capacity can never be double-booked or leak.
 */
export interface CapacityPolicyDeps {
  commands: CommandBus;
  clock: Clock;
}

/** A new proposal holds a slot of its mentor and of its mentee. */
export async function holdCapacityForProposal(
  deps: CapacityPolicyDeps,
  context: CommandContext,
  proposal: Extract<PairingCommand, { type: 'ProposeMatch' }>,
  mentorTrainingRequired: boolean,
) {
  for (const applicationId of [proposal.mentor.applicationId, proposal.mentee.applicationId]) {
    await changeCapacity(deps, context, applicationId, { type: 'HoldCapacity', pairingId: proposal.pairingId, program: { mentorTrainingRequired }, at: proposal.at });
  }
}

/** A pairing that just ended gives both slots back. */
export async function releaseCapacityOfEndedPairing(deps: CapacityPolicyDeps, context: CommandContext, events: PairingEvent[], state: PairingState) {
  const ended = events.some((e) => (RELEASING_EVENTS as readonly string[]).includes(e.type));
  if (!ended || !state.exists) return;
  for (const applicationId of [state.mentor.applicationId, state.mentee.applicationId]) {
    // An imported end gives the slots back when it happened (the command's original time), a live one now.
    await changeCapacity(deps, context, applicationId, { type: 'ReleaseCapacity', pairingId: state.pairingId, at: context.occurredAt ?? deps.clock.now().toISOString() });
  }
}

function changeCapacity({ commands }: CapacityPolicyDeps, context: CommandContext, applicationId: string, change: ChangeCapacityCommand['change']) {
  return commands.execute(new ChangeCapacityCommand(applicationId, change, followUpContext(context)));
}
