import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, type CommandContext } from '@tandem/event-store';
import { MessagingRuntime } from '@tandem/platform';
import { BadgeDefined } from '@tandem/recognition-contracts';
import { badgeCatalogDecider, badgeCatalogStreamId } from '@tandem/recognition-domain';

/** Gives a program its default badge tiers. */
export class SetUpBadgeCatalogCommand {
  constructor(
    readonly programId: string,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

/**
 * The catalogue is event-sourced: its events, their public BadgeDefined integration events (outbox) and the read
 * model commit together — in the consumer's inbox transaction when dispatched by the ProgramCreated subscriber.
 */
@CommandHandler(SetUpBadgeCatalogCommand)
export class SetUpBadgeCatalogHandler implements ICommandHandler<SetUpBadgeCatalogCommand, void> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
  ) {}

  async execute({ programId, at, context }: SetUpBadgeCatalogCommand): Promise<void> {
    const { tenantId } = context;
    await executeCommand(this.store, badgeCatalogDecider, {
      streamId: badgeCatalogStreamId(programId),
      command: { type: 'SetUpCatalog', programId, at },
      context,
      publish: (decided) => decided.map(({ event, eventId, metadata }) => this.messaging.outboxMessage(BadgeDefined, { tenantId, ...event.data }, { eventId, metadata })),
    });
  }
}
