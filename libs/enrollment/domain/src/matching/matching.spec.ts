import { InvalidCommandError, NotFoundError } from '@tandem/kernel';
import {
  buildOrgChart,
  explainPair,
  greedyMatch,
  inputFingerprint,
  matchCohort,
  MATCHING_ALGORITHM_VERSION,
  type MatchingInput,
  type MatchingParticipant,
  type MatchingPolicy,
  type MatchingResult,
} from './index';
import { fnv1a64 } from './fingerprint';

// ---- builders ----------------------------------------------------------------------------------------

const mentor = (id: string, over: Partial<MatchingParticipant> = {}): MatchingParticipant => ({
  participantId: id,
  employeeId: `emp-${id}`,
  managerId: `boss-${id}`,
  timeZoneOffsetMinutes: 60,
  languages: ['English'],
  skillsOffered: ['TypeScript', 'Kafka'],
  goals: ['promotion'],
  interests: ['chess'],
  department: 'Engineering',
  mentorCapacity: 1,
  ...over,
});

const mentee = (id: string, over: Partial<MatchingParticipant> = {}): MatchingParticipant => ({
  participantId: id,
  employeeId: `emp-${id}`,
  managerId: `boss-${id}`,
  timeZoneOffsetMinutes: 60,
  languages: ['English'],
  skillsSought: ['TypeScript'],
  goals: ['promotion'],
  interests: ['chess'],
  department: 'Sales',
  ...over,
});

const policy = (over: Partial<MatchingPolicy> = {}): MatchingPolicy => ({
  weights: { skills: 3, goals: 1, interests: 1, language: 1, timeZone: 1, crossDepartment: 1 },
  mustHaves: [],
  maxTimeZoneDifferenceHours: 3,
  objective: 'best-quality',
  minimumScore: 0,
  ...over,
});

/** Score = share of the sought skills the mentor offers (every other weight 0). */
const skillsOnly = (over: Partial<MatchingPolicy> = {}) =>
  policy({ weights: { skills: 1, goals: 0, interests: 0, language: 0, timeZone: 0, crossDepartment: 0 }, ...over });

const pairs = (result: MatchingResult) => result.proposals.map((p) => `${p.menteeId}->${p.mentorId}`);

/** given (a cohort) / when (the matcher runs) / then (assertions on the result). */
function given(input: MatchingInput) {
  return { whenMatched: () => matchCohort(input), whenGreedy: () => greedyMatch(input), explain: (menteeId: string, mentorId: string) => explainPair(input, menteeId, mentorId) };
}

