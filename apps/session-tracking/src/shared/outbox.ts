import { Injectable } from '@nestjs/common';
import type { CommandContext, EventMetadata, OutboxMessage } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import { MessagingRuntime } from '@tandem/platform';

/**
 * Builds the outbox row of a public event caused by a stored domain event (validated against its JSON Schema,
 * with a message id derived from the cause so a replay deduplicates). An abstract class so integration tests can
 * build the same rows from a ContractRegistry without Kafka.
 */
export abstract class Outbox {
  abstract message<C extends IntegrationEventContract<any>>(
    contract: C,
    payload: PayloadOf<C>,
    cause: { eventId: string; metadata: EventMetadata },
  ): OutboxMessage;
}

@Injectable()
export class MessagingOutbox extends Outbox {
  constructor(private readonly messaging: MessagingRuntime) {
    super();
  }

  message<C extends IntegrationEventContract<any>>(contract: C, payload: PayloadOf<C>, cause: { eventId: string; metadata: EventMetadata }): OutboxMessage {
    return this.messaging.outboxMessage(contract, payload, cause);
  }
}

/** The context of a command the service runs itself (the health scheduler). */
export const systemContext = (tenantId: string, correlationId: string): CommandContext => ({
  tenantId,
  actor: { id: 'system:session-tracking' },
  correlationId,
});
