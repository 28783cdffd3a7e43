import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ProgramCreated } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import type { PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { Clock, SubscribesTo, type Subscriber } from '@tandem/platform';
import { BadgeRules } from '../badge-rules/badge-rules.commands';
import { SetUpBadgeCatalogCommand } from './badges.commands';

/**
 * A new program gets the default badge tiers and their rules, in the consumer's inbox transaction (after the programs
 * projection recorded who manages it).
 */
@SubscribesTo(ProgramCreated)
@Injectable()
export class SetUpCatalogOnProgramCreated implements Subscriber<typeof ProgramCreated> {
  constructor(
    private readonly commands: CommandBus,
    private readonly clock: Clock,
    private readonly rules: BadgeRules,
  ) {}

  async handle(event: ReceivedEvent<PayloadOf<typeof ProgramCreated>>, tx: Transaction) {
    const { tenantId, programId } = event.payload;
    const at = this.clock.now().toISOString();
    const context = { tenantId, actor: { id: 'system:recognition' }, correlationId: event.correlationId ?? event.id, causationId: event.id, idempotencyKey: event.id };
    // Dispatched like any command; it joins the inbox transaction (the current one).
    await this.commands.execute(new SetUpBadgeCatalogCommand(programId, at, context));
    // The default tiers' versioned rules (BadgeDefined v2), back-filled over facts that arrived before the program.
    await this.rules.setUpDefaults(tx, programId, at, context);
  }
}
