import {
  applicationDecider,
  applicationStreamId,
  RELEASING_EVENTS,
  type ApplicationCommand,
  type PairingCommand,
  type PairingEvent,
  type PairingState,
} from '@tandem/enrollment-domain';
import { EventStore, executeCommand, followUpContext, type CommandContext, type Transaction } from '@tandem/event-store';
import type { Clock } from '@tandem/platform';
import { projectApplication } from '../applications/applications.projection';

/**
 * A pairing holds capacity on both applications: a proposal holds one slot of the mentor and of the mentee;
 * every end (rejected, declined, expired, completed, ended early) gives both back. Run in the transaction that
 * writes the pairing, so capacity can never be double-booked or leak.
 */
export interface CapacityPolicyDeps {
  store: EventStore;
  clock: Clock;
}

/** A new proposal holds a slot of its mentor and of its mentee. */
export async function holdCapacityForProposal(
  deps: CapacityPolicyDeps,
  tx: Transaction,
  context: CommandContext,
  proposal: Extract<PairingCommand, { type: 'ProposeMatch' }>,
  mentorTrainingRequired: boolean,
) {
  for (const applicationId of [proposal.mentor.applicationId, proposal.mentee.applicationId]) {
    await changeCapacity(deps, tx, context, applicationId, { type: 'HoldCapacity', pairingId: proposal.pairingId, program: { mentorTrainingRequired }, at: proposal.at });
  }
}

/** A pairing that just ended gives both slots back. */
export async function releaseCapacityOfEndedPairing(deps: CapacityPolicyDeps, tx: Transaction, context: CommandContext, events: PairingEvent[], state: PairingState) {
  const ended = events.some((e) => (RELEASING_EVENTS as readonly string[]).includes(e.type));
  if (!ended || !state.exists) return;
  for (const applicationId of [state.mentor.applicationId, state.mentee.applicationId]) {
    await changeCapacity(deps, tx, context, applicationId, { type: 'ReleaseCapacity', pairingId: state.pairingId, at: deps.clock.now().toISOString() });
  }
}

function changeCapacity({ store, clock }: CapacityPolicyDeps, tx: Transaction, context: CommandContext, applicationId: string, command: ApplicationCommand) {
  return executeCommand(store, applicationDecider, {
    streamId: applicationStreamId(applicationId),
    command,
    context: followUpContext(context),
    tx,
    project: (_d, state, t, version) => projectApplication(t, context.tenantId, state, version, clock.now().toISOString()),
  });
}
