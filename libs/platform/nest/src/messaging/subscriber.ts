import { DiscoveryService } from '@nestjs/core';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { Transaction } from '@tandem/event-store';
import type { ReceivedEvent } from '@tandem/messaging';

/**
 * Marks a provider as the handler of one integration event type of another context:
 * `@SubscribesTo(ProgramCreated) @Injectable() class ProgramOverviewProjector implements Subscriber<...>`.
 * Its `handle` runs inside the inbox transaction: write read models through `tx` only.
 */
export const SubscribesTo = DiscoveryService.createDecorator<IntegrationEventContract<any>>();

export interface Subscriber<C extends IntegrationEventContract<any>> {
  handle(event: ReceivedEvent<PayloadOf<C>>, tx: Transaction): Promise<void>;
}
