import { InvalidCommandError } from '@tandem/kernel';
import { isMonotone, ruleLeaves, ruleProblems, validateRule } from './badge-rules';
import { DEFAULT_BADGE_RULES } from './badge-definition';

describe('badge rules', () => {
  it('accepts the default tiers and a rich custom rule', () => {
    for (const badge of DEFAULT_BADGE_RULES) expect(ruleProblems(badge.rule)).toEqual([]);
    expect(
      ruleProblems({
        anyOf: [
          { fact: 'confirmedSessions', atLeast: 10, withinDays: 90, role: 'mentor' },
          { allOf: [{ fact: 'verifiedMenteeOutcomes', atLeast: 1, outcomeKind: 'promotion' }, { fact: 'trainingHours', atLeast: 2.5 }] },
          { fact: 'kudosReceived', atLeast: 3, withinDays: 365, role: 'mentor' },
        ],
      }),
    ).toEqual([]);
  });

  it.each([
    [null, 'rule must be an object'],
    [{}, 'rule must have exactly one of fact, allOf, anyOf'],
    [{ fact: 'likes', atLeast: 1 }, 'rule.fact must be one of'],
    [{ fact: 'kudosReceived', atLeast: 0.5 }, 'rule.atLeast must be an integer from 1 to 100000'],
    [{ allOf: [] }, 'rule.allOf must be an array of 1 to 20 criteria'],
    [{ allOf: [{ fact: 'confirmedSessions', atLeast: 0 }] }, 'rule.allOf[0].atLeast must be an integer from 1 to 100000'],
    [{ fact: 'averageRating', atLeast: 4.5 }, 'rule.minRatings must be an integer'],
    [{ fact: 'averageRating', atLeast: 6, minRatings: 3 }, 'rule.atLeast must be a number from 1 to 5'],
    [{ fact: 'consecutiveActiveMonths', atLeast: 3, withinDays: 30 }, 'rule.withinDays does not apply to consecutiveActiveMonths'],
    [{ fact: 'confirmedSessions', atLeast: 3, role: 'boss' }, 'rule.role must be mentor or mentee'],
    [{ fact: 'confirmedSessions', atLeast: 3, minRatings: 2 }, 'rule.minRatings applies to averageRating only'],
    [{ fact: 'goalsAchieved', atLeast: 1, outcomeKind: 'promotion' }, 'rule.outcomeKind applies to verifiedMenteeOutcomes only'],
    [{ fact: 'goalsAchieved', atLeast: 1, colour: 'red' }, 'rule.colour is not a known criterion field'],
    [{ allOf: [{ fact: 'goalsAchieved', atLeast: 1 }], fact: 'x' }, 'rule must have exactly one of'],
    [{ anyOf: [{ anyOf: [{ anyOf: [{ anyOf: [{ fact: 'goalsAchieved', atLeast: 1 }] }] }] }] }, 'nests deeper than 4 levels'],
  ])('refuses %j naming what is wrong', (rule, message) => {
    expect(ruleProblems(rule).join('; ')).toContain(message);
    expect(() => validateRule(rule)).toThrow(InvalidCommandError);
  });

  it('lists leaves with their paths and knows which rules are monotone', () => {
    const rule = { allOf: [{ fact: 'confirmedSessions' as const, atLeast: 1 }, { anyOf: [{ fact: 'goalsAchieved' as const, atLeast: 1 }] }] };
    expect(ruleLeaves(rule).map((l) => l.path)).toEqual(['rule.allOf[0]', 'rule.allOf[1].anyOf[0]']);
    expect(isMonotone(rule)).toBe(true);
    expect(isMonotone(DEFAULT_BADGE_RULES[2].rule)).toBe(false);
    expect(isMonotone({ fact: 'confirmedSessions', atLeast: 2, withinDays: 7 })).toBe(false);
  });
});
