import { Injectable } from '@nestjs/common';
import type { CommandContext, Transaction } from '@tandem/event-store';
import { AwardWriter } from '../awards/awards.commands';
import { awardsOfPerson } from '../awards/awards.queries';
import { programBadgeRules } from '../badge-rules/badge-rules.queries';
import { personFacts } from '../facts/facts.queries';

/**
 * When a person's facts change, each active badge of the program is evaluated against all of them and the award
 * decider runs (award once, amend, flag) — in the transaction that recorded the facts (the consumer's inbox
 * transaction), so a fact and the awards it causes commit together or not at all.
 */
@Injectable()
export class AwardOnFactsChanged {
  constructor(private readonly awards: AwardWriter) {}

  async apply(
    tx: Transaction,
    context: CommandContext,
    change: { programId: string; personIds: readonly string[]; correctedEventIds?: string[]; at: string },
  ): Promise<void> {
    if (change.personIds.length === 0) return;
    const badges = await programBadgeRules(tx, context.tenantId, change.programId, true);
    if (badges.length === 0) return; // the program's badges arrive later and back-fill
    for (const personId of change.personIds) {
      const facts = await personFacts(tx, context.tenantId, change.programId, personId);
      const current = await awardsOfPerson(tx, context.tenantId, change.programId, personId); // one read for every badge
      for (const badge of badges) {
        const request = { correctedEventIds: change.correctedEventIds, at: change.at, current: current.get(badge.badgeId) ?? null };
        await this.awards.evaluate(tx, context, badge, personId, facts, request);
      }
    }
  }
}
