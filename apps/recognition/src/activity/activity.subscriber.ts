import { Injectable, type Type } from '@nestjs/common';
import type { CommandContext, Transaction } from '@tandem/event-store';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { Clock, SubscribesTo, type Subscriber } from '@tandem/platform';
import { factsProjection, recordFacts, type FactSource } from '../facts/facts.projection';
import { AwardOnFactsChanged } from '../policies/award-on-facts.policy';

/**
 * The subscriber of one fact source (`factsProjection` in facts.projection.ts): the event's facts are recorded (each
 * keeping the event's id and occurrence time), then the award policy evaluates the people whose facts changed — all
 * in the consumer's inbox transaction, so a redelivered event (a duplicate in the inbox) records and awards nothing.
 */
function factSubscriberOf<C extends IntegrationEventContract<any>>(source: FactSource<C>): Type<Subscriber<C>> {
  @SubscribesTo(source.contract)
  @Injectable()
  class FactSubscriber implements Subscriber<C> {
    constructor(
      readonly policy: AwardOnFactsChanged,
      readonly clock: Clock,
    ) {}

    async handle(event: ReceivedEvent<PayloadOf<C>>, tx: Transaction): Promise<void> {
      const { tenantId, programId } = event.payload as { tenantId: string; programId: string };
      const facts = source.facts(event.payload).map((f) => ({ ...f, tenantId, programId, eventId: event.id }));
      const personIds = await recordFacts(tx, facts);
      const correctedEventIds = (await source.corrects?.(tx, event.payload)) ?? [];
      const context: CommandContext = {
        tenantId,
        actor: { id: 'system:recognition' },
        correlationId: event.correlationId ?? event.id,
        causationId: event.id,
        idempotencyKey: event.id,
      };
      await this.policy.apply(tx, context, { programId, personIds, correctedEventIds, at: this.clock.now().toISOString() });
    }
  }
  // A readable provider name in Nest's logs and errors: `FactsFromSessionCompleted`.
  Object.defineProperty(FactSubscriber, 'name', { value: `FactsFrom${source.contract.name}` });
  return FactSubscriber;
}

/** One subscriber per declared fact source: session tracking's confirmed sessions, ratings, outcomes, hours, goals. */
export const ActivitySubscribers = factsProjection.sources.map(factSubscriberOf);
