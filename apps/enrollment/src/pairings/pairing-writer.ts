import { Injectable } from '@nestjs/common';
import {
  applicationDecider,
  applicationStreamId,
  pairingDecider,
  pairingStreamId,
  RELEASING_EVENTS,
  type PairingCommand,
  type PairingState,
} from '@tandem/enrollment-domain';
import { EventStore, executeCommand, followUpContext, inTransactionWithRetries, type CommandContext, type CommandResult, type Transaction } from '@tandem/event-store';
import { Clock, MessagingRuntime } from '@tandem/platform';
import type { PairingEvent } from '@tandem/enrollment-domain';
import { projectApplication, projectPairing } from '../read-models/projections';
import { publishPairingEvents } from './pairing.events';

/**
 * Writes a pairing together with the capacity it holds: a proposal holds one slot of the mentor and of the
 * mentee; every end (rejected, declined, expired, completed, ended early) gives both back — all in one
 * transaction, so capacity can never be double-booked or leak.
 */
@Injectable()
export class PairingWriter {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
  ) {}

  /** A new proposal and its two capacity holds (inside the caller's transaction). */
  async propose(tx: Transaction, context: CommandContext, proposal: Extract<PairingCommand, { type: 'ProposeMatch' }>, mentorTrainingRequired: boolean) {
    const result = await this.write(tx, context, proposal.pairingId, proposal);
    for (const applicationId of [proposal.mentor.applicationId, proposal.mentee.applicationId]) {
      await this.capacity(tx, context, applicationId, { type: 'HoldCapacity', pairingId: proposal.pairingId, program: { mentorTrainingRequired }, at: proposal.at });
    }
    return result;
  }

  /** Any later change of a pairing, releasing the holds when it ends. */
  change(context: CommandContext, pairingId: string, command: PairingCommand): Promise<CommandResult<PairingEvent, PairingState>> {
    return inTransactionWithRetries(this.store, async (tx) => {
      const result = await this.write(tx, context, pairingId, command);
      const ended = result.events.some((e) => (RELEASING_EVENTS as readonly string[]).includes(e.type));
      if (ended && result.state.exists) {
        for (const applicationId of [result.state.mentor.applicationId, result.state.mentee.applicationId]) {
          await this.capacity(tx, context, applicationId, { type: 'ReleaseCapacity', pairingId, at: this.clock.now().toISOString() });
        }
      }
      return result;
    });
  }

  private write(tx: Transaction, context: CommandContext, pairingId: string, command: PairingCommand) {
    return executeCommand(this.store, pairingDecider, {
      streamId: pairingStreamId(pairingId),
      command,
      context,
      tx,
      publish: publishPairingEvents(this.messaging, context.tenantId),
      project: (decided, state, t, version) =>
        projectPairing(t, context.tenantId, state, version, decided.map((d) => d.event), this.clock.now().toISOString()),
    });
  }

  private capacity(tx: Transaction, context: CommandContext, applicationId: string, command: Parameters<typeof applicationDecider.decide>[0]) {
    return executeCommand(this.store, applicationDecider, {
      streamId: applicationStreamId(applicationId),
      command,
      context: followUpContext(context),
      tx,
      project: (_d, state, t, version) => projectApplication(t, context.tenantId, state, version, this.clock.now().toISOString()),
    });
  }
}