describe('cohort matching: hard filters', () => {
  const base = (m: Partial<MatchingParticipant>, e: Partial<MatchingParticipant>, extra: Partial<MatchingInput> = {}): MatchingInput => ({
    mentors: [mentor('m1', m)],
    mentees: [mentee('e1', e)],
    policy: policy(),
    ...extra,
  });

  it('given an unconstrained pair, when matched, then it is proposed (the control case for every filter below)', () => {
    const result = given(base({}, {})).whenMatched();
    expect(pairs(result)).toEqual(['e1->m1']);
    expect(given(base({}, {})).explain('e1', 'm1')).toMatchObject({ feasible: true, violations: [] });
  });

  const excluded: [string, MatchingInput, string, RegExp][] = [
    ['the mentor is the direct manager', base({}, { managerId: 'emp-m1' }), 'reporting-line', /is the mentee's direct manager/],
    [
      'the mentor is the skip-level manager (via the org chart)',
      base({}, { managerId: 'lead-1' }, { managerOf: buildOrgChart([], [['lead-1', 'emp-m1']]) }),
      'reporting-line',
      /management chain \(2 levels up\)/,
    ],
    [
      'the mentor is three levels up',
      base({}, { managerId: 'lead-1' }, { managerOf: new Map([['lead-1', 'lead-2'], ['lead-2', 'emp-m1']]) }),
      'reporting-line',
      /3 levels up/,
    ],
    ['the mentee manages the mentor', base({ managerId: 'emp-e1' }, {}), 'reporting-line', /mentee emp-e1 is the mentor's direct manager/],
    ['both have the same direct manager', base({ managerId: 'boss-x' }, { managerId: 'boss-x' }), 'reporting-line', /both report to boss-x/],
    ['they share no language', base({ languages: ['German'] }, { languages: ['English', 'French'] }), 'language', /no shared language \(mentee: english, french; mentor: german\)/],
    ['their time zones are too far apart', base({ timeZoneOffsetMinutes: -240 }, { timeZoneOffsetMinutes: 60 }), 'time-zone', /time zones 5 h apart \(max 3 h; 3 h of shared working hours\)/],
    [
      'a must-have attribute differs',
      base({ attributes: { site: 'Berlin' } }, { attributes: { site: 'Paris' } }, { policy: policy({ mustHaves: [{ attribute: 'site', mode: 'equal' }] }) }),
      'must-have',
      /"site" differs \(mentee: paris; mentor: berlin\)/,
    ],
    [
      'a must-have attribute is missing',
      base({ attributes: { site: 'Berlin' } }, {}, { policy: policy({ mustHaves: [{ attribute: 'site', mode: 'equal' }] }) }),
      'must-have',
      /"site" is missing on the mentee/,
    ],
    ['the mentor has no capacity', base({ mentorCapacity: 0 }, {}), 'capacity', /no mentoring capacity/],
    ['mentor and mentee are the same employee', base({ employeeId: 'emp-same' }, { employeeId: 'emp-same' }), 'same-person', /same person/],
  ];

  it.each(excluded)('given %s, when matched, then the pair is never proposed and the filter says why', (_, input, filter, reason) => {
    const result = given(input).whenMatched();
    expect(result.proposals).toEqual([]);
    expect(result.unmatchedMentees).toMatchObject([{ menteeId: 'e1', reason: 'no-feasible-mentor' }]);
    const why = given(input).explain('e1', 'm1');
    expect(why.feasible).toBe(false);
    expect(why.violations.map((v) => v.filter)).toEqual([filter]);
    expect(why.violations[0].reason).toMatch(reason);
    expect(greedyMatch(input).proposals).toEqual([]);
  });

  it('given time zones exactly at the window, when matched, then the pair is allowed (the bound is inclusive)', () => {
    expect(pairs(given(base({ timeZoneOffsetMinutes: -120 }, { timeZoneOffsetMinutes: 60 })).whenMatched())).toEqual(['e1->m1']);
  });

  it('given equal must-have values spelled differently, when matched, then they count as equal', () => {
    const input = base({ attributes: { site: ' Berlin ' } }, { attributes: { site: 'berlin' } }, { policy: policy({ mustHaves: [{ attribute: 'site', mode: 'equal' }] }) });
    expect(pairs(given(input).whenMatched())).toEqual(['e1->m1']);
  });

  it('given a cycle in the org chart, when matched, then the chain walk stops and unrelated people still match', () => {
    const input = base({}, { managerId: 'a' }, { managerOf: new Map([['a', 'b'], ['b', 'a']]) });
    expect(pairs(given(input).whenMatched())).toEqual(['e1->m1']);
  });

  it('given managers unknown to the org chart (null), when matched, then "no manager" is not a shared manager', () => {
    expect(pairs(given(base({ managerId: null }, { managerId: null })).whenMatched())).toEqual(['e1->m1']);
  });
});

describe('cohort matching: explainable score', () => {
  it('given a pair, when explained, then every criterion shows its weight, value, points and a readable reason', () => {
    const input: MatchingInput = {
      mentors: [mentor('m1', { skillsOffered: ['typescript', 'Kafka', 'Java'], goals: ['Promotion'], interests: ['hiking'], languages: ['english'], timeZoneOffsetMinutes: 0 })],
      mentees: [mentee('e1', { skillsSought: ['TypeScript', ' kafka ', 'Go'], goals: ['promotion', 'Lead a project'], interests: ['chess'], languages: ['English', 'German'] })],
      policy: policy(),
    };
    const { score } = given(input).explain('e1', 'm1');
    expect(score.total).toBe(64.583);
    expect(score.criteria).toEqual([
      { criterion: 'skills', weight: 3, value: 0.667, contribution: 25, reason: 'offers 2 of 3 sought skills: kafka, typescript' },
      { criterion: 'goals', weight: 1, value: 0.5, contribution: 6.25, reason: '1 of 2 goals in common: promotion' },
      { criterion: 'interests', weight: 1, value: 0, contribution: 0, reason: 'no interests in common (2 listed)' },
      { criterion: 'language', weight: 1, value: 1, contribution: 12.5, reason: 'both speak english' },
      { criterion: 'timeZone', weight: 1, value: 0.667, contribution: 8.333, reason: 'time zones 1 h apart, 7 h of shared working hours (window 3 h)' },
      { criterion: 'crossDepartment', weight: 1, value: 1, contribution: 12.5, reason: 'different departments (mentee: sales; mentor: engineering)' },
    ]);
    const proposal = given(input).whenMatched().proposals[0];
    expect(proposal.score).toEqual(score);
  });

  it('given nothing in common, when explained, then the reasons say so', () => {
    const input: MatchingInput = {
      mentors: [mentor('m1', { skillsOffered: ['java'], goals: [], interests: [], department: 'Sales' })],
      mentees: [mentee('e1', { skillsSought: [], goals: [], interests: [] })],
      policy: policy(),
    };
    const reasons = given(input).explain('e1', 'm1').score.criteria.map((c) => c.reason);
    expect(reasons).toEqual([
      'the mentee listed no sought skills',
      'neither listed goals',
      'neither listed interests',
      'both speak english',
      'same time zone (window 3 h)',
      'same department (sales)',
    ]);
  });

  it('given an unknown participant, when explained, then NotFoundError', () => {
    expect(() => given({ mentors: [mentor('m1')], mentees: [mentee('e1')], policy: policy() }).explain('nobody', 'm1')).toThrow(NotFoundError);
  });
});

describe('cohort matching: optimal assignment', () => {
  // A offers [a, b, c], B offers [a]; x seeks [a, b] (A 100, B 50), y seeks [b, c] (A 100, B 0).
  const crossing: MatchingInput = {
    mentors: [mentor('A', { skillsOffered: ['a', 'b', 'c'] }), mentor('B', { skillsOffered: ['a'] })],
    mentees: [mentee('x', { skillsSought: ['a', 'b'] }), mentee('y', { skillsSought: ['b', 'c'] })],
    policy: skillsOnly(),
  };

  it('given a greedy trap, when greedy runs, then it takes x->A first and strands y', () => {
    const result = given(crossing).whenGreedy();
    expect(pairs(result)).toEqual(['x->A']);
    expect(result.totalScore).toBe(100);
    expect(result.unmatchedMentees).toMatchObject([{ menteeId: 'y', reason: 'capacity-exhausted' }]);
  });

  it('given the same trap, when the optimal matcher runs, then it finds x->B, y->A (150 > 100)', () => {
    const result = given(crossing).whenMatched();
    expect(pairs(result)).toEqual(['x->B', 'y->A']);
    expect(result.totalScore).toBe(150);
    expect(result.algorithmVersion).toBe(MATCHING_ALGORITHM_VERSION);
    expect(result.stats).toMatchObject({ mentees: 2, mentors: 2, totalCapacity: 2, feasiblePairs: 4, eligiblePairs: 3, optimality: 'global', matched: 2 });
  });

  // A offers [a, b], B offers [a]; x seeks [a, b] (A 100, B 50), y seeks [b, c, d, e, f] (A 20, B 0).
  const tradeOff = (objective: MatchingPolicy['objective'], minimumScore = 0): MatchingInput => ({
    mentors: [mentor('A', { skillsOffered: ['a', 'b'] }), mentor('B', { skillsOffered: ['a'] })],
    mentees: [mentee('x', { skillsSought: ['a', 'b'] }), mentee('y', { skillsSought: ['b', 'c', 'd', 'e', 'f'] })],
    policy: skillsOnly({ objective, minimumScore }),
  });

  it('given best-quality, when one great pair beats two weak ones, then it keeps the great one (100 > 70)', () => {
    const result = given(tradeOff('best-quality')).whenMatched();
    expect(pairs(result)).toEqual(['x->A']);
    expect(result.totalScore).toBe(100);
    expect(result.unmatchedMentees).toMatchObject([{ menteeId: 'y', reason: 'capacity-exhausted' }]);
  });

  it('given most-participation, when the same cohort is matched, then everyone gets a mentor even at a lower total', () => {
    const result = given(tradeOff('most-participation')).whenMatched();
    expect(pairs(result)).toEqual(['x->B', 'y->A']);
    expect(result.totalScore).toBe(70);
  });

  it('given low scores, when matched, then most-participation matches more mentees than best-quality', () => {
    const input = (objective: MatchingPolicy['objective']): MatchingInput => ({
      mentors: [mentor('A', { skillsOffered: ['a'] }), mentor('B', { skillsOffered: ['b'] })],
      mentees: [mentee('x', { skillsSought: ['a', 'q', 'r'] }), mentee('y', { skillsSought: ['b', 'q'] }), mentee('z', { skillsSought: ['q'] })],
      policy: skillsOnly({ objective, minimumScore: 60 }),
    });
    const quality = given(input('best-quality')).whenMatched();
    const participation = given(input('most-participation')).whenMatched();
    expect(quality.proposals).toEqual([]);
    expect(quality.unmatchedMentees.map((u) => u.reason)).toEqual(['below-minimum-score', 'below-minimum-score', 'below-minimum-score']);
    expect(pairs(participation)).toEqual(['x->A', 'y->B']);
    expect(participation.unmatchedMentees).toMatchObject([{ menteeId: 'z', reason: 'below-minimum-score' }]); // scores 0 everywhere
  });

  it('given a mentor with capacity 2, when matched, then it takes two mentees and no more', () => {
    const result = given({
      mentors: [mentor('A', { mentorCapacity: 2 })],
      mentees: [mentee('x'), mentee('y'), mentee('z')],
      policy: policy(),
    }).whenMatched();
    expect(pairs(result)).toEqual(['x->A', 'y->A']);
    expect(result.unmatchedMentees).toMatchObject([{ menteeId: 'z', reason: 'capacity-exhausted' }]);
  });

  it('given an empty cohort, when matched, then nothing is proposed', () => {
    const result = given({ mentors: [], mentees: [], policy: policy() }).whenMatched();
    expect(result).toMatchObject({ proposals: [], unmatchedMentees: [], totalScore: 0 });
  });
});

describe('cohort matching: candidate pruning (top-K)', () => {
  // Every mentee's favourite is the same star (capacity 1, 75 points); each also has a mentor of its own (25 points).
  const star: MatchingInput = {
    mentors: [
      mentor('star', { skillsOffered: ['a', 'b', 'c'] }),
      mentor('m1', { skillsOffered: ['p'] }),
      mentor('m2', { skillsOffered: ['q'] }),
      mentor('m3', { skillsOffered: ['r'] }),
    ],
    mentees: [mentee('x', { skillsSought: ['a', 'b', 'c', 'p'] }), mentee('y', { skillsSought: ['a', 'b', 'c', 'q'] }), mentee('z', { skillsSought: ['a', 'b', 'c', 'r'] })],
    policy: skillsOnly({ objective: 'most-participation' }),
  };
  const withOptions = (options: MatchingInput['options']): MatchingInput => ({ ...star, options });

  it('given K = 1 and no mentor-side candidates nor pricing, when matched, then the star starves everyone else (documented limit)', () => {
    const result = matchCohort(withOptions({ candidatesPerMentee: 1, candidatesPerMentorSlot: 0, pricingRounds: 0 }));
    expect(result.stats).toMatchObject({ matched: 1, optimality: 'candidate-graph', candidateEdges: 3 });
  });

  it('given K = 1 with mentor-side candidates, when matched, then idle mentors still get mentees', () => {
    const result = matchCohort(withOptions({ candidatesPerMentee: 1, pricingRounds: 0 }));
    expect(result.stats.matched).toBe(3);
  });

  it('given K = 1 without mentor-side candidates but with pricing, when matched, then the dual check adds the missing pairs and proves optimality', () => {
    const result = matchCohort(withOptions({ candidatesPerMentee: 1, candidatesPerMentorSlot: 0 }));
    expect(result.stats).toMatchObject({ matched: 3, optimality: 'global', pricingRounds: 1 });
    expect(result.totalScore).toBe(matchCohort(withOptions({ candidatesPerMentee: Infinity })).totalScore);
  });
});

describe('cohort matching: a mid-size cohort', () => {
  /** 300 mentees, 60 mentors (capacity 1–3), pseudo-random but fixed (an LCG, no Math.random). */
  const cohort = (objective: MatchingPolicy['objective'], options: MatchingInput['options']): MatchingInput => {
    let s = 42;
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(xs: T[], n: number) => xs.filter(() => next() < n / xs.length);
    const vocabulary = 'abcdefghijklmnopqrst'.split('');
    const mentors = Array.from({ length: 60 }, (_, i) =>
      mentor(`m${String(i).padStart(3, '0')}`, { skillsOffered: pick(vocabulary, 5), goals: pick(['g1', 'g2', 'g3', 'g4'], 2), mentorCapacity: 1 + Math.floor(next() * 3), timeZoneOffsetMinutes: 60 * Math.floor(next() * 5), department: `d${Math.floor(next() * 4)}` }),
    );
    const mentees = Array.from({ length: 300 }, (_, i) =>
      mentee(`e${String(i).padStart(3, '0')}`, { skillsSought: pick(vocabulary, 3), goals: pick(['g1', 'g2', 'g3', 'g4'], 2), timeZoneOffsetMinutes: 60 * Math.floor(next() * 5), department: `d${Math.floor(next() * 4)}` }),
    );
    return { mentors, mentees, policy: policy({ objective, minimumScore: 40 }), options };
  };

  it.each(['most-participation', 'best-quality'] as const)('given %s and K = 3 with pricing, when matched, then it proves and reaches the K = ∞ optimum', (objective) => {
    const exact = matchCohort(cohort(objective, { candidatesPerMentee: Infinity }));
    const pruned = matchCohort(cohort(objective, { candidatesPerMentee: 3, pricingRounds: 10 }));
    expect(pruned.stats.optimality).toBe('global');
    expect(pruned.stats.candidateEdges).toBeLessThan(exact.stats.candidateEdges);
    expect([pruned.stats.matched, pruned.totalScore]).toEqual([exact.stats.matched, exact.totalScore]);
    const greedy = greedyMatch(cohort(objective, {}));
    if (objective === 'best-quality') expect(exact.totalScore).toBeGreaterThanOrEqual(greedy.totalScore);
    else expect(exact.stats.matched).toBeGreaterThanOrEqual(greedy.stats.matched);
  });
});

describe('cohort matching: determinism and validation', () => {
  /** Small seeded PRNG (no Math.random in tests either). */
  const shuffle = <T>(items: readonly T[], seed: number): T[] => {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const skills = ['typescript', 'kafka', 'go', 'sql', 'people management', 'public speaking'];
  const cohort: MatchingInput = {
    mentors: Array.from({ length: 6 }, (_, i) =>
      mentor(`m${i}`, { skillsOffered: skills.filter((_, k) => (k + i) % 3 !== 0), mentorCapacity: 1 + (i % 2), timeZoneOffsetMinutes: (i % 3) * 60, goals: i % 2 ? ['promotion'] : ['lead'] }),
    ),
    mentees: Array.from({ length: 10 }, (_, i) =>
      mentee(`e${i}`, { skillsSought: skills.filter((_, k) => (k * i) % 4 === 1), timeZoneOffsetMinutes: (i % 4) * 60, department: i % 2 ? 'Engineering' : 'Sales', goals: ['lead', 'promotion'].slice(i % 2) }),
    ),
    policy: policy({ objective: 'most-participation' }),
  };

  it('given the same cohort in another order and spelling, when matched, then the result and fingerprint are identical', () => {
    const reference = matchCohort(cohort);
    for (const seed of [1, 2, 3]) {
      const reordered: MatchingInput = {
        ...cohort,
        mentors: shuffle(cohort.mentors, seed).map((m) => ({ ...m, skillsOffered: shuffle(m.skillsOffered ?? [], seed).map((s) => ` ${s.toUpperCase()}`) })),
        mentees: shuffle(cohort.mentees, seed + 7),
      };
      expect(matchCohort(reordered)).toEqual(reference);
      expect(inputFingerprint(reordered)).toBe(reference.inputFingerprint);
    }
    expect(reference.inputFingerprint).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
  });

  it('given a changed weight, when fingerprinted, then the fingerprint changes', () => {
    const changed = { ...cohort, policy: policy({ objective: 'most-participation', weights: { ...cohort.policy.weights, goals: 2 } }) };
    expect(inputFingerprint(changed)).not.toBe(inputFingerprint(cohort));
  });

  it('given the FNV-1a test vector, when hashed, then it matches a BigInt reference', () => {
    const reference = (text: string) => {
      let h = 0xcbf29ce484222325n;
      for (let i = 0; i < text.length; i++) {
        for (const byte of [text.charCodeAt(i) & 0xff, text.charCodeAt(i) >>> 8]) {
          h ^= BigInt(byte);
          h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
        }
      }
      return h.toString(16).padStart(16, '0');
    };
    for (const text of ['', 'a', 'mentoring', 'Zürich → 東京', '{"x":[1,2,3]}']) expect(fnv1a64(text)).toBe(reference(text));
  });

  it.each([
    ['a negative weight', { policy: policy({ weights: { ...policy().weights, skills: -1 } }) }],
    ['all weights zero', { policy: policy({ weights: { skills: 0, goals: 0, interests: 0, language: 0, timeZone: 0, crossDepartment: 0 } }) }],
    ['a minimum score above 100', { policy: policy({ minimumScore: 101 }) }],
    ['a time-zone window beyond 26 h', { policy: policy({ maxTimeZoneDifferenceHours: 30 }) }],
    ['a fractional capacity', { mentors: [mentor('m1', { mentorCapacity: 1.5 })] }],
    ['an out-of-range offset', { mentees: [mentee('e1', { timeZoneOffsetMinutes: 900 })] }],
    ['K = 0', { options: { candidatesPerMentee: 0 } }],
  ] as [string, Partial<MatchingInput>][])('given %s, when matched, then InvalidCommandError', (_, over) => {
    const input: MatchingInput = { mentors: [mentor('m1')], mentees: [mentee('e1')], policy: policy(), ...over };
    expect(() => matchCohort(input)).toThrow(InvalidCommandError);
  });

  it('given a duplicate mentee id, when matched, then InvalidCommandError with a stable code', () => {
    expect(() => matchCohort({ mentors: [mentor('m1')], mentees: [mentee('e1'), mentee('e1')], policy: policy() })).toThrow(
      expect.objectContaining({ code: 'matching.duplicate_participant' }),
    );
  });
});
