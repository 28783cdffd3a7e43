import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore, executeCommand, inTransactionWithRetries, type CommandContext, type DecidedEvent, type SqlExecutor, type Transaction } from '@tandem/event-store';
import { MessagingRuntime } from '@tandem/platform';
import { BadgeDefinedV2Contract, BadgeDefinedV3Contract, expressibleInV2, type CriterionV2 } from '@tandem/recognition-contracts';
import {
  badgeDefinitionDecider,
  badgeStreamId,
  DEFAULT_BADGE_RULES,
  evaluateRule,
  factSelectors,
  type BadgeDefinitionCommand,
  type BadgeDefinitionEvent,
  type BadgeDefinitionState,
  type BadgeRule,
  type Evaluation,
} from '@tandem/recognition-domain';
import { AwardWriter } from '../awards/awards.commands';
import { selectedProgramFacts } from '../facts/facts.queries';
import { requireProgram } from '../programs/programs.queries';

export interface Qualifier {
  personId: string;
  earnedAt: string;
  evidence: Evaluation['evidence'];
}

/**
 * Who in the program would satisfy `rule` over its whole history, and since when (nothing is written). Reads, person
 * by person, only the facts that decide the rule (`factSelectors`: the same result as all of them) — what a
 * publication's back-fill evaluates too.
 */
export async function previewRule(db: SqlExecutor, tenantId: string, programId: string, rule: BadgeRule, timeZone: string) {
  const qualifying: Qualifier[] = [];
  const people = await selectedProgramFacts(db, tenantId, programId, factSelectors(rule), timeZone);
  for (const [personId, facts] of people) {
    const e = evaluateRule(rule, facts, { timeZone });
    if (e.satisfied) qualifying.push({ personId, earnedAt: e.earnedAt as string, evidence: e.evidence });
  }
  return { evaluatedPeople: people.size, qualifying };
}

/**
 * Runs one badge-definition command in `tx`; a new badge or rule version is then back-filled: everyone in the program
 * is evaluated over their whole history and awarded with their historical dates, in the same transaction.
 */
@Injectable()
export class BadgeRules {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly awards: AwardWriter,
  ) {}

  async run(tx: Transaction, command: BadgeDefinitionCommand, context: CommandContext): Promise<BadgeDefinitionState> {
    const { tenantId } = context;
    const badgeId = command.type === 'CreateBadge' ? command.badge.badgeId : command.badgeId;
    const { state, events } = await executeCommand(this.store, badgeDefinitionDecider, {
      streamId: badgeStreamId(command.programId, badgeId),
      command,
      context, // joins the current transaction (the caller's `tx`): see transaction-scope.ts
      publish: (decided, s) => this.outbox(tenantId, decided, s),
    });
    if (state.exists && !state.retired && events.some((e) => e.type !== 'BadgeRetired')) {
      const badge = { programId: state.programId, badgeId: state.badgeId, tier: state.tier, ruleVersion: state.ruleVersion, rule: state.rule };
      // Everyone with facts the rule reads (the others cannot hold it, and keep an award of an older version as it is).
      for (const [personId, facts] of await selectedProgramFacts(tx, tenantId, state.programId, factSelectors(state.rule), this.awards.timeZoneOf(tenantId))) await this.awards.evaluate(tx, context, badge, personId, facts, { at: command.at });
    }
    return state;
  }

  /** The default tiers of a new program (nothing when they exist already), back-filled like any badge. */
  async setUpDefaults(tx: Transaction, programId: string, at: string, context: CommandContext): Promise<void> {
    for (const badge of DEFAULT_BADGE_RULES) {
      await this.run(tx, { type: 'CreateBadge', programId, badge, at, by: context.actor.id, ifAbsent: true }, context);
    }
  }

  private outbox(tenantId: string, decided: DecidedEvent<BadgeDefinitionEvent>[], state: BadgeDefinitionState) {
    if (!state.exists) return [];
    return decided.flatMap(({ event, eventId, metadata }) => {
      if (event.type === 'BadgeRetired') return [];
      const { programId, badgeId, name, tier, description } = state;
      const payload = { tenantId, programId, badgeId, name, tier, description, ruleVersion: event.data.ruleVersion, rule: event.data.rule, definedAt: event.data.at, definedBy: event.data.by };
      // v3 for every definition; v2 too when the rule uses only v2's facts (a kudos rule would break v2's schema).
      const v3 = this.messaging.outboxMessage(BadgeDefinedV3Contract, payload, { eventId, metadata });
      return expressibleInV2(payload.rule) ? [this.messaging.outboxMessage(BadgeDefinedV2Contract, { ...payload, rule: payload.rule as CriterionV2 }, { eventId, metadata }), v3] : [v3];
    });
  }
}

/** A manager's change to a program's badges (create, publish a rule version, retire), with its back-fill, in one transaction. */
export class ChangeBadgeCommand {
  constructor(
    readonly command: BadgeDefinitionCommand,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(ChangeBadgeCommand)
export class ChangeBadgeHandler implements ICommandHandler<ChangeBadgeCommand, BadgeDefinitionState> {
  constructor(
    private readonly store: EventStore,
    private readonly rules: BadgeRules,
  ) {}

  execute({ command, context }: ChangeBadgeCommand): Promise<BadgeDefinitionState> {
    return inTransactionWithRetries(this.store, async (tx) => {
      await requireProgram(tx, context.tenantId, command.programId);
      return this.rules.run(tx, command, context);
    });
  }
}

export const BadgeRuleCommandHandlers = [BadgeRules, ChangeBadgeHandler];
