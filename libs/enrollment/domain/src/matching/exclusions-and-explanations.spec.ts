import { explainPair, greedyMatch, inputFingerprint, matchCohort, tzDistanceMinutes, workingHoursOverlapMinutes, type MatchingInput, type MatchingParticipant } from './index';

const person = (id: string, over: Partial<MatchingParticipant> = {}): MatchingParticipant => ({
  participantId: id,
  employeeId: `emp-${id}`,
  managerId: `boss-${id}`,
  timeZoneOffsetMinutes: 60,
  languages: ['English'],
  skillsOffered: ['TypeScript'],
  skillsSought: ['TypeScript'],
  department: 'Engineering',
  mentorCapacity: 1,
  ...over,
});

const cohort = (mentors: MatchingParticipant[], mentees: MatchingParticipant[], over: Partial<MatchingInput> = {}): MatchingInput => ({
  mentors,
  mentees,
  policy: { weights: { skills: 3, goals: 0, interests: 0, language: 1, timeZone: 1, crossDepartment: 0 }, mustHaves: [], maxTimeZoneDifferenceHours: 3, objective: 'most-participation', minimumScore: 0 },
  ...over,
});

const pairs = (input: MatchingInput) => matchCohort(input).proposals.map((p) => `${p.menteeId}->${p.mentorId}`);

describe('matching: excluded pairs (rejected or declined earlier)', () => {
  const input = cohort([person('m1'), person('m2', { skillsOffered: [] })], [person('e1')]);

  it('given no exclusion, when matched, then the best pair is proposed (control)', () => {
    expect(pairs(input)).toEqual(['e1->m1']);
  });

  it('given the best pair excluded, when matched, then it is never proposed again and the next mentor is', () => {
    const excluded = { ...input, excludedPairs: [{ menteeId: 'e1', mentorId: 'm1', reason: 'rejected by a program manager' }] };
    expect(pairs(excluded)).toEqual(['e1->m2']);
    expect(greedyMatch(excluded).proposals.map((p) => p.mentorId)).toEqual(['m2']);
    expect(explainPair(excluded, 'e1', 'm1')).toMatchObject({ feasible: false, violations: [{ filter: 'excluded', reason: 'rejected by a program manager' }] });
    expect(inputFingerprint(excluded)).not.toBe(inputFingerprint(input));
  });

  it('given every mentor excluded, when matched, then the explanation names the exclusion filter', () => {
    const input2 = { ...input, excludedPairs: [{ menteeId: 'e1', mentorId: 'm1', reason: 'declined by the mentor' }, { menteeId: 'e1', mentorId: 'm2', reason: 'declined by the mentee' }] };
    const [unmatched] = matchCohort(input2).unmatchedMentees;
    expect(unmatched).toMatchObject({ menteeId: 'e1', reason: 'no-feasible-mentor', explanation: { eliminatedBy: { excluded: 2 }, summary: 'rejected or declined earlier: 2' } });
  });

  it('given exclusions naming people outside the cohort, when matched, then they are ignored (and do not change the fingerprint)', () => {
    const stray = { ...input, excludedPairs: [{ menteeId: 'gone', mentorId: 'm1', reason: 'x' }] };
    expect(pairs(stray)).toEqual(['e1->m1']);
    expect(inputFingerprint(stray)).toBe(inputFingerprint(input));
  });
});

describe('matching: why a mentee stayed unmatched', () => {
  it('given mentors eliminated by different filters, when matched, then each filter counts its mentors and the best near-miss is named', () => {
    const mentors = [
      ...['a', 'b', 'c', 'd', 'e'].map((id) => person(`lang-${id}`, { languages: ['German'] })),
      person('full-1', { mentorCapacity: 0 }),
      person('full-2', { mentorCapacity: 0, skillsOffered: [] }),
      person('boss', { employeeId: 'boss-e1', managerId: null, skillsOffered: [] }),
    ];
    const result = matchCohort(cohort(mentors, [person('e1')]));
    expect(result.proposals).toEqual([]);
    const [unmatched] = result.unmatchedMentees;
    expect(unmatched.reason).toBe('no-feasible-mentor');
    expect(unmatched.explanation).toMatchObject({
      mentors: 8,
      eliminatedBy: { language: 5, capacity: 2, 'reporting-line': 1 },
      feasibleMentors: 0,
      summary: 'no shared language: 5; capacity full: 2; same reporting line: 1',
    });
    // One filter each; among those, the best score wins: full-1 (offers the sought skill) — a capacity change fixes it.
    expect(unmatched.explanation.nearMiss).toMatchObject({ mentorId: 'full-1', violations: [{ filter: 'capacity' }] });
  });

  it('given the only eligible mentor taken by another mentee, when matched, then the near-miss is that mentor, with no violation', () => {
    const result = matchCohort(cohort([person('m1')], [person('e1'), person('e2', { skillsSought: ['Go'] })]));
    const unmatched = result.unmatchedMentees[0];
    expect(unmatched).toMatchObject({ reason: 'capacity-exhausted', explanation: { eligibleMentors: 1, nearMiss: { mentorId: 'm1', violations: [] } } });
    expect(unmatched.explanation.summary).toBe('taken by other mentees in this run: 1');
  });
});

describe('matching: time zones around the clock', () => {
  it('measures offsets on a 24-hour clock: +12 and −11 are 1 hour apart', () => {
    expect(tzDistanceMinutes(720, -660)).toBe(60);
    expect(tzDistanceMinutes(840, -600)).toBe(0); // +14 (Kiribati) and −10 (Hawaii) show the same clock time, a day apart
    expect(tzDistanceMinutes(840, -720)).toBe(120);
    expect(tzDistanceMinutes(60, -300)).toBe(360);
  });

  it('computes the real overlap of 09:00–17:00 working days, across midnight UTC', () => {
    expect(workingHoursOverlapMinutes(720, -660)).toBe(7 * 60);
    expect(workingHoursOverlapMinutes(60, -300)).toBe(2 * 60); // Berlin and New York (winter)
    expect(workingHoursOverlapMinutes(60, 540)).toBe(0); // Berlin and Tokyo
    expect(workingHoursOverlapMinutes(330, 330)).toBe(8 * 60);
  });

  it('given a mentor at +12 and a mentee at −11 with a 3 h window, when matched, then they are paired (1 h apart)', () => {
    const input = cohort([person('m1', { timeZoneOffsetMinutes: 720 })], [person('e1', { timeZoneOffsetMinutes: -660 })]);
    expect(pairs(input)).toEqual(['e1->m1']);
    expect(greedyMatch(input).proposals).toHaveLength(1);
    const tz = explainPair(input, 'e1', 'm1').score.criteria.find((c) => c.criterion === 'timeZone');
    expect(tz).toMatchObject({ value: 0.667, reason: 'time zones 1 h apart, 7 h of shared working hours (window 3 h)' });
  });

  it('given a 9 h difference, when matched, then the time-zone filter refuses it and says how little the days overlap', () => {
    const input = cohort([person('m1', { timeZoneOffsetMinutes: 540 })], [person('e1', { timeZoneOffsetMinutes: 0 })]);
    expect(pairs(input)).toEqual([]);
    expect(explainPair(input, 'e1', 'm1').violations).toEqual([{ filter: 'time-zone', reason: 'time zones 9 h apart (max 3 h; 0 h of shared working hours)' }]);
  });
});
