import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { badgeDefinitionDecider, DEFAULT_BADGE_RULES, type BadgeSpec } from './badge-definition';

const at = '2026-11-21T10:00:00.000Z';
const given = deciderSpecification(badgeDefinitionDecider);
const mentorOfTheMonth: BadgeSpec = {
  badgeId: 'b-1', name: 'Steady', tier: 'custom', description: 'Four sessions in 30 days', rule: { fact: 'confirmedSessions', atLeast: 4, withinDays: 30 },
};
const create = given([]).when({ type: 'CreateBadge', programId: 'p1', badge: mentorOfTheMonth, at, by: 'pm-1' });
const newRule = { fact: 'confirmedSessions' as const, atLeast: 6, withinDays: 30 };

describe('badge definition decider', () => {
  it('given nothing, when a badge is created, then it exists with rule version 1', () => {
    create.then([{ type: 'BadgeCreated', data: { ...mentorOfTheMonth, programId: 'p1', ruleVersion: 1, at, by: 'pm-1' } }]);
  });

  it('given nothing, when a badge with an invalid rule is created, then 400 naming the problem', () => {
    given([])
      .when({ type: 'CreateBadge', programId: 'p1', badge: { ...mentorOfTheMonth, rule: { fact: 'confirmedSessions', atLeast: -1 } }, at, by: 'pm-1' })
      .thenThrows(InvalidCommandError, 'rule.atLeast must be an integer');
  });

  it('given a badge, when it is created again, then 409 — or nothing for a default set up twice', () => {
    given(create.history()).when({ type: 'CreateBadge', programId: 'p1', badge: mentorOfTheMonth, at, by: 'pm-1' }).thenThrows(IllegalStateError, 'already exists');
    const def = given([]).when({ type: 'CreateBadge', programId: 'p1', badge: DEFAULT_BADGE_RULES[0], at, by: 'system', ifAbsent: true });
    given(def.history()).when({ type: 'CreateBadge', programId: 'p1', badge: DEFAULT_BADGE_RULES[0], at, by: 'system', ifAbsent: true }).thenNothingHappened();
  });

  it('given a badge, when a new rule is published, then it is version 2; the same rule again is 409', () => {
    const publish = given(create.history()).when({ type: 'PublishRuleVersion', programId: 'p1', badgeId: 'b-1', rule: newRule, at, by: 'pm-1' });
    publish.then([{ type: 'RuleVersionPublished', data: { programId: 'p1', badgeId: 'b-1', ruleVersion: 2, rule: newRule, at, by: 'pm-1' } }]);
    given(publish.history()).when({ type: 'PublishRuleVersion', programId: 'p1', badgeId: 'b-1', rule: newRule, at, by: 'pm-1' }).thenThrows(IllegalStateError, 'already this rule');
  });

  it('given no badge, when a rule is published or it is retired, then 404', () => {
    given([]).when({ type: 'PublishRuleVersion', programId: 'p1', badgeId: 'b-1', rule: newRule, at, by: 'pm-1' }).thenThrows(NotFoundError);
    given([]).when({ type: 'RetireBadge', programId: 'p1', badgeId: 'b-1', reason: 'x', at, by: 'pm-1' }).thenThrows(NotFoundError);
  });

  it('given a retired badge, when a rule is published or it is retired again, then 409', () => {
    const retire = given(create.history()).when({ type: 'RetireBadge', programId: 'p1', badgeId: 'b-1', reason: 'season over', at, by: 'pm-1' });
    retire.then([{ type: 'BadgeRetired', data: { programId: 'p1', badgeId: 'b-1', reason: 'season over', at, by: 'pm-1' } }]);
    given(retire.history()).when({ type: 'PublishRuleVersion', programId: 'p1', badgeId: 'b-1', rule: newRule, at, by: 'pm-1' }).thenThrows(IllegalStateError, 'retired');
    given(retire.history()).when({ type: 'RetireBadge', programId: 'p1', badgeId: 'b-1', reason: 'x', at, by: 'pm-1' }).thenThrows(IllegalStateError, 'retired');
  });
});
