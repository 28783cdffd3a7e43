import { DEFAULT_BADGE_RULES } from './badge-definition';
import { evaluateRule, monthIndex, ruleProgress, type PersonFact } from './rule-evaluation';

const [participation, risingStar, champion] = DEFAULT_BADGE_RULES.map((b) => b.rule);
const session = (id: string, occurredAt: string, counterpart = 'mentee-1', role: 'mentor' | 'mentee' = 'mentor'): PersonFact => ({
  eventId: id, kind: 'session', role, occurredAt, value: 1, counterpart,
});
const rating = (id: string, occurredAt: string, value: number): PersonFact => ({ eventId: id, kind: 'rating', role: 'mentor', occurredAt, value });
const outcome = (id: string, occurredAt: string, detail = 'promotion'): PersonFact => ({ eventId: id, kind: 'outcome', role: 'mentor', occurredAt, value: 1, detail });

describe('rule evaluation', () => {
  it('counts kudos received (issue 13): a rule on kudosReceived holds at the kudos that completed it, with them as evidence', () => {
    const kudos = (id: string, occurredAt: string): PersonFact => ({ eventId: id, kind: 'kudos', role: 'mentor', occurredAt, value: 1, counterpart: 'mentee-1' });
    const rule = { allOf: [{ fact: 'kudosReceived' as const, atLeast: 2, role: 'mentor' as const }, { fact: 'confirmedSessions' as const, atLeast: 1 }] };
    const facts = [kudos('k2', '2026-03-01T10:00:00Z'), session('s1', '2026-01-01T10:00:00Z'), kudos('k1', '2026-02-01T10:00:00Z'), kudos('k3', '2026-04-01T10:00:00Z')];
    expect(evaluateRule(rule, facts)).toEqual({
      satisfied: true,
      earnedAt: '2026-03-01T10:00:00.000Z',
      evidence: [{ criterion: 'rule.allOf[0]', fact: 'kudosReceived', eventIds: ['k1', 'k2'] }, { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', eventIds: ['s1'] }],
    });
    expect(ruleProgress(rule, facts.slice(0, 2), '2026-12-01T00:00:00Z')[0]).toMatchObject({ fact: 'kudosReceived', current: 1, target: 2, satisfied: false });
  });

  it('earns Participation at the first confirmed session, whatever was processed first', () => {
    const facts = [session('s2', '2026-03-05T10:00:00Z'), session('s1', '2026-02-01T09:00:00Z')];
    expect(evaluateRule(participation, facts)).toEqual({
      satisfied: true,
      earnedAt: '2026-02-01T09:00:00.000Z',
      evidence: [{ criterion: 'rule', fact: 'confirmedSessions', eventIds: ['s1'] }],
    });
    expect(evaluateRule(participation, [])).toEqual({ satisfied: false, earnedAt: null, evidence: [] });
  });

  it('earns Rising Star when both three consecutive active months and five sessions hold, at the completing fact', () => {
    const facts = [
      session('a', '2026-01-10T10:00:00Z'),
      session('b', '2026-01-20T10:00:00Z'),
      session('c', '2026-02-10T10:00:00Z'),
      session('d', '2026-03-10T10:00:00Z'), // three months now, four sessions
      session('e', '2026-03-12T10:00:00Z'), // the fifth: earned here
      session('f', '2026-04-12T10:00:00Z'),
    ];
    const result = evaluateRule(risingStar, facts);
    expect(result.earnedAt).toBe('2026-03-12T10:00:00.000Z');
    expect(result.evidence).toEqual([
      { criterion: 'rule.allOf[0]', fact: 'consecutiveActiveMonths', eventIds: ['a', 'c', 'd'] },
      { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', eventIds: ['a', 'b', 'c', 'd', 'e'] },
    ]);
  });

  it('does not count a gap month nor another role towards consecutive months', () => {
    const facts = [
      session('a', '2026-01-10T10:00:00Z'), session('b', '2026-02-10T10:00:00Z'), session('c', '2026-04-10T10:00:00Z'),
      session('d', '2026-05-10T10:00:00Z'), session('m', '2026-03-10T10:00:00Z', 'x', 'mentee'),
    ];
    expect(evaluateRule({ fact: 'consecutiveActiveMonths', atLeast: 3, role: 'mentor' }, facts).satisfied).toBe(false);
    // Any role: January, February, March (the mentee session) in a row.
    expect(evaluateRule({ fact: 'consecutiveActiveMonths', atLeast: 3 }, facts).earnedAt).toBe('2026-03-10T10:00:00.000Z');
  });

  it('counts active months in the reporting time zone', () => {
    // 23:30 UTC on 31 January is already February in Berlin.
    expect(monthIndex(Date.parse('2026-01-31T23:30:00Z'), 'Europe/Berlin') - monthIndex(Date.parse('2026-01-31T23:30:00Z'))).toBe(1);
  });

  it('needs the minimum number of ratings behind an average, and a late low rating can move earned-at later', () => {
    const facts = [outcome('o1', '2026-01-01T00:00:00Z'), outcome('o2', '2026-01-02T00:00:00Z')];
    const fiveGood = [1, 2, 3, 4, 5].map((i) => rating(`r${i}`, `2026-02-0${i}T00:00:00Z`, 5));
    expect(evaluateRule(champion, [...facts, ...fiveGood.slice(0, 4)]).satisfied).toBe(false);
    expect(evaluateRule(champion, [...facts, ...fiveGood]).earnedAt).toBe('2026-02-05T00:00:00.000Z');
    const withLow = [...facts, ...fiveGood, rating('r0', '2026-01-15T00:00:00Z', 1), rating('r6', '2026-02-06T00:00:00Z', 5)];
    // r0..r5 average 26/6 < 4.5; with r6: 31/7 = 4.43; still not enough.
    expect(evaluateRule(champion, withLow).satisfied).toBe(false);
  });

  it('judges windows, distinct mentees, outcome kinds and corrected training hours', () => {
    const sessions = [session('a', '2026-01-01T00:00:00Z', 'm1'), session('b', '2026-03-01T00:00:00Z', 'm2'), session('c', '2026-03-10T00:00:00Z', 'm1')];
    expect(evaluateRule({ fact: 'confirmedSessions', atLeast: 2, withinDays: 30 }, sessions)).toMatchObject({
      earnedAt: '2026-03-10T00:00:00.000Z', evidence: [{ eventIds: ['b', 'c'] }],
    });
    expect(evaluateRule({ fact: 'distinctMentees', atLeast: 2 }, sessions)).toMatchObject({ earnedAt: '2026-03-01T00:00:00.000Z', evidence: [{ eventIds: ['a', 'b'] }] });
    expect(evaluateRule({ fact: 'verifiedMenteeOutcomes', atLeast: 1, outcomeKind: 'certification' }, [outcome('o', '2026-01-01T00:00:00Z')]).satisfied).toBe(false);
    const credits: PersonFact[] = [
      { eventId: 't1', kind: 'training', role: 'mentor', occurredAt: '2026-01-01T00:00:00Z', value: 60, ref: 'e1' },
      { eventId: 't2', kind: 'training', role: 'mentor', occurredAt: '2026-01-02T00:00:00Z', value: 60, ref: 'e2' },
    ];
    expect(evaluateRule({ fact: 'trainingHours', atLeast: 2 }, credits).earnedAt).toBe('2026-01-02T00:00:00.000Z');
    const corrected = [...credits, { eventId: 'c1', kind: 'training-correction' as const, role: 'mentor' as const, occurredAt: '2026-02-01T00:00:00Z', value: 30, ref: 'e1' }];
    expect(evaluateRule({ fact: 'trainingHours', atLeast: 2 }, corrected).satisfied).toBe(false);
  });

  it('reports progress per criterion against its target', () => {
    const facts = [session('a', '2026-01-10T10:00:00Z'), session('b', '2026-02-10T10:00:00Z'), session('c', '2026-02-11T10:00:00Z')];
    expect(ruleProgress(risingStar, facts, '2026-02-20T00:00:00Z')).toEqual([
      { criterion: 'rule.allOf[0]', fact: 'consecutiveActiveMonths', target: 3, current: 2, satisfied: false },
      { criterion: 'rule.allOf[1]', fact: 'confirmedSessions', target: 5, current: 3, satisfied: false },
    ]);
    expect(ruleProgress(champion, [rating('r', '2026-01-01T00:00:00Z', 4)], '2026-02-01T00:00:00Z')[1]).toEqual({
      criterion: 'rule.allOf[1]', fact: 'averageRating', target: 4.5, current: 4, satisfied: false, ratings: 1, minRatings: 5,
    });
  });
});

describe('facts a rule reads', () => {
  it('names each kind with its roles, any role when one leaf names none, and corrections with training hours', async () => {
    const { factsReadBy } = await import('./rule-evaluation');
    expect([...factsReadBy(risingStar)]).toEqual([['session', ['mentor']]]);
    expect([...factsReadBy({ allOf: [{ fact: 'confirmedSessions', atLeast: 1, role: 'mentor' }, { fact: 'distinctMentees', atLeast: 2 }] })]).toEqual([['session', null]]);
    expect([...factsReadBy({ fact: 'trainingHours', atLeast: 1, role: 'mentee' })]).toEqual([['training', ['mentee']], ['training-correction', ['mentee']]]);
  });
});
