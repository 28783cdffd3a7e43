import { IllegalStateError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { validateRule, type BadgeRule } from './badge-rules';
import type { BadgeTier } from './badge-catalog';

/**
 * One badge of one program and its rule, versioned: a badge is created with rule version 1, each published rule
 * is the next version, and a retired badge awards nobody any more (its awards stay). Stream `Badge-<program>-<badge>`.
 */
export interface BadgeSpec {
  badgeId: string;
  name: string;
  tier: BadgeTier;
  description: string;
  rule: BadgeRule;
}

/** The rules of the default tiers (the catalogue's v1 criteria, with roles and the ratings behind the average). */
export const DEFAULT_BADGE_RULES: BadgeSpec[] = [
  {
    badgeId: 'participation', name: 'Participation', tier: 'participation', description: 'Completed a first mentoring session',
    rule: { fact: 'confirmedSessions', atLeast: 1 },
  },
  {
    badgeId: 'rising-star', name: 'Rising Star', tier: 'rising-star', description: 'Consistent engagement: active three months in a row with five sessions',
    rule: { allOf: [{ fact: 'consecutiveActiveMonths', atLeast: 3, role: 'mentor' }, { fact: 'confirmedSessions', atLeast: 5, role: 'mentor' }] },
  },
  {
    badgeId: 'champion', name: 'Champion', tier: 'champion', description: 'Significant impact: verified mentee outcomes and excellent feedback',
    rule: { allOf: [{ fact: 'verifiedMenteeOutcomes', atLeast: 2, role: 'mentor' }, { fact: 'averageRating', atLeast: 4.5, minRatings: 5, role: 'mentor' }] },
  },
];

export type BadgeDefinitionCommand =
  | { type: 'CreateBadge'; programId: string; badge: BadgeSpec; at: string; by: string; ifAbsent?: boolean }
  | { type: 'PublishRuleVersion'; programId: string; badgeId: string; rule: BadgeRule; at: string; by: string }
  | { type: 'RetireBadge'; programId: string; badgeId: string; reason: string; at: string; by: string };

export type BadgeCreated = DomainEvent<'BadgeCreated', BadgeSpec & { programId: string; ruleVersion: 1; at: string; by: string }>;
export type RuleVersionPublished = DomainEvent<'RuleVersionPublished', { programId: string; badgeId: string; ruleVersion: number; rule: BadgeRule; at: string; by: string }>;
export type BadgeRetired = DomainEvent<'BadgeRetired', { programId: string; badgeId: string; reason: string; at: string; by: string }>;
export type BadgeDefinitionEvent = BadgeCreated | RuleVersionPublished | BadgeRetired;

export type BadgeDefinitionState =
  | { exists: false }
  | (BadgeSpec & { exists: true; programId: string; ruleVersion: number; retired: boolean; definedAt: string });

export const badgeStreamId = (programId: string, badgeId: string) => `Badge-${programId}-${badgeId}`;

export const badgeDefinitionDecider: Decider<BadgeDefinitionCommand, BadgeDefinitionEvent, BadgeDefinitionState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'CreateBadge') {
      if (state.exists) {
        if (command.ifAbsent) return [];
        throw new IllegalStateError(`Badge ${command.badge.badgeId} already exists`, 'badge.already_exists');
      }
      const rule = validateRule(command.badge.rule);
      return [{ type: 'BadgeCreated', data: { ...command.badge, rule, programId: command.programId, ruleVersion: 1, at: command.at, by: command.by } }];
    }
    if (!state.exists) throw new NotFoundError(`Badge ${command.badgeId} not found`, 'badge.not_found');
    if (state.retired) throw new IllegalStateError(`Badge ${command.badgeId} is retired`, 'badge.retired');
    if (command.type === 'PublishRuleVersion') {
      const rule = validateRule(command.rule);
      if (JSON.stringify(rule) === JSON.stringify(state.rule)) {
        throw new IllegalStateError(`Rule version ${state.ruleVersion} of badge ${command.badgeId} is already this rule`, 'badge.rule_unchanged');
      }
      const { programId, badgeId, at, by } = command;
      return [{ type: 'RuleVersionPublished', data: { programId, badgeId, ruleVersion: state.ruleVersion + 1, rule, at, by } }];
    }
    const { programId, badgeId, reason, at, by } = command;
    return [{ type: 'BadgeRetired', data: { programId, badgeId, reason, at, by } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'BadgeCreated': {
        const { badgeId, name, tier, description, rule, programId, at } = event.data;
        return { exists: true, badgeId, name, tier, description, rule, programId, ruleVersion: 1, retired: false, definedAt: at };
      }
      case 'RuleVersionPublished':
        return state.exists ? { ...state, rule: event.data.rule, ruleVersion: event.data.ruleVersion, definedAt: event.data.at } : state;
      case 'BadgeRetired':
        return state.exists ? { ...state, retired: true } : state;
    }
  },
};
