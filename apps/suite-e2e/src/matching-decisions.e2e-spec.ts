import { eventually } from '@tandem/testing';
import { aProgram, http, startSuite, type Suite } from './support/suite';

/**
 * Issue #10, as a program manager and participants meet it: a rejected pair is not proposed again until the
 * manager lifts the exclusion; an unmatched mentee is explained filter by filter with the closest mentor; an
 * override that breaks hard filters must name them; each participant sees what they can act on; the views a
 * manager and a participant need; editing capacity without re-approval; time zones around the clock (+12 and
 * −11 are 1 hour apart); and the decisions reach analytics as public events.
 */
describe('matching decisions journey: exclusions, explanations, overrides, participant views', () => {
  let suite: Suite;
  let pm: string;
  let enrollment: string;

  beforeAll(async () => {
    suite = await startSuite();
    pm = suite.token(['program-manager']);
    enrollment = suite.services.enrollment.url;
  });
  afterAll(() => suite?.stop());

  it('runs a cohort through rejection, exclusion, override, lifting, acceptance and decline', async () => {
    const token = (person: string, role: 'mentor' | 'mentee') => suite.token([role], suite.tenant, person);
    const created = await http('POST', `${enrollment}/programs`, pm, aProgram({
      name: 'Pacific cohort',
      mentorTrainingRequired: false,
      matchingPolicy: { objective: 'most-participation', maxTimeZoneDifferenceHours: 3 },
    }));
    expect(created.status).toBe(201);
    const programId: string = created.body.programId;
    expect((await http('POST', `${enrollment}/programs/${programId}/status`, pm, { status: 'open' })).status).toBe(200);

    const people = {
      kai: { role: 'mentor', timeZone: 'Pacific/Tarawa', languages: ['en'], capacity: 1 }, // UTC+12
      lee: { role: 'mentor', timeZone: 'Europe/London', languages: ['en'], capacity: 2 },
      sam: { role: 'mentee', timeZone: 'Pacific/Pago_Pago', languages: ['en'] }, // UTC−11: 1 hour from Kai on the clock
      bo: { role: 'mentee', timeZone: 'Europe/London', languages: ['en'] },
      ana: { role: 'mentee', timeZone: 'Asia/Tokyo', languages: ['ja'] },
      zed: { role: 'mentee', timeZone: 'Europe/London', languages: ['en'] },
    } as const;
    const ids: Record<string, string> = {};
    for (const [name, p] of Object.entries(people)) {
      const body = {
        role: p.role,
        person: { employeeId: `emp-${name}`, name: name[0].toUpperCase() + name.slice(1), email: `${name}@example.com`, department: p.role === 'mentor' ? 'Engineering' : 'Sales', managerEmployeeId: `boss-${name}`, timeZone: p.timeZone, languages: p.languages },
        ...(p.role === 'mentor' ? { skillsOffered: ['kafka'], mentorCapacity: (p as { capacity: number }).capacity } : { skillsSought: ['kafka'] }),
      };
      const applied = await http('POST', `${enrollment}/programs/${programId}/applications`, token(name, p.role), body);
      expect(applied.status).toBe(201);
      ids[name] = applied.body.applicationId;
      const decision = name === 'zed' ? { decision: 'rejected', reason: 'The cohort is full' } : { decision: 'approved' };
      expect((await http('POST', `${enrollment}/applications/${ids[name]}/decision`, pm, decision)).status).toBe(200);
    }

    // Views: a rejected applicant sees why; the manager sees applicants per status with counts.
    const zedsApplications = await http('GET', `${enrollment}/my/applications`, token('zed', 'mentee'));
    expect(zedsApplications.body).toMatchObject({ total: 1, items: [{ programName: 'Pacific cohort', status: 'rejected', decision: { status: 'rejected', reason: 'The cohort is full' } }] });
    const counts = await http('GET', `${enrollment}/programs/${programId}/applications/counts`, pm);
    expect(counts.body).toMatchObject({ total: 6, byStatus: { approved: 5, rejected: 1, applied: 0 }, byRole: { mentor: { approved: 2 }, mentee: { approved: 3, rejected: 1 } } });

    // Run 1: Sam (−11) gets Kai (+12) — 1 hour apart around the clock; Ana shares no language with anyone.
    const run1 = await http('POST', `${enrollment}/programs/${programId}/matching-runs`, pm);
    expect(run1.status).toBe(201);
    const pairOf = (run: { body: { proposals: { pairingId: string; mentor: { applicationId: string }; mentee: { applicationId: string } }[] } }, mentee: string) =>
      run.body.proposals.find((p) => p.mentee.applicationId === ids[mentee]);
    expect(pairOf(run1, 'sam')?.mentor.applicationId).toBe(ids.kai);
    expect(pairOf(run1, 'bo')?.mentor.applicationId).toBe(ids.lee);
    const ana = run1.body.unmatched.find((u: { applicationId: string }) => u.applicationId === ids.ana);
    expect(ana).toMatchObject({
      reason: 'no-feasible-mentor',
      explanation: { eliminatedBy: { language: 2, 'time-zone': 1 }, summary: 'no shared language: 2; time zones too far apart: 1', nearMiss: { mentorId: ids.kai, name: 'Kai', violations: [{ filter: 'language' }] } },
    });
    const samKai = pairOf(run1, 'sam')!.pairingId;
    const tz = (await http('GET', `${enrollment}/pairings/${samKai}`, pm)).body.breakdown.criteria.find((c: { criterion: string }) => c.criterion === 'timeZone');
    expect(tz.reason).toBe('time zones 1 h apart, 7 h of shared working hours (window 3 h)');

    // A mentee does not get a proposal awaiting the manager as something to act on.
    expect((await http('GET', `${enrollment}/my/pairings`, token('sam', 'mentee'))).body).toMatchObject({ total: 0, items: [] });
    const early = await http('POST', `${enrollment}/pairings/${samKai}/accept`, token('sam', 'mentee'));
    expect(early).toMatchObject({ status: 409, body: { code: 'pairing.awaiting_approval' } });

    // The manager rejects Sam–Kai and approves Bo–Lee; the next run does not propose Sam–Kai again, and says why.
    expect((await http('POST', `${enrollment}/pairings/${samKai}/reject`, pm, { reason: 'Kai is on leave' })).body).toMatchObject({ status: 'rejected', excludedFromMatching: true });
    const boLee = pairOf(run1, 'bo')!.pairingId;
    expect((await http('POST', `${enrollment}/pairings/${boLee}/approve`, pm)).status).toBe(200);
    const run2 = await http('POST', `${enrollment}/programs/${programId}/matching-runs`, pm);
    expect(pairOf(run2, 'sam')).toBeUndefined();
    expect(run2.body.exclusions).toEqual([
      { menteeApplicationId: ids.sam, menteeName: 'Sam', mentorApplicationId: ids.kai, mentorName: 'Kai', reason: expect.stringMatching(/^rejected by a program manager on \d{4}-\d\d-\d\d \(Kai is on leave\)$/) },
    ]);
    const sam = run2.body.unmatched.find((u: { applicationId: string }) => u.applicationId === ids.sam);
    expect(sam.explanation).toMatchObject({ eliminatedBy: { excluded: 1, 'time-zone': 1 }, nearMiss: { mentorId: ids.kai, violations: [{ filter: 'excluded' }] } });
    const runs = await http('GET', `${enrollment}/programs/${programId}/matching-runs?limit=10`, pm);
    expect(runs.body).toMatchObject({ total: 2, items: [{ runId: run2.body.runId, excludedCount: 1 }, { runId: run1.body.runId, excludedCount: 0 }] });

    // An override breaking hard filters is refused until each broken filter is acknowledged, then recorded.
    const override = { mentorApplicationId: ids.lee, menteeApplicationId: ids.ana };
    const silent = await http('POST', `${enrollment}/programs/${programId}/pairings`, pm, override);
    expect(silent).toMatchObject({ status: 409, body: { code: 'pairing.override_unacknowledged', details: { unacknowledged: ['language', 'time-zone'] } } });
    const halfAcknowledged = await http('POST', `${enrollment}/programs/${programId}/pairings`, pm, { ...override, acknowledgedFilters: ['language'] });
    expect(halfAcknowledged.body.details.unacknowledged).toEqual(['time-zone']);
    expect((await http('POST', `${enrollment}/programs/${programId}/pairings`, pm, { ...override, acknowledgedFilters: ['bogus'] })).status).toBe(400);
    const acknowledged = await http('POST', `${enrollment}/programs/${programId}/pairings`, pm, { ...override, acknowledgedFilters: ['language', 'time-zone'] });
    expect(acknowledged.status).toBe(201);
    expect(acknowledged.body.overriddenFilters.map((f: { filter: string }) => f.filter)).toEqual(['language', 'time-zone']);

    // Lifting the exclusion lets the next run propose Sam–Kai again.
    expect((await http('POST', `${enrollment}/pairings/${samKai}/lift-exclusion`, pm, { reason: 'Kai is back' })).body).toMatchObject({ status: 'rejected', excludedFromMatching: false });
    expect((await http('POST', `${enrollment}/pairings/${boLee}/lift-exclusion`, pm, {})).status).toBe(409); // nothing to lift
    const run3 = await http('POST', `${enrollment}/programs/${programId}/matching-runs`, pm);
    expect(pairOf(run3, 'sam')?.mentor.applicationId).toBe(ids.kai);
    expect(run3.body.exclusions).toEqual([]);

    // Bo sees what to do, accepts with Lee; only then do they see how to reach each other.
    const bos = await http('GET', `${enrollment}/my/pairings`, token('bo', 'mentee'));
    expect(bos.body.items).toMatchObject([{ pairingId: boLee, you: 'mentee', yourActions: ['accept', 'decline'], stateExplained: expect.stringMatching(/^Approved by the program manager: accept or decline your match with Lee by /) }]);
    expect((await http('GET', `${enrollment}/pairings/${boLee}/contacts`, token('bo', 'mentee'))).status).toBe(409);
    expect((await http('POST', `${enrollment}/pairings/${boLee}/accept`, token('bo', 'mentee'))).status).toBe(200);
    const waiting = await http('GET', `${enrollment}/my/pairings`, token('bo', 'mentee'));
    expect(waiting.body.items[0]).toMatchObject({ yourActions: ['decline'], stateExplained: expect.stringMatching(/^You accepted; waiting for Lee/) });
    expect((await http('POST', `${enrollment}/pairings/${boLee}/accept`, token('lee', 'mentor'))).body.status).toBe('active');
    const contacts = await http('GET', `${enrollment}/pairings/${boLee}/contacts`, token('bo', 'mentee'));
    expect(contacts.body).toEqual({
      pairingId: boLee,
      mentor: { name: 'Lee', email: 'lee@example.com', timeZone: 'Europe/London', languages: ['en'] },
      mentee: { name: 'Bo', email: 'bo@example.com', timeZone: 'Europe/London', languages: ['en'] },
    });
    expect((await http('GET', `${enrollment}/pairings/${boLee}/contacts`, token('sam', 'mentee'))).status).toBe(404);

    // Sam declines the new proposal: excluded again.
    const samKai2 = pairOf(run3, 'sam')!.pairingId;
    expect((await http('POST', `${enrollment}/pairings/${samKai2}/approve`, pm)).status).toBe(200);
    expect((await http('POST', `${enrollment}/pairings/${samKai2}/decline`, token('sam', 'mentee'), { reason: 'timing' })).body).toMatchObject({ status: 'declined', excludedFromMatching: true });

    // Lee edits capacity without a new approval, but never below the two slots held (Bo, and Ana's override).
    const lower = await http('PATCH', `${enrollment}/applications/${ids.lee}`, token('lee', 'mentor'), { mentorCapacity: 1 });
    expect(lower).toMatchObject({ status: 409, body: { code: 'application.capacity_below_holds' } });
    const raised = await http('PATCH', `${enrollment}/applications/${ids.lee}`, token('lee', 'mentor'), { mentorCapacity: 3, availabilityHoursPerMonth: 8 });
    expect(raised.body).toMatchObject({ status: 'approved', capacity: 3, held: 2, profile: { mentorCapacity: 3, availabilityHoursPerMonth: 8 } });
    expect((await http('PATCH', `${enrollment}/applications/${ids.lee}`, pm, { mentorCapacity: 4 })).status).toBe(403);

    // The decisions are public events: analytics reports the decline rate and the time to match.
    const analyst = suite.token(['analyst']);
    const report = await eventually('analytics to see the declines and rejections', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}`, analyst);
      return r.body?.matching?.declined === 1 && r.body.matching.rejected === 1 && r.body.activePairings === 1 ? r.body : undefined;
    });
    expect(report.matching).toMatchObject({ proposals: 4, declined: 1, rejected: 1, expired: 0, declineRate: 0.25, medianHoursToMatch: expect.any(Number) });
  });
});
