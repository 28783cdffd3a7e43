import { IllegalStateError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import type { BadgeTier } from './badge-catalog';
import { evaluationKey, type CriterionEvidence } from './rule-evaluation';

/**
 * One person's award of one badge in one program (stream `Award-<program>-<badge>-<person>`): awarded once, with the
 * rule version, the moment it was earned and the evidence; amended when a late, older fact changes when it was earned
 * or its evidence; flagged for the program's managers when facts behind it are corrected or it no longer holds —
 * never removed silently; revoked only by a manager, with a reason.
 */
export interface AwardRef {
  programId: string;
  badgeId: string;
  personId: string;
  tier: BadgeTier;
}

export interface AwardResult {
  ruleVersion: number;
  earnedAt: string;
  evidence: CriterionEvidence[];
}

export type AwardCommand =
  | (AwardRef & {
      type: 'Evaluate';
      /** The badge's current rule version, and the evaluation of the person's facts against it (null: it does not hold). */
      ruleVersion: number;
      result: Omit<AwardResult, 'ruleVersion'> | null;
      /** Events whose facts were corrected by the change that triggered this evaluation. */
      correctedEventIds: string[];
      at: string;
    })
  | { type: 'Revoke'; reason: string; by: string; at: string };

export type BadgeAwarded = DomainEvent<'BadgeAwarded', AwardRef & AwardResult & { awardedAt: string }>;
export type AwardAmended = DomainEvent<'AwardAmended', AwardRef & AwardResult & { previousEarnedAt: string; amendedAt: string }>;
export type AwardFlagged = DomainEvent<
  'AwardFlagged',
  AwardRef & { reason: 'evidence-corrected' | 'no-longer-satisfied'; eventIds: string[]; stillSatisfied: boolean; flaggedAt: string }
>;
export type BadgeRevoked = DomainEvent<'BadgeRevoked', AwardRef & { reason: string; revokedBy: string; revokedAt: string }>;
export type AwardEvent = BadgeAwarded | AwardAmended | AwardFlagged | BadgeRevoked;

export type AwardState =
  | { status: 'none' }
  | (AwardRef & AwardResult & { status: 'awarded' | 'revoked'; flagged: boolean; awardedAt: string });

export const awardStreamId = (programId: string, badgeId: string, personId: string) => `Award-${programId}-${badgeId}-${personId}`;

const refOf = (s: AwardRef): AwardRef => ({ programId: s.programId, badgeId: s.badgeId, personId: s.personId, tier: s.tier });

export const awardDecider: Decider<AwardCommand, AwardEvent, AwardState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (command.type === 'Revoke') {
      if (state.status === 'none') throw new NotFoundError('Award not found', 'award.not_found');
      if (state.status === 'revoked') throw new IllegalStateError('The award is already revoked', 'award.revoked');
      return [{ type: 'BadgeRevoked', data: { ...refOf(state), reason: command.reason, revokedBy: command.by, revokedAt: command.at } }];
    }
    const { ruleVersion, result, correctedEventIds, at } = command;
    if (state.status === 'revoked') return [];
    if (state.status === 'none') {
      return result ? [{ type: 'BadgeAwarded', data: { ...refOf(command), ruleVersion, ...result, awardedAt: at } }] : [];
    }
    const evidenceIds = new Set(state.evidence.flatMap((e) => e.eventIds));
    const touched = correctedEventIds.filter((id) => evidenceIds.has(id));
    if (touched.length > 0) {
      return [{ type: 'AwardFlagged', data: { ...refOf(state), reason: 'evidence-corrected', eventIds: touched, stillSatisfied: result !== null, flaggedAt: at } }];
    }
    // An award keeps the rule version it was earned under; a later version neither amends nor flags it.
    if (ruleVersion !== state.ruleVersion) return [];
    if (!result) {
      if (state.flagged) return [];
      return [{ type: 'AwardFlagged', data: { ...refOf(state), reason: 'no-longer-satisfied', eventIds: [], stillSatisfied: false, flaggedAt: at } }];
    }
    if (evaluationKey(result) === evaluationKey(state)) return [];
    return [{ type: 'AwardAmended', data: { ...refOf(state), ruleVersion, ...result, previousEarnedAt: state.earnedAt, amendedAt: at } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'BadgeAwarded': {
        const { awardedAt, ...rest } = event.data;
        return { ...rest, status: 'awarded', flagged: false, awardedAt };
      }
      case 'AwardAmended':
        return state.status === 'none' ? state : { ...state, earnedAt: event.data.earnedAt, evidence: event.data.evidence, ruleVersion: event.data.ruleVersion };
      case 'AwardFlagged':
        return state.status === 'none' ? state : { ...state, flagged: true };
      case 'BadgeRevoked':
        return state.status === 'none' ? state : { ...state, status: 'revoked', flagged: false };
    }
  },
};
