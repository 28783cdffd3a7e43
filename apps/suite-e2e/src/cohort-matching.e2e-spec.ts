import { eventually } from '@tandem/testing';
import { aProgram, http, startSuite, type Suite } from './support/suite';

/**
 * A program manager runs a whole cohort: program opened, 22 applications, approvals and onboarding, an optimal
 * matching run with explanations, approvals and acceptances — ending with active pairings in enrollment's read
 * models and in analytics (another service, over Kafka).
 */
describe('cohort journey: applications → matching run → active pairings', () => {
  let suite: Suite;
  let pm: string;
  let enrollment: string;

  const MENTORS = [
    { id: 'm1', dept: 'Engineering', tz: 'Europe/London', langs: ['en'], skills: ['kafka', 'system design'], cap: 2, manager: 'boss' },
    { id: 'm2', dept: 'Engineering', tz: 'Europe/Paris', langs: ['en', 'fr'], skills: ['typescript', 'testing'], cap: 2, manager: 'boss' },
    { id: 'm3', dept: 'Product', tz: 'America/New_York', langs: ['en'], skills: ['product discovery', 'roadmaps'], cap: 2, manager: 'boss' },
    { id: 'm4', dept: 'Design', tz: 'Europe/Berlin', langs: ['de', 'en'], skills: ['ux research'], cap: 1, manager: 'boss' },
    { id: 'm5', dept: 'Sales', tz: 'Asia/Kolkata', langs: ['en', 'hi'], skills: ['negotiation'], cap: 1, manager: 'boss' },
    { id: 'm6', dept: 'Engineering', tz: 'Europe/Madrid', langs: ['es', 'en'], skills: ['leadership', 'kafka'], cap: 2, manager: 'boss' },
    { id: 'm7', dept: 'Finance', tz: 'Europe/London', langs: ['en'], skills: ['budgeting'], cap: 1, manager: 'boss' },
    { id: 'm8', dept: 'Engineering', tz: 'Europe/London', langs: ['en'], skills: ['public speaking'], cap: 1, manager: 'boss', noOnboarding: true },
  ];
  const SEEK = ['kafka', 'system design', 'typescript', 'testing', 'roadmaps', 'ux research', 'negotiation', 'leadership', 'budgeting'];
  const MENTEES = Array.from({ length: 14 }, (_, i) => ({
    id: `e${i + 1}`,
    dept: ['Engineering', 'Product', 'Design', 'Sales', 'Finance'][i % 5],
    tz: ['Europe/London', 'Europe/Paris', 'America/New_York', 'Europe/Berlin'][i % 4],
    langs: i === 13 ? ['ja'] : ['en'],
    skills: [SEEK[i % SEEK.length], SEEK[(i + 3) % SEEK.length]],
    // e1 reports to mentor m1: that pair must never be proposed.
    manager: i === 0 ? 'm1' : 'lead',
  }));
  const ids = new Map<string, string>(); // person → application id

  const tokenOf = (person: string, role: 'mentor' | 'mentee') => suite.token([role], suite.tenant, person);

  beforeAll(async () => {
    suite = await startSuite();
    pm = suite.token(['program-manager']);
    enrollment = suite.services.enrollment.url;
  });
  afterAll(() => suite?.stop());

  it('runs the whole cohort through the real pipe', async () => {
    const created = await http('POST', `${enrollment}/programs`, pm, aProgram({
      name: 'Cohort 2027',
      mentorTrainingRequired: true,
      applicationQuestions: [{ questionId: 'why', text: 'Why do you join?', kind: 'text', required: true }],
      matchingPolicy: { objective: 'most-participation', maxTimeZoneDifferenceHours: 6 },
    }));
    expect(created.status).toBe(201);
    const programId = created.body.programId;

    const early = await http('POST', `${enrollment}/programs/${programId}/applications`, tokenOf('m1', 'mentor'), application('m1', 'mentor'));
    expect(early.status).toBe(409); // a draft takes no applications
    expect((await http('POST', `${enrollment}/programs/${programId}/status`, pm, { status: 'open' })).status).toBe(200);

    function application(person: string, role: 'mentor' | 'mentee', answers: Record<string, unknown> = { why: 'to grow' }) {
      const p = role === 'mentor' ? MENTORS.find((m) => m.id === person)! : MENTEES.find((m) => m.id === person)!;
      return {
        role,
        person: { employeeId: person, name: `Person ${person}`, email: `${person}@example.com`, department: p.dept, managerEmployeeId: p.manager, timeZone: p.tz, languages: p.langs },
        ...(role === 'mentor' ? { skillsOffered: (p as (typeof MENTORS)[0]).skills, mentorCapacity: (p as (typeof MENTORS)[0]).cap } : { skillsSought: (p as (typeof MENTEES)[0]).skills }),
        goals: ['grow'],
        answers,
      };
    }

    const missing = await http('POST', `${enrollment}/programs/${programId}/applications`, tokenOf('m1', 'mentor'), application('m1', 'mentor', {}));
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'application.missing_answer', details: { field: 'answers.why' } });
    const badTz = await http('POST', `${enrollment}/programs/${programId}/applications`, tokenOf('m1', 'mentor'), { ...application('m1', 'mentor'), person: { ...application('m1', 'mentor').person, timeZone: 'Mars/Olympus' } });
    expect(badTz.status).toBe(400);
    expect(badTz.body.errors.map((e: { field: string }) => e.field)).toEqual(['person.timeZone']);

    for (const m of MENTORS) {
      const r = await http('POST', `${enrollment}/programs/${programId}/applications`, tokenOf(m.id, 'mentor'), application(m.id, 'mentor'));
      expect(r.status).toBe(201);
      ids.set(m.id, r.body.applicationId);
    }
    for (const e of MENTEES) {
      const r = await http('POST', `${enrollment}/programs/${programId}/applications`, tokenOf(e.id, 'mentee'), application(e.id, 'mentee'));
      expect(r.status).toBe(201);
      ids.set(e.id, r.body.applicationId);
    }
    expect(ids.size).toBe(22);
    expect((await http('POST', `${enrollment}/programs/${programId}/applications`, tokenOf('e2', 'mentee'), application('e2', 'mentee'))).status).toBe(409);
    // Someone else's application does not exist for you.
    expect((await http('GET', `${enrollment}/applications/${ids.get('e2')}`, tokenOf('e3', 'mentee'))).status).toBe(404);
    expect((await http('GET', `${enrollment}/applications/${ids.get('e2')}`, tokenOf('e2', 'mentee'))).status).toBe(200);

    for (const [person, id] of ids) {
      const decision = person === 'e12' ? 'waitlisted' : 'approved';
      expect((await http('POST', `${enrollment}/applications/${id}/decision`, pm, { decision })).status).toBe(200);
      if (person.startsWith('m') && person !== 'm8') {
        expect((await http('POST', `${enrollment}/applications/${id}/onboarding-completed`, pm)).status).toBe(200);
      }
    }
    expect((await http('POST', `${enrollment}/applications/${ids.get('e1')}/decision`, pm, { decision: 'rejected' })).status).toBe(409);
    const approvedMentees = await http('GET', `${enrollment}/programs/${programId}/applications?status=approved&role=mentee&limit=5`, pm);
    expect(approvedMentees.body).toMatchObject({ total: 13, limit: 5 });
    expect(approvedMentees.body.items).toHaveLength(5);

    const key = { 'idempotency-key': `run-${programId}` };
    const run = await http('POST', `${enrollment}/programs/${programId}/matching-runs`, pm, undefined, key);
    expect(run.status).toBe(201);
    // Retrying the same request records nothing new and answers with the same run.
    const retried = await http('POST', `${enrollment}/programs/${programId}/matching-runs`, pm, undefined, key);
    expect(retried.body.runId).toBe(run.body.runId);
    expect(retried.body.proposals).toHaveLength(run.body.proposals.length);
    // capacity of onboarded mentors is 11; 13 approved mentees, one speaks no shared language
    expect(run.body.matched).toBe(11);
    expect(run.body.proposals).toHaveLength(11);
    expect(run.body.unmatched).toEqual(
      expect.arrayContaining([expect.objectContaining({ applicationId: ids.get('e14'), name: 'Person e14', reason: 'no-feasible-mentor', explanation: expect.objectContaining({ eliminatedBy: expect.objectContaining({ language: expect.any(Number) }) }) })]),
    );
    expect(run.body.inputFingerprint).toMatch(/\w+/);
    const byApplication = new Map([...ids].map(([p, id]) => [id, p]));
    for (const proposal of run.body.proposals) {
      expect(byApplication.get(proposal.mentor.applicationId)).not.toBe('m8'); // not onboarded
      expect([byApplication.get(proposal.mentee.applicationId), byApplication.get(proposal.mentor.applicationId)]).not.toEqual(['e1', 'm1']);
      expect(proposal.status).toBe('proposed');
      expect(proposal.breakdown.criteria.map((c: { criterion: string }) => c.criterion)).toEqual(['skills', 'goals', 'interests', 'language', 'timeZone', 'crossDepartment']);
      expect(proposal.breakdown.criteria[0].reason).toMatch(/sought skills/);
    }

    // Every proposal holds a slot on both sides: a two-slot mentor with two proposals holds two.
    const perMentor = new Map<string, number>();
    for (const p of run.body.proposals) perMentor.set(p.mentor.applicationId, (perMentor.get(p.mentor.applicationId) ?? 0) + 1);
    for (const [mentorApplication, proposals] of perMentor) {
      expect((await http('GET', `${enrollment}/applications/${mentorApplication}`, pm)).body.held).toBe(proposals);
    }
    expect([...perMentor.values()]).toContain(2);

    // A mentee cannot accept before the program manager approved; an outsider cannot see the proposal.
    const first = run.body.proposals[0];
    const menteeOf = (p: typeof first) => byApplication.get(p.mentee.applicationId)!;
    const mentorOf = (p: typeof first) => byApplication.get(p.mentor.applicationId)!;
    expect((await http('POST', `${enrollment}/pairings/${first.pairingId}/accept`, tokenOf(menteeOf(first), 'mentee'))).status).toBe(409);
    expect((await http('GET', `${enrollment}/pairings/${first.pairingId}`, tokenOf('e14', 'mentee'))).status).toBe(404);

    // The last proposal is declined: it frees both sides.
    const declined = run.body.proposals.at(-1);
    for (const proposal of run.body.proposals) {
      expect((await http('POST', `${enrollment}/pairings/${proposal.pairingId}/approve`, pm)).status).toBe(200);
      if (proposal === declined) {
        const no = await http('POST', `${enrollment}/pairings/${proposal.pairingId}/decline`, tokenOf(menteeOf(proposal), 'mentee'), { reason: 'timing' });
        expect(no.body.status).toBe('declined');
        continue;
      }
      expect((await http('POST', `${enrollment}/pairings/${proposal.pairingId}/accept`, tokenOf(mentorOf(proposal), 'mentor'))).body.status).toBe('approved');
      expect((await http('POST', `${enrollment}/pairings/${proposal.pairingId}/accept`, tokenOf(menteeOf(proposal), 'mentee'))).body.status).toBe('active');
    }
    const freed = await http('GET', `${enrollment}/applications/${declined.mentee.applicationId}`, pm);
    expect(freed.body.held).toBe(0);

    const active = await http('GET', `${enrollment}/programs/${programId}/pairings?status=active&limit=50`, pm);
    expect(active.body.total).toBe(10);
    const mine = await http('GET', `${enrollment}/my/pairings`, tokenOf(menteeOf(first), 'mentee'));
    expect(mine.body.items.map((p: { pairingId: string }) => p.pairingId)).toEqual([first.pairingId]);

    // Ending early needs a reason, then frees the mentor's slot.
    expect((await http('POST', `${enrollment}/pairings/${first.pairingId}/end`, pm, {})).status).toBe(400);
    expect((await http('POST', `${enrollment}/pairings/${first.pairingId}/end`, pm, { reason: 'Mentee moved team' })).body.status).toBe('ended-early');

    const analyst = suite.token(['analyst']);
    const seen = await eventually('analytics to count the cohort', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}`, analyst);
      return r.body?.activePairings === 9 && r.body?.applications === 22 ? r.body : undefined;
    });
    expect(seen).toMatchObject({ applications: 22, approved: 21, activePairings: 9 });
  });

  it('lets an evergreen mentee pick from suggestions and the mentor accept, holding the slot meanwhile', async () => {
    const { body: program } = await http('POST', `${enrollment}/programs`, pm, aProgram({ name: 'Always-on buddies', lifecycle: { kind: 'evergreen' } }));
    await http('POST', `${enrollment}/programs/${program.programId}/status`, pm, { status: 'open' });
    const apply = async (person: string, role: 'mentor' | 'mentee', skills: string[]) => {
      const body = {
        role,
        person: { employeeId: person, name: person, email: `${person}@example.com`, department: role === 'mentor' ? 'Eng' : 'Sales', timeZone: 'Europe/London', languages: ['en'] },
        ...(role === 'mentor' ? { skillsOffered: skills } : { skillsSought: skills }),
      };
      const r = await http('POST', `${enrollment}/programs/${program.programId}/applications`, tokenOf(person, role), body);
      await http('POST', `${enrollment}/applications/${r.body.applicationId}/decision`, pm, { decision: 'approved' });
      return r.body.applicationId as string;
    };
    const star = await apply('star', 'mentor', ['kafka', 'leadership']);
    const solid = await apply('solid', 'mentor', ['kafka']);
    await apply('ann', 'mentee', ['kafka', 'leadership']);
    await apply('bob', 'mentee', ['kafka', 'leadership']);

    const forAnn = await http('GET', `${enrollment}/programs/${program.programId}/suggestions?limit=3`, tokenOf('ann', 'mentee'));
    expect(forAnn.body.map((s: { mentorApplicationId: string }) => s.mentorApplicationId)).toEqual([star, solid]);
    expect(forAnn.body[0].score.total).toBeGreaterThan(forAnn.body[1].score.total);

    const request = await http('POST', `${enrollment}/programs/${program.programId}/requests`, tokenOf('ann', 'mentee'), { mentorApplicationId: star });
    expect(request.status).toBe(201);
    expect(request.body).toMatchObject({ status: 'approved', source: 'mentee-request', accepted: { mentor: false, mentee: true } });
    // The star's only slot is held by Ann's pending request: Bob is offered the other mentor.
    const forBob = await http('GET', `${enrollment}/programs/${program.programId}/suggestions`, tokenOf('bob', 'mentee'));
    expect(forBob.body.map((s: { mentorApplicationId: string }) => s.mentorApplicationId)).toEqual([solid]);
    expect((await http('POST', `${enrollment}/programs/${program.programId}/requests`, tokenOf('bob', 'mentee'), { mentorApplicationId: star })).status).toBe(409);

    const accepted = await http('POST', `${enrollment}/pairings/${request.body.pairingId}/accept`, tokenOf('star', 'mentor'));
    expect(accepted.body.status).toBe('active');
  });
});
