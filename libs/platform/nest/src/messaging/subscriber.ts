import { Injectable, type Type } from '@nestjs/common';
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

/**
 * The subscriber of an event whose whole handling is one projection function of the slice's `<feature>.projection.ts`:
 * `projectorOf(ProgramCreated, programCreated)` instead of a class per event type that only calls it.
 */
export function projectorOf<C extends IntegrationEventContract<any>>(
  contract: C,
  project: (tx: Transaction, payload: PayloadOf<C>) => Promise<void>,
): Type<Subscriber<C>> {
  @SubscribesTo(contract)
  @Injectable()
  class Projector implements Subscriber<C> {
    handle({ payload }: ReceivedEvent<PayloadOf<C>>, tx: Transaction): Promise<void> {
      return project(tx, payload);
    }
  }
  // A readable provider name in Nest's logs and errors: `ProgramCreatedV1 → programCreated`.
  Object.defineProperty(Projector, 'name', { value: `${contract.name}V${contract.version} → ${project.name || 'projection'}` });
  return Projector;
}
