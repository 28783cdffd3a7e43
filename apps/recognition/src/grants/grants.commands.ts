import { Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext, type DecidedEvent } from '@tandem/event-store';
import { MessagingRuntime } from '@tandem/platform';
import { RecognitionGranted, RecognitionGrantRevoked } from '@tandem/recognition-contracts';
import { grantDecider, grantStreamId, type GrantCommand, type GrantEvent, type GrantState } from '@tandem/recognition-domain';
import { CredentialIssuer } from '../credentials/credentials.commands';
import { credentialOfGrant } from '../credentials/credentials.queries';
import { requireParticipant } from '../participants/participants.queries';
import { requireProgram } from '../programs/programs.queries';

/** A manager grants a badge or a custom recognition with a citation, or revokes a grant with a reason. */
export class ChangeGrantCommand {
  constructor(
    readonly programId: string,
    readonly grantId: string,
    readonly command: GrantCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeGrantCommand)
export class ChangeGrantHandler implements ICommandHandler<ChangeGrantCommand, GrantState> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    /** Issues the grant's verifiable credential, and revokes it with the grant, in the same transaction. */
    @Optional() private readonly credentials?: CredentialIssuer,
  ) {}

  execute({ programId, grantId, command, context }: ChangeGrantCommand): Promise<GrantState> {
    return inTransactionWithRetries(this.store, async (tx) => {
      await requireProgram(tx, context.tenantId, programId);
      if (command.type === 'GrantRecognition') await requireParticipant(tx, context.tenantId, programId, command.grant.personId);
      const { state, events } = await executeCommand(this.store, grantDecider, {
        streamId: grantStreamId(programId, grantId),
        command,
        context,
        publish: (decided) => decided.map((d) => this.outbox(context.tenantId, d)),
      });
      for (const event of events) {
        if (event.type === 'RecognitionGranted') await this.credentials?.issueForGrant(tx, context, event.data, event.data.at);
        if (event.type === 'GrantRevoked' && this.credentials) {
          const credentialId = await credentialOfGrant(tx, context.tenantId, programId, grantId);
          if (credentialId) await this.credentials.revoke(context, credentialId, event.data.reason, event.data.at);
        }
      }
      return state;
    });
  }

  /** Public events without the citation, a custom title or a revocation's reason. */
  private outbox(tenantId: string, { event, eventId, metadata }: DecidedEvent<GrantEvent>) {
    if (event.type === 'RecognitionGranted') {
      const { programId, grantId, personId, kind, badgeId, tier, at, by } = event.data;
      return this.messaging.outboxMessage(RecognitionGranted, { tenantId, programId, grantId, personId, kind, badgeId, tier: tier ?? 'custom', grantedAt: at, grantedBy: by }, { eventId, metadata });
    }
    const { programId, grantId, personId, at, by } = event.data;
    return this.messaging.outboxMessage(RecognitionGrantRevoked, { tenantId, programId, grantId, personId, revokedAt: at, revokedBy: by }, { eventId, metadata });
  }
}

export const GrantCommandHandlers = [ChangeGrantHandler];
