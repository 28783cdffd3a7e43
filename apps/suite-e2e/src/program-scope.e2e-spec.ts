import { randomUUID } from 'node:crypto';
import { eventually } from '@tandem/testing';
import { sql } from './support/kafka-run';
import { openEvergreenProgram, startPairingViaEnrollment } from './support/pairings';
import { aProgram, http, startSuite, type Suite } from './support/suite';

const today = () => new Date().toISOString().slice(0, 10);
const justNow = () => new Date(Date.now() - 10).toISOString();

interface Endpoint {
  service: 'enrollment' | 'session-tracking';
  method: string;
  path: string;
  body?: unknown;
}
const label = (e: Endpoint) => `${e.service} ${e.method} ${e.path}`;

/**
 * Program scope through the real services: a second program manager of the same tenant who is not in a
 * program's managers is refused (403, before any state check) on every management action and every read of its
 * participants' data, in enrollment and in session tracking; once the managers list includes them
 * (ProgramManagersChanged through Kafka) they are let in; a removed manager is refused; an admin always passes.
 */
describe('program scope: only the managers of a program (and admins) manage it', () => {
  let suite: Suite;
  let pm1: string; // created the program: a manager
  let pm2: string; // a program manager of the same tenant, not (yet) one of this program's
  let admin: string;
  let programId: string;
  let pairingId: string;
  let mentorApplicationId: string;
  let menteeApplicationId: string;
  let runId: string;
  let sessionId: string;
  let outcomeId: string;
  let roadmapId: string;

  /** Every program-management action and personal-data read, with the ids of real resources. */
  let management: Endpoint[];
  /** The reads among them (safe to repeat with any caller). */
  let reads: Endpoint[];
  /** Actions that a manager of the program would get a 409 for, in the state the resources are in now. */
  let conflicts: Endpoint[];

  const call = (e: Endpoint, token: string) => http(e.method, `${suite.services[e.service].url}${e.path}`, token, e.body);
  const statuses = async (endpoints: Endpoint[], token: string) =>
    Object.fromEntries(await Promise.all(endpoints.map(async (e) => [label(e), (await call(e, token)).status] as const)));
  const all = (endpoints: Endpoint[], status: number) => Object.fromEntries(endpoints.map((e) => [label(e), status]));
  const setManagers = (token: string, managers: string[]) => http('PUT', `${suite.services.enrollment.url}/programs/${programId}/managers`, token, { managers });
  /** ProgramManagersChanged reached session tracking: the probe read answers `status` to this caller. */
  const sessionTrackingAnswers = (token: string, status: number) =>
    eventually(`session tracking to answer ${status}`, async () => {
      const r = await http('GET', `${suite.services['session-tracking'].url}/programs/${programId}/pairings`, token);
      return r.status === status ? true : undefined;
    });

  beforeAll(async () => {
    suite = await startSuite();
    const { enrollment } = suite.services;
    const st = suite.services['session-tracking'].url;
    pm1 = suite.token(['program-manager']);
    pm2 = suite.token(['program-manager'], suite.tenant, 'pm-2');
    admin = suite.token(['admin'], suite.tenant, 'root');
    const mia = suite.token(['mentor'], suite.tenant, 'mia');
    const max = suite.token(['mentee'], suite.tenant, 'max');

    programId = await openEvergreenProgram(suite, 'Program scope e2e');
    pairingId = await startPairingViaEnrollment(suite, programId, 'mia', 'max');
    const applications = await http('GET', `${enrollment.url}/programs/${programId}/applications`, pm1);
    mentorApplicationId = applications.body.items.find((a: { role: string }) => a.role === 'mentor').applicationId;
    menteeApplicationId = applications.body.items.find((a: { role: string }) => a.role === 'mentee').applicationId;
    const run = await http('POST', `${enrollment.url}/programs/${programId}/matching-runs`, pm1);
    expect(run.status).toBe(201);
    runId = run.body.runId;

    const logged = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, mia, { occurredAt: justNow(), minutes: 45, format: 'video', topics: ['scope'] });
    expect(logged.status).toBe(201);
    sessionId = logged.body.sessionId;
    expect((await http('POST', `${st}/sessions/${sessionId}/confirm`, max)).status).toBe(200);
    expect((await http('POST', `${st}/sessions/${sessionId}/feedback`, max, { rating: 5, comment: 'Only for pm-1' })).status).toBe(200);
    const outcome = await http('POST', `${st}/pairings/${pairingId}/outcomes`, max, { kind: 'promotion', title: 'Promoted', description: 'Private evidence', achievedOn: today() });
    expect(outcome.status).toBe(201);
    outcomeId = outcome.body.outcomeId;
    const roadmap = await http('POST', `${st}/programs/${programId}/roadmaps`, pm1, { title: 'Tech lead path', goals: [{ title: 'Own a service', metric: 'services', target: 1, durationDays: 90 }] });
    expect(roadmap.status).toBe(201);
    roadmapId = roadmap.body.roadmapId;

    const p = `/programs/${programId}`;
    reads = [
      { service: 'enrollment', method: 'GET', path: `${p}/applications` },
      { service: 'enrollment', method: 'GET', path: `/applications/${menteeApplicationId}` },
      { service: 'enrollment', method: 'GET', path: `${p}/matching-runs/${runId}` },
      { service: 'enrollment', method: 'GET', path: `${p}/pairings` },
      { service: 'enrollment', method: 'GET', path: `/pairings/${pairingId}` },
      { service: 'session-tracking', method: 'GET', path: `/pairings/${pairingId}` },
      { service: 'session-tracking', method: 'GET', path: `${p}/pairings` },
      { service: 'session-tracking', method: 'GET', path: `/pairings/${pairingId}/sessions` },
      { service: 'session-tracking', method: 'GET', path: `${p}/sessions` },
      { service: 'session-tracking', method: 'GET', path: `/sessions/${sessionId}` },
      { service: 'session-tracking', method: 'GET', path: `${p}/pulse` },
      { service: 'session-tracking', method: 'GET', path: `/pairings/${pairingId}/goals` },
      { service: 'session-tracking', method: 'GET', path: `/pairings/${pairingId}/outcomes` },
      { service: 'session-tracking', method: 'GET', path: `${p}/outcomes` },
      { service: 'session-tracking', method: 'GET', path: `${p}/training-hours/max` },
      { service: 'session-tracking', method: 'GET', path: `${p}/training-hours/max/xapi` },
    ];
    conflicts = [
      { service: 'enrollment', method: 'PUT', path: p, body: aProgram({ name: 'Hijacked', lifecycle: { kind: 'evergreen' } }) }, // not a draft
      { service: 'enrollment', method: 'POST', path: `${p}/status`, body: { status: 'archived' } }, // open → archived is illegal
      { service: 'enrollment', method: 'POST', path: `/applications/${menteeApplicationId}/decision`, body: { decision: 'rejected' } }, // already approved
      { service: 'enrollment', method: 'POST', path: `/pairings/${pairingId}/approve` }, // already active
      { service: 'enrollment', method: 'POST', path: `/pairings/${pairingId}/reject`, body: {} }, // no longer a proposal
    ];
    management = [
      ...reads,
      ...conflicts,
      { service: 'enrollment', method: 'PUT', path: `${p}/managers`, body: { managers: ['pm-2'] } },
      { service: 'enrollment', method: 'POST', path: `${p}/applications`, body: { role: 'mentee', person: { userId: 'zoe', employeeId: 'emp-zoe', name: 'Zoe', email: 'zoe@example.com', timeZone: 'Europe/London', languages: ['en'] } } },
      { service: 'enrollment', method: 'POST', path: `/applications/${mentorApplicationId}/onboarding-completed` },
      { service: 'enrollment', method: 'POST', path: `/applications/${menteeApplicationId}/withdraw`, body: {} },
      { service: 'enrollment', method: 'POST', path: `${p}/matching-runs` },
      { service: 'enrollment', method: 'POST', path: `${p}/pairings`, body: { mentorApplicationId, menteeApplicationId } },
      { service: 'enrollment', method: 'POST', path: `/pairings/${pairingId}/pause` },
      { service: 'enrollment', method: 'POST', path: `/pairings/${pairingId}/resume` },
      { service: 'enrollment', method: 'POST', path: `/pairings/${pairingId}/complete` },
      { service: 'enrollment', method: 'POST', path: `/pairings/${pairingId}/end`, body: { reason: 'Taken over' } },
      { service: 'session-tracking', method: 'POST', path: `${p}/roadmaps`, body: { title: 'Another path', goals: [{ title: 'Ship', metric: 'releases', target: 1, durationDays: 30 }] } },
      { service: 'session-tracking', method: 'POST', path: `/roadmaps/${roadmapId}/retire` },
      { service: 'session-tracking', method: 'POST', path: `/outcomes/${outcomeId}/verify` },
      { service: 'session-tracking', method: 'POST', path: `/outcomes/${outcomeId}/reject`, body: { reason: 'No evidence' } },
      { service: 'session-tracking', method: 'POST', path: `${p}/training-hours/mia/corrections`, body: { entryId: randomUUID(), minutes: 30, reason: 'Shorter' } },
    ];
  });
  afterAll(() => suite?.stop());

  it("refuses a program manager who is not one of the program's managers, on every action and read, changing nothing", async () => {
    const before = await sql<{ n: number }>(suite.databases.enrollment.url, `SELECT count(*)::int AS n FROM event_store.events`);
    const stBefore = await sql<{ n: number }>(suite.databases['session-tracking'].url, `SELECT count(*)::int AS n FROM event_store.events`);
    expect(await statuses(management, pm2)).toEqual(all(management, 403));
    const refusal = await call(management[0], pm2);
    expect(refusal.body).toMatchObject({ statusCode: 403, code: 'program.not_a_manager', details: { programId } });
    expect(await sql(suite.databases.enrollment.url, `SELECT count(*)::int AS n FROM event_store.events`)).toEqual(before);
    expect(await sql(suite.databases['session-tracking'].url, `SELECT count(*)::int AS n FROM event_store.events`)).toEqual(stBefore);
  });

  it('says 403 before the state check: the same actions are 409 for a manager of the program', async () => {
    expect(await statuses(conflicts, pm1)).toEqual(all(conflicts, 409));
    expect(await statuses(conflicts, pm2)).toEqual(all(conflicts, 403));
  });

  it('lets the managers and an admin read everything, and tells an outsider about a missing resource with 404', async () => {
    expect(await statuses(reads, pm1)).toEqual(all(reads, 200));
    expect(await statuses(reads, admin)).toEqual(all(reads, 200));
    const missing = await http('GET', `${suite.services.enrollment.url}/applications/${randomUUID()}`, pm2);
    expect(missing).toMatchObject({ status: 404, body: { code: 'application.not_found' } });
    const malformed = await http('GET', `${suite.services['session-tracking'].url}/pairings/not-a-uuid/outcomes`, pm2);
    expect(malformed).toMatchObject({ status: 400, body: { code: 'validation_failed', errors: [{ field: 'pairingId', messages: ['pairingId must be a UUID'] }] } });
  });

  it('validates the managers list: non-empty subjects, each stored once', async () => {
    const url = `${suite.services.enrollment.url}/programs/${programId}/managers`;
    for (const managers of [[], [''], ['a\u0001b'], 'pm-2']) {
      const r = await http('PUT', url, pm1, { managers });
      expect(r.status).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field)).toEqual(['managers']);
    }
    const mentor = await http('PUT', url, suite.token(['mentor'], suite.tenant, 'mia'), { managers: ['mia'] });
    expect(mentor.status).toBe(403);
  });

  it('lets a manager added to the list in (through Kafka in session tracking), refuses a removed one, and always lets an admin in', async () => {
    const added = await setManagers(pm1, ['pm-1', 'pm-2', 'pm-2']);
    expect(added.status).toBe(200);
    expect(added.body.managers).toEqual(['pm-1', 'pm-2']);
    await sessionTrackingAnswers(pm2, 200);
    expect(await statuses(reads, pm2)).toEqual(all(reads, 200));
    // past the scope, the state check now answers pm-2 as it answers any manager
    expect(await statuses(conflicts, pm2)).toEqual(all(conflicts, 409));
    const verified = await http('POST', `${suite.services['session-tracking'].url}/outcomes/${outcomeId}/verify`, pm2);
    expect(verified).toMatchObject({ status: 200, body: { status: 'verified', decidedBy: 'pm-2' } });

    // pm-2, now a manager, removes pm-1
    const removed = await setManagers(pm2, ['pm-2']);
    expect(removed).toMatchObject({ status: 200, body: { managers: ['pm-2'] } });
    await sessionTrackingAnswers(pm1, 403);
    expect(await statuses(management, pm1)).toEqual(all(management, 403));
    expect(await statuses(reads, pm2)).toEqual(all(reads, 200));

    // an admin manages every program, listed or not, and can hand it back
    expect(await statuses(reads, admin)).toEqual(all(reads, 200));
    const restored = await setManagers(admin, ['pm-1']);
    expect(restored).toMatchObject({ status: 200, body: { managers: ['pm-1'] } });
    await sessionTrackingAnswers(pm2, 403);
    await sessionTrackingAnswers(pm1, 200);
  });

  it('documents the refusal in the OpenAPI of every program-scoped operation', async () => {
    const docs = await http('GET', `${suite.services.enrollment.url}/docs-json`);
    expect(docs.body.paths['/applications/{applicationId}/decision'].post.responses['403'].description).toContain('program.not_a_manager');
    expect(docs.body.paths['/programs/{programId}/managers'].put.responses['403'].description).toContain('program.not_a_manager');
  });

  it('keeps the managers in recognition and analytics too, for their program-scoped routes', async () => {
    for (const [service, table] of [['recognition', 'recognition.programs'], ['analytics', 'analytics.programs']] as const) {
      await eventually(`${service} to hold the latest managers`, async () => {
        const rows = await sql<{ managers: string[] }>(suite.databases[service].url, `SELECT managers FROM ${table} WHERE program_id = $1`, [programId]);
        return rows[0]?.managers.join() === 'pm-1' ? true : undefined;
      });
    }
  });
});
