import { DiscoveryService } from '@nestjs/core';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { Transaction } from '@tandem/event-store';
import type { ReceivedEvent } from '@tandem/messaging';

/**
 * Marks a provider as the reaction to one integration event type of another context — one that dispatches commands
 * or runs a policy: `@SubscribesTo(ProgramCreated) @Injectable() class SetUpCatalogOnProgramCreated implements Subscriber<...>`.
 * Its `handle` runs inside the inbox transaction (after the integration projections that apply the event). A read
 * model of other services' events is an `integrationProjection`, not a subscriber.
 */
export const SubscribesTo = DiscoveryService.createDecorator<IntegrationEventContract<any>>();

export interface Subscriber<C extends IntegrationEventContract<any>> {
  handle(event: ReceivedEvent<PayloadOf<C>>, tx: Transaction): Promise<void>;
}
