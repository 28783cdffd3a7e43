import type { Transaction } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { IntegrationEventHandler, ReceivedEvent } from '@tandem/messaging';
import { cloudEventType } from '@tandem/kernel';

/** How one event type of another service's contract changes a read model (in the consumer's inbox transaction). */
export interface EventApplication<C extends IntegrationEventContract<any> = IntegrationEventContract<any>> {
  contract: C;
  apply: (tx: Transaction, payload: PayloadOf<C>, event: ReceivedEvent<PayloadOf<C>>) => Promise<unknown>;
}

/**
 * A read model of other services' events, declared once like an inline projection (projection.ts): the tables it
 * alone writes and, per contract, how an event changes them. The messaging runtime applies it to every event it
 * consumes, inside the inbox transaction (idempotent by the inbox); a replay of the topics can apply the very same
 * declaration. A reaction that dispatches commands is a subscriber (`@SubscribesTo`), not a projection.
 */
export interface IntegrationProjection {
  name: string;
  tables: readonly string[];
  on: readonly EventApplication<any>[];
}

/** Declares a read model of other services' events. */
export const integrationProjection = (declaration: IntegrationProjection): IntegrationProjection => declaration;

/** One contract and what its events do to the read model: `applies(SessionCompleted, sessionCompleted)`. */
export const applies = <C extends IntegrationEventContract<any>>(contract: C, apply: EventApplication<C>['apply']): EventApplication<C> => ({ contract, apply });

/** Applies one received event to a projection exactly as the consumer does (a replay of a topic, a test). */
export async function applyToProjection<C extends IntegrationEventContract<any>>(
  projection: IntegrationProjection,
  contract: C,
  tx: Transaction,
  event: ReceivedEvent<PayloadOf<C>>,
): Promise<void> {
  const application = projection.on.find((a) => a.contract === contract);
  if (!application) throw new Error(`${projection.name} does not apply ${contract.name} v${contract.version}`);
  await application.apply(tx, event.payload, event);
}

/** What each event type runs, by CloudEvents type: every projection that applies it, in declaration order. */
export function integrationHandlers(projections: readonly IntegrationProjection[]): Map<string, IntegrationEventHandler[]> {
  const handlers = new Map<string, IntegrationEventHandler[]>();
  for (const projection of projections) {
    for (const { contract, apply } of projection.on) {
      const type = cloudEventType(contract);
      handlers.set(type, [...(handlers.get(type) ?? []), async (event, tx) => void (await apply(tx, event.payload, event))]);
    }
  }
  return handlers;
}

/** Runs several handlers of one event as one, in order (in the same transaction). */
export const inSequence = (handlers: IntegrationEventHandler[]): IntegrationEventHandler =>
  handlers.length === 1
    ? handlers[0]
    : async (event, tx) => {
        for (const handler of handlers) await handler(event, tx);
      };
