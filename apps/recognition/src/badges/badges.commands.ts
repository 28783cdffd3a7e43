import { EventStore, executeCommand, type CommandContext, type Transaction } from '@tandem/event-store';
import type { MessagingRuntime } from '@tandem/platform';
import { BadgeDefined } from '@tandem/recognition-contracts';
import { badgeCatalogDecider, badgeCatalogStreamId } from '@tandem/recognition-domain';
import { projectBadgesDefined } from './badges.projection';

/**
 * Gives a program its default badge tiers. The catalogue is event-sourced: its events, their public BadgeDefined
 * integration events (outbox) and the read model commit together, in the caller's transaction.
 */
export async function setUpBadgeCatalog(
  store: EventStore,
  messaging: Pick<MessagingRuntime, 'outboxMessage'>,
  request: { programId: string; at: string; context: CommandContext; tx: Transaction },
): Promise<void> {
  const { programId, at, context, tx } = request;
  const { tenantId } = context;
  await executeCommand(store, badgeCatalogDecider, {
    streamId: badgeCatalogStreamId(programId),
    command: { type: 'SetUpCatalog', programId, at },
    context,
    tx,
    publish: (decided) => decided.map(({ event, eventId, metadata }) => messaging.outboxMessage(BadgeDefined, { tenantId, ...event.data }, { eventId, metadata })),
    project: (decided, _state, projectionTx) => projectBadgesDefined(projectionTx, tenantId, decided),
  });
}
