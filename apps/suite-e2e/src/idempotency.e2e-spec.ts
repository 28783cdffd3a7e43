import { randomUUID } from 'node:crypto';
import { sql } from './support/kafka-run';
import { openEvergreenProgram, startPairingViaEnrollment } from './support/pairings';
import { aProgram, http, SERVICES, startSuite, type Suite } from './support/suite';

const justNow = () => new Date(Date.now() - 10).toISOString();
const keyed = (key: string) => ({ 'idempotency-key': key });

/**
 * Idempotency-Key through the four real services: a key is the caller's own, bound to one operation and one
 * request. Pairing A is Mia (mentor) and Max (mentee); pairing C is Cleo (mentor) and Carl (mentee).
 */
describe('Idempotency-Key: scoped to the caller and the operation, bound to the request', () => {
  let suite: Suite;
  let st: string;
  let enrollment: string;
  let programId: string;
  let pairingA: string;
  let pairingC: string;
  let mia: string;
  let max: string;
  let carl: string;
  const secret = `A-secret-${randomUUID()}`;

  const sessionsOf = async (pairingId: string): Promise<string[]> =>
    (await sql<{ id: string }>(suite.databases['session-tracking'].url, `SELECT session_id::text AS id FROM session_tracking.sessions WHERE pairing_id = $1`, [pairingId])).map((r) => r.id);
  const eventsOf = async (sessionId: string): Promise<string[]> =>
    (await sql<{ type: string }>(suite.databases['session-tracking'].url, `SELECT event_type AS type FROM event_store.events WHERE stream_id = $1 ORDER BY stream_version`, [`Session-${sessionId}`])).map((r) => r.type);

  beforeAll(async () => {
    suite = await startSuite();
    st = suite.services['session-tracking'].url;
    enrollment = suite.services.enrollment.url;
    mia = suite.token(['mentor'], suite.tenant, 'mia');
    max = suite.token(['mentee'], suite.tenant, 'max');
    carl = suite.token(['mentee'], suite.tenant, 'carl');
    programId = await openEvergreenProgram(suite, 'Idempotency e2e');
    pairingA = await startPairingViaEnrollment(suite, programId, 'mia', 'max');
    pairingC = await startPairingViaEnrollment(suite, programId, 'cleo', 'carl');
  });
  afterAll(() => suite?.stop());

  it("gives two mentees of two pairings who use one key each their own session: nothing of A's reaches C", async () => {
    const key = keyed(`shared-${randomUUID()}`);
    const logA = await http('POST', `${st}/pairings/${pairingA}/sessions/log`, max, { occurredAt: justNow(), minutes: 50, format: 'video', topics: [`salary ${secret}`] }, key);
    expect(logA.status).toBe(201);
    // A's session gets confirmed and a private comment, as in the report that found the leak
    expect((await http('POST', `${st}/sessions/${logA.body.sessionId}/confirm`, mia)).status).toBe(200);
    expect((await http('POST', `${st}/sessions/${logA.body.sessionId}/feedback`, max, { rating: 2, comment: `private ${secret}` })).status).toBe(200);

    const logC = await http('POST', `${st}/pairings/${pairingC}/sessions/log`, carl, { occurredAt: justNow(), minutes: 30, format: 'phone', topics: ['onboarding'] }, key);
    expect(logC.status).toBe(201);
    expect(logC.headers.get('idempotent-replayed')).toBeNull();
    expect(logC.body).toMatchObject({ pairingId: pairingC, minutes: 30, format: 'phone', topics: ['onboarding'], reportedBy: 'mentee' });
    expect(logC.body.sessionId).not.toBe(logA.body.sessionId);
    expect(JSON.stringify(logC.body)).not.toContain(secret);
    expect(JSON.stringify(logC.body)).not.toContain(logA.body.sessionId);

    // A stranger with the same key and body on A's pairing: refused as a stranger, not answered with A's session
    const olga = suite.token(['mentee'], suite.tenant, 'olga');
    const intruder = await http('POST', `${st}/pairings/${pairingA}/sessions/log`, olga, { occurredAt: justNow(), minutes: 50, format: 'video', topics: [`salary ${secret}`] }, key);
    expect(intruder.status).toBe(403);
    expect(JSON.stringify(intruder.body)).not.toContain(logA.body.sessionId);
    // Carl's key is his own and now bound to his pairing: on A's it is a misuse (422), never A's session either
    const carlOnA = await http('POST', `${st}/pairings/${pairingA}/sessions/log`, carl, { occurredAt: justNow(), minutes: 30, format: 'phone', topics: ['onboarding'] }, key);
    expect(carlOnA.status).toBe(422);
    expect(carlOnA.body).toMatchObject({ code: 'idempotency.key_reused', message: expect.stringContaining(`POST /pairings/${pairingC}/sessions/log`) });
    expect(JSON.stringify(carlOnA.body)).not.toContain(logA.body.sessionId);

    expect(await sessionsOf(pairingA)).toEqual([logA.body.sessionId]);
    expect(await sessionsOf(pairingC)).toEqual([logC.body.sessionId]);
  });

  it('replays the same request byte for byte and writes it once; refuses the key with another body or on another operation', async () => {
    const key = keyed(`log-${randomUUID()}`);
    const body = { occurredAt: justNow(), minutes: 40, format: 'in-person', topics: ['feedback culture'] };
    const url = `${st}/pairings/${pairingA}/sessions/log`;
    const before = await sessionsOf(pairingA);
    const first = await http('POST', url, max, body, key);
    expect(first.status).toBe(201);
    const again = await http('POST', url, max, { topics: body.topics, format: body.format, minutes: body.minutes, occurredAt: body.occurredAt }, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await sessionsOf(pairingA)).toHaveLength(before.length + 1);
    expect(await eventsOf(first.body.sessionId)).toEqual(['SessionCompletionReported']);

    const otherBody = await http('POST', url, max, { ...body, minutes: 41 }, key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toMatchObject({ statusCode: 422, code: 'idempotency.key_reused', message: expect.stringContaining('different request') });
    const otherOperation = await http('POST', `${st}/pairings/${pairingA}/sessions`, max, { scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), format: 'video' }, key);
    expect(otherOperation.status).toBe(422);
    expect(otherOperation.body).toMatchObject({ code: 'idempotency.key_reused', message: expect.stringContaining(`POST /pairings/${pairingA}/sessions/log`) });
    expect(await sessionsOf(pairingA)).toHaveLength(before.length + 1);

    // a client error is the final answer for its key, and is replayed as such
    const badKey = keyed(`bad-${randomUUID()}`);
    const invalid = await http('POST', url, max, { minutes: 0 }, badKey);
    expect(invalid.status).toBe(400);
    const invalidAgain = await http('POST', url, max, { minutes: 0 }, badKey);
    expect([invalidAgain.status, invalidAgain.body]).toEqual([400, invalid.body]);
  });

  it('lets two program managers create two programs with one key, and replays Location and ETag to each', async () => {
    const key = keyed(`program-${randomUUID()}`);
    const ann = suite.token(['program-manager'], suite.tenant, 'ann');
    const bob = suite.token(['program-manager'], suite.tenant, 'bob');
    const byAnn = await http('POST', `${enrollment}/programs`, ann, aProgram({ name: "Ann's program" }), key);
    const byBob = await http('POST', `${enrollment}/programs`, bob, aProgram({ name: "Bob's program" }), key);
    expect([byAnn.status, byBob.status]).toEqual([201, 201]);
    expect(byBob.body.programId).not.toBe(byAnn.body.programId);
    expect(byBob.body).toMatchObject({ name: "Bob's program", createdBy: 'bob' });
    for (const [token, created, name] of [[ann, byAnn, "Ann's program"], [bob, byBob, "Bob's program"]] as const) {
      expect((await http('GET', `${enrollment}/programs/${created.body.programId}`, token)).body.name).toBe(name);
      const replay = await http('POST', `${enrollment}/programs`, token, aProgram({ name }), key);
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(created.body);
      expect(replay.headers.get('location')).toBe(`/programs/${created.body.programId}`);
      expect(replay.headers.get('etag')).toBe(created.headers.get('etag'));
    }
    // another tenant's manager with the same key: a program of their own
    const globex = await http('POST', `${enrollment}/programs`, suite.token(['program-manager'], `globex-${suite.tenant}`, 'ann'), aProgram({ name: "Ann's program" }), key);
    expect(globex.status).toBe(201);
    expect([byAnn.body.programId, byBob.body.programId]).not.toContain(globex.body.programId);

    // two applicants with one key: two applications
    const apply = (person: string) =>
      http('POST', `${enrollment}/programs/${programId}/applications`, suite.token(['mentee'], suite.tenant, person), {
        role: 'mentee', person: { employeeId: `emp-${person}`, name: person, email: `${person}@example.com`, timeZone: 'Europe/London', languages: ['en'] }, skillsSought: ['kafka'],
      }, key);
    const [dora, eli] = [await apply('dora'), await apply('eli')];
    expect([dora.status, eli.status]).toEqual([201, 201]);
    expect(eli.body.applicationId).not.toBe(dora.body.applicationId);
  });

  it('answers duplicates that arrive while the first still runs with 409 in_progress (or its replay), never a second session', async () => {
    const key = keyed(`burst-${randomUUID()}`);
    const body = { occurredAt: justNow(), minutes: 25, format: 'chat', topics: ['burst'] };
    const before = await sessionsOf(pairingA);
    const answers = await Promise.all(Array.from({ length: 8 }, () => http('POST', `${st}/pairings/${pairingA}/sessions/log`, max, body, key)));
    const created = answers.filter((a) => a.status === 201);
    const inProgress = answers.filter((a) => a.status === 409);
    expect(created.length + inProgress.length).toBe(answers.length);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.sessionId)).size).toBe(1);
    expect(created.filter((a) => a.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1);
    for (const a of inProgress) {
      expect(a.body).toMatchObject({ statusCode: 409, code: 'idempotency.in_progress' });
      expect(a.headers.get('retry-after')).toBe('1');
    }
    expect(await sessionsOf(pairingA)).toEqual(expect.arrayContaining([...before, created[0].body.sessionId]));
    expect(await sessionsOf(pairingA)).toHaveLength(before.length + 1);
    expect(await eventsOf(created[0].body.sessionId)).toEqual(['SessionCompletionReported']);
    // once it finished, the same request is a replay
    const later = await http('POST', `${st}/pairings/${pairingA}/sessions/log`, max, body, key);
    expect([later.status, later.body.sessionId, later.headers.get('idempotent-replayed')]).toEqual([201, created[0].body.sessionId, 'true']);
  });

  it('refuses a malformed key with a 400 that names the header, and writes nothing', async () => {
    const before = await sessionsOf(pairingA);
    for (const bad of ['has space', 'x'.repeat(256)]) {
      const r = await http('POST', `${st}/pairings/${pairingA}/sessions/log`, max, { occurredAt: justNow(), minutes: 25, format: 'chat' }, keyed(bad));
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'idempotency.invalid_key', message: expect.stringContaining('Idempotency-Key'), details: { header: 'Idempotency-Key' } });
    }
    expect(await sessionsOf(pairingA)).toEqual(before);
    // reads ignore the header
    expect((await http('GET', `${st}/pairings/${pairingA}/sessions`, max, undefined, keyed('has space'))).status).toBe(200);
  });

  it('does not keep a copy of a private note for replays: a replay re-reads it, and after deletion it is gone', async () => {
    const key = keyed(`note-${randomUUID()}`);
    const marker = `note-${randomUUID()}`;
    const notes = `${st}/pairings/${pairingA}/notes`;
    const written = await http('POST', notes, max, { text: marker }, key);
    expect(written.status).toBe(201);
    const replay = await http('POST', notes, max, { text: marker }, key);
    expect([replay.status, replay.body, replay.headers.get('idempotent-replayed')]).toEqual([201, written.body, 'true']);
    expect((await http('GET', notes, max)).body.items.filter((n: { text: string }) => n.text === marker)).toHaveLength(1);
    expect(await sql(suite.databases['session-tracking'].url, `SELECT 1 FROM idempotency.requests WHERE response_body LIKE '%' || $1 || '%'`, [marker])).toEqual([]);
    expect((await http('DELETE', `${notes}/${written.body.noteId}`, max)).status).toBe(204);
    expect((await http('POST', notes, max, { text: marker }, key)).status).toBe(404);
    expect((await http('GET', notes, max)).body.items.filter((n: { text: string }) => n.text === marker)).toHaveLength(0);
  });

  it("declares Idempotency-Key and its 409/422 on every write operation of every service's OpenAPI", async () => {
    let writes = 0;
    for (const service of SERVICES) {
      const document = (await http('GET', `${suite.services[service].url}/docs-json`)).body;
      for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
        for (const method of ['post', 'put', 'patch', 'delete'].filter((m) => item[m])) {
          const operation = item[method];
          writes++;
          expect([service, path, method, operation.parameters.filter((p: { name: string }) => p.name === 'Idempotency-Key').length]).toEqual([service, path, method, 1]);
          expect([path, method, Object.keys(operation.responses)]).toEqual([path, method, expect.arrayContaining(['400', '409', '422'])]);
        }
      }
    }
    expect(writes).toBeGreaterThan(30);
  });
});
