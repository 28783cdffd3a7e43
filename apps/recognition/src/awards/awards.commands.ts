import { Inject, Injectable, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, executeCommand, type CommandContext, type DecidedEvent, type Transaction } from '@tandem/event-store';
import { MessagingRuntime } from '@tandem/platform';
import { AwardAmended, AwardFlagged, BadgeAwarded, BadgeRevoked } from '@tandem/recognition-contracts';
import {
  awardDecider,
  awardStreamId,
  evaluateRule,
  evaluationKey,
  type AwardEvent,
  type BadgeRule,
  type BadgeTier,
  type PersonFact,
} from '@tandem/recognition-domain';
import { CredentialIssuer } from '../credentials/credentials.commands';
import { credentialOfAward } from '../credentials/credentials.queries';
import { DEFAULT_RECOGNITION_SETTINGS, RECOGNITION_SETTINGS, reportingTimeZone, type RecognitionSettings } from '../settings';
import { findAward, type AwardRow } from './awards.queries';


/** The badge a person is evaluated against: its current rule version. */
export interface BadgeToEvaluate {
  programId: string;
  badgeId: string;
  tier: BadgeTier;
  ruleVersion: number;
  rule: BadgeRule;
}

type Outboxing = Pick<MessagingRuntime, 'outboxMessage'>;

/** The public event of each award event, keyed by person. */
export function awardOutbox(messaging: Outboxing, tenantId: string, decided: DecidedEvent<AwardEvent>[]) {
  return decided.map(({ event, eventId, metadata }) => {
    const cause = { eventId, metadata };
    switch (event.type) {
      case 'BadgeAwarded':
        return messaging.outboxMessage(BadgeAwarded, { tenantId, ...event.data }, cause);
      case 'AwardAmended':
        return messaging.outboxMessage(AwardAmended, { tenantId, ...event.data }, cause);
      case 'AwardFlagged':
        return messaging.outboxMessage(AwardFlagged, { tenantId, ...event.data }, cause);
      case 'BadgeRevoked':
        return messaging.outboxMessage(BadgeRevoked, { tenantId, ...event.data }, cause);
    }
  });
}

/** Whether deciding could change the award (skips the stream read for the common "nothing new" case). */
function mayChange(current: AwardRow | undefined, badge: BadgeToEvaluate, key: string | null, corrected: readonly string[]): boolean {
  if (!current) return key !== null;
  if (current.status !== 'awarded') return false;
  if (corrected.some((id) => current.evidence.some((e) => e.eventIds.includes(id)))) return true;
  if (current.ruleVersion !== badge.ruleVersion) return false;
  return key === null ? !current.flagged : key !== evaluationKey(current);
}

/**
 * Evaluates one person's facts against one badge and runs the award decider in the caller's transaction: awarded
 * once, amended, flagged — the decider says which. Used by the facts policy and by a rule's back-fill.
 */
@Injectable()
export class AwardWriter {
  constructor(
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    @Optional() @Inject(RECOGNITION_SETTINGS) private readonly settings: RecognitionSettings = DEFAULT_RECOGNITION_SETTINGS,
    /** Issues the verifiable credential of each new award, in its transaction (absent: none). */
    @Optional() private readonly credentials?: CredentialIssuer,
  ) {}

  /** The zone the tenant's active months are counted in (`REPORTING_TIME_ZONES`, see settings.ts). */
  timeZoneOf(tenantId: string): string {
    return reportingTimeZone(this.settings, tenantId);
  }

  async evaluate(
    tx: Transaction,
    context: CommandContext,
    badge: BadgeToEvaluate,
    personId: string,
    facts: readonly PersonFact[],
    /** `current`: the person's award of this badge when the caller read it already (null: none). */
    request: { correctedEventIds?: string[]; at: string; current?: AwardRow | null },
  ): Promise<void> {
    const { tenantId } = context;
    const evaluation = evaluateRule(badge.rule, facts, { timeZone: this.timeZoneOf(tenantId) });
    const result = evaluation.satisfied ? { earnedAt: evaluation.earnedAt as string, evidence: evaluation.evidence } : null;
    const corrected = request.correctedEventIds ?? [];
    const current = request.current !== undefined ? (request.current ?? undefined) : await findAward(tx, tenantId, badge.programId, badge.badgeId, personId);
    if (!mayChange(current, badge, result && evaluationKey(result), corrected)) return;
    const { events } = await executeCommand(this.store, awardDecider, {
      streamId: awardStreamId(badge.programId, badge.badgeId, personId),
      command: {
        type: 'Evaluate', programId: badge.programId, badgeId: badge.badgeId, personId, tier: badge.tier, ruleVersion: badge.ruleVersion, result,
        correctedEventIds: corrected, at: request.at,
      },
      context, // joins the current transaction (the caller's `tx`): see transaction-scope.ts
      publish: (decided) => awardOutbox(this.messaging, tenantId, decided),
    });
    for (const event of events) {
      if (event.type === 'BadgeAwarded') await this.credentials?.issueForAward(tx, context, event.data, request.at);
    }
  }
}

export class RevokeAwardCommand {
  constructor(
    readonly programId: string,
    readonly badgeId: string,
    readonly personId: string,
    readonly reason: string,
    readonly at: string,
    readonly context: CommandContext,
  ) {}
}

/** A manager revokes an award with a reason (404 for no award, 409 when already revoked) — and its credential with it. */
@CommandHandler(RevokeAwardCommand)
export class RevokeAwardHandler implements ICommandHandler<RevokeAwardCommand, void> {
  constructor(
    private readonly db: Database,
    private readonly store: EventStore,
    private readonly messaging: MessagingRuntime,
    private readonly credentials: CredentialIssuer,
  ) {}

  async execute({ programId, badgeId, personId, reason, at, context }: RevokeAwardCommand): Promise<void> {
    await this.db.transaction(async (tx) => {
      await executeCommand(this.store, awardDecider, {
        streamId: awardStreamId(programId, badgeId, personId),
        command: { type: 'Revoke', reason, by: context.actor.id, at },
        context,
        publish: (decided) => awardOutbox(this.messaging, context.tenantId, decided),
      });
      const credentialId = await credentialOfAward(tx, context.tenantId, programId, badgeId, personId);
      if (credentialId) await this.credentials.revoke(context, credentialId, reason, at);
    });
  }
}

export const AwardCommandHandlers = [AwardWriter, RevokeAwardHandler];
