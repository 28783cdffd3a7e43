/** Evaluation is a function of the set of facts: any arrival order, any duplicate, the same result. */
import fc from 'fast-check';
import { awardDecider, type AwardEvent, type AwardState } from './award';
import type { BadgeRule } from './badge-rules';
import { DEFAULT_BADGE_RULES } from './badge-definition';
import { factSelectors, selectFacts } from './fact-selection';
import { evaluateRule, type PersonFact } from './rule-evaluation';

const START = Date.parse('2026-01-01T00:00:00Z');
const factArb = fc.record({
  kind: fc.constantFrom('session', 'rating', 'outcome', 'goal', 'training') as fc.Arbitrary<PersonFact['kind']>,
  role: fc.constantFrom('mentor', 'mentee') as fc.Arbitrary<'mentor' | 'mentee'>,
  // Coarse times so ties between facts happen often.
  day: fc.integer({ min: 0, max: 200 }),
  value: fc.integer({ min: 1, max: 5 }),
  counterpart: fc.constantFrom('m1', 'm2', 'm3'),
  detail: fc.constantFrom('promotion', 'certification'),
  // Sometimes a few milliseconds apart within the same day, or right at a month boundary.
  ms: fc.constantFrom(0, 0, 0, 1, 7),
});
const factsArb = fc.array(factArb, { maxLength: 40 }).map((raw) =>
  raw.map((f, i): PersonFact => ({
    eventId: `e${String(i).padStart(3, '0')}`, kind: f.kind, role: f.role, occurredAt: new Date(START + f.day * 43_200_000 + f.ms).toISOString(),
    value: f.kind === 'training' ? f.value * 30 : f.value, counterpart: f.counterpart, ref: `entry-${i}`, detail: f.detail,
  })),
);
const RULES: BadgeRule[] = [
  ...DEFAULT_BADGE_RULES.map((b) => b.rule),
  { anyOf: [{ fact: 'confirmedSessions', atLeast: 4, withinDays: 20 }, { fact: 'distinctMentees', atLeast: 3 }] },
  { allOf: [{ fact: 'trainingHours', atLeast: 3 }, { fact: 'goalsAchieved', atLeast: 2, role: 'mentee' }] },
  { fact: 'averageRating', atLeast: 3.5, minRatings: 3 },
  { allOf: [{ fact: 'confirmedSessions', atLeast: 3 }, { fact: 'consecutiveActiveMonths', atLeast: 2, role: 'mentee' }, { fact: 'confirmedSessions', atLeast: 6, role: 'mentor' }] },
  { anyOf: [{ fact: 'distinctMentees', atLeast: 2, role: 'mentor' }, { allOf: [{ fact: 'goalsAchieved', atLeast: 2 }, { fact: 'verifiedMenteeOutcomes', atLeast: 1, outcomeKind: 'certification' }] }] },
  { allOf: [{ fact: 'verifiedMenteeOutcomes', atLeast: 2 }, { fact: 'confirmedSessions', atLeast: 2, withinDays: 30, role: 'mentor' }, { fact: 'distinctMentees', atLeast: 3 }] },
];
const MONOTONE = [RULES[0], RULES[1], RULES[4]];

/** A Fisher–Yates shuffle driven by fast-check's seeds. */
const shuffled = <T>(items: T[], seeds: number[]) => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = seeds[i % seeds.length] % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('rule evaluation properties', () => {
  it('is independent of the order of the facts and of duplicates', () => {
    fc.assert(
      fc.property(factsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), fc.constantFrom(...RULES), (facts, seeds, rule) => {
        const reference = evaluateRule(rule, facts);
        expect(evaluateRule(rule, shuffled([...facts, ...facts.slice(0, 5)], seeds))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('evaluating only the facts the rule selects (a preview, a back-fill) gives the same result as evaluating all of them', () => {
    fc.assert(
      fc.property(factsArb, fc.constantFrom(...RULES), fc.constantFrom('UTC', 'America/New_York', 'Asia/Kathmandu'), (facts, rule, timeZone) => {
        const selected = selectFacts(factSelectors(rule), facts, timeZone);
        expect(evaluateRule(rule, selected, { timeZone })).toEqual(evaluateRule(rule, facts, { timeZone }));
      }),
      { numRuns: 1000 },
    );
  });

  it('the award decider, fed the facts one by one in any order, ends on the evaluation of all of them (monotone rules)', () => {
    fc.assert(
      fc.property(factsArb, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), fc.constantFrom(...MONOTONE), (facts, seeds, rule) => {
        const arrived: PersonFact[] = [];
        let state: AwardState = awardDecider.initialState();
        const events: AwardEvent[] = [];
        for (const fact of shuffled(facts, seeds)) {
          arrived.push(fact);
          const e = evaluateRule(rule, arrived);
          const result = e.satisfied ? { earnedAt: e.earnedAt as string, evidence: e.evidence } : null;
          const decided = awardDecider.decide({ type: 'Evaluate', programId: 'p', badgeId: 'b', personId: 'x', tier: 'custom', ruleVersion: 1, result, correctedEventIds: [], at: 'now' }, state);
          events.push(...decided);
          state = decided.reduce(awardDecider.evolve, state);
        }
        const final = evaluateRule(rule, facts);
        expect(events.filter((e) => e.type === 'BadgeAwarded').length).toBe(final.satisfied ? 1 : 0);
        expect(events.some((e) => e.type === 'AwardFlagged')).toBe(false);
        if (final.satisfied && state.status !== 'none') expect([state.earnedAt, state.evidence]).toEqual([final.earnedAt, final.evidence]);
      }),
      { numRuns: 300 },
    );
  });
});
