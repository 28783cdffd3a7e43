import { Injectable } from '@nestjs/common';
import { ProgramCreated } from '@tandem/enrollment-contracts';
import { EventStore, type Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { Clock, MessagingRuntime, SubscribesTo, type Subscriber } from '@tandem/platform';
import { BadgeRules } from '../badge-rules/badge-rules.commands';
import { recordProgramManagers } from '../programs/programs.projection';
import { setUpBadgeCatalog } from './badges.commands';

/**
 * A new program gets the default badge tiers, their rules (and recognition records who manages it: one subscriber per event
 * type), all in the consumer's inbox transaction.
 */
@SubscribesTo(ProgramCreated)
@Injectable()
export class SetUpCatalogOnProgramCreated implements Subscriber<typeof ProgramCreated> {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly clock: Clock,
    private readonly rules: BadgeRules,
  ) {}

  async handle(event: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    const { tenantId, programId } = event.payload;
    await recordProgramManagers(tx, event.payload);
    const at = this.clock.now().toISOString();
    const context = { tenantId, actor: { id: 'system:recognition' }, correlationId: event.correlationId ?? event.id, causationId: event.id, idempotencyKey: event.id };
    await setUpBadgeCatalog(this.store, this.messaging, { programId, at, context, tx });
    // The default tiers' versioned rules (BadgeDefined v2), back-filled over facts that arrived before the program.
    await this.rules.setUpDefaults(tx, programId, at, context);
  }
}
