import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventually } from '@tandem/testing';
import { readAllTopics, runTopicPrefix, sql } from './support/kafka-run';
import { openEvergreenProgram, startPairingViaEnrollment } from './support/pairings';
import { http, startSuite, SERVICES, type Suite } from './support/suite';

const justNow = () => new Date(Date.now() - 10).toISOString();
const today = () => new Date().toISOString().slice(0, 10);

/** Every row of every table of a database whose text contains `needle`, as `schema.table` → count. */
async function tablesContaining(url: string, needle: string): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>(
    url,
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
  );
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const [{ n }] = await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM ${name} t WHERE t::text LIKE '%' || $1 || '%'`, [needle]);
    if (n > 0) found[name] = n;
  }
  return found;
}

/**
 * Private notes are for the pair alone and never leave session tracking. After a busy run — notes, sessions,
 * confirmations, feedback, pulse, outcomes, goals, hours, corrections — this reads EVERY topic of the run from the
 * beginning (enrollment, session tracking, recognition and the dead-letter topics) and proves the notes' marker
 * text is in no message: not in a value, a key or a header. It also checks every table of all four databases and
 * every service's log. Free text the pair writes elsewhere (feedback and pulse comments, topics, reasons,
 * outcome descriptions, goal wording) carries a second marker and must not be published either.
 */
describe('private notes never leave session tracking', () => {
  let suite: Suite;
  let st: string;
  let programId: string;
  let pairingId: string;
  let pm: string;
  let nora: string; // mentor
  let ned: string; // mentee
  const NOTE_MARKER = `note-marker-${randomUUID()}`;
  const DELETED_MARKER = `deleted-note-marker-${randomUUID()}`;
  const TEXT_MARKER = `free-text-marker-${randomUUID()}`;

  beforeAll(async () => {
    suite = await startSuite();
    st = suite.services['session-tracking'].url;
    pm = suite.token(['program-manager']);
    nora = suite.token(['mentor'], suite.tenant, 'nora');
    ned = suite.token(['mentee'], suite.tenant, 'ned');
    programId = await openEvergreenProgram(suite, 'Private notes e2e');
    pairingId = await startPairingViaEnrollment(suite, programId, 'nora', 'ned');
  });
  afterAll(() => suite?.stop());

  it('lets the pair alone write and read their notes', async () => {
    const notes = `${st}/pairings/${pairingId}/notes`;
    const session = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, nora, { occurredAt: justNow(), minutes: 45, format: 'video', topics: [`topic ${TEXT_MARKER}`] });
    expect(session.status).toBe(201);

    const mine = await http('POST', notes, nora, { text: `Ned worries about his manager. ${NOTE_MARKER}`, sessionId: session.body.sessionId });
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ pairingId, sessionId: session.body.sessionId, authorRole: 'mentor', text: `Ned worries about his manager. ${NOTE_MARKER}` });
    expect((await http('POST', notes, ned, { text: `My own reflections ${NOTE_MARKER}` })).status).toBe(201);
    const doomed = await http('POST', notes, ned, { text: `Delete me ${DELETED_MARKER}` });

    // bad input: empty, unknown field, a session of no/another pairing, a malformed id
    const bad = await http('POST', notes, ned, { text: '', visibility: 'public' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['text', 'visibility']);
    expect((await http('POST', notes, ned, { text: 'x', sessionId: randomUUID() })).body).toMatchObject({ statusCode: 400, code: 'note.unknown_session' });
    expect((await http('POST', notes, ned, { text: 'x', sessionId: 'nope' })).status).toBe(400);

    // readable by both sides of the pair …
    const read = await http('GET', notes, ned);
    expect(read.body.total).toBe(3);
    expect(read.body.items.map((n: { text: string }) => n.text)).toEqual(expect.arrayContaining([`My own reflections ${NOTE_MARKER}`]));
    expect((await http('GET', `${notes}?limit=1&offset=1`, nora)).body).toMatchObject({ total: 3, limit: 1, offset: 1, items: [expect.any(Object)] });
    // … and by nobody else: not program managers, not admins, not another mentor, not another tenant
    for (const token of [pm, suite.token(['admin'], suite.tenant, 'root'), suite.token(['program-manager', 'mentor'], suite.tenant, 'pm-2'), suite.token(['mentor'], suite.tenant, 'olga')]) {
      expect((await http('GET', notes, token)).status).toBe(403);
      expect((await http('POST', notes, token, { text: 'peek' })).status).toBe(403);
    }
    expect((await http('GET', notes, suite.token(['mentor'], 'globex', 'nora'))).status).toBe(404);
    // nor through any other endpoint a program manager may call
    const forManager = await Promise.all([
      http('GET', `${st}/pairings/${pairingId}`, pm),
      http('GET', `${st}/pairings/${pairingId}/sessions`, pm),
      http('GET', `${st}/sessions/${session.body.sessionId}`, pm),
      http('GET', `${st}/programs/${programId}/sessions`, pm),
    ]);
    for (const r of forManager) expect(JSON.stringify(r.body)).not.toContain(NOTE_MARKER);

    // only the author deletes, and then it is gone for good
    expect((await http('DELETE', `${notes}/${doomed.body.noteId}`, nora)).status).toBe(403);
    expect((await http('DELETE', `${notes}/${doomed.body.noteId}`, ned)).status).toBe(204);
    expect((await http('DELETE', `${notes}/${doomed.body.noteId}`, ned)).status).toBe(404);
    expect((await http('GET', notes, nora)).body.total).toBe(2);

    // the rest of a busy pairing, with personal free text everywhere the API takes it
    expect((await http('POST', `${st}/sessions/${session.body.sessionId}/confirm`, ned)).status).toBe(200);
    expect((await http('POST', `${st}/sessions/${session.body.sessionId}/feedback`, ned, { rating: 5, comment: `comment ${TEXT_MARKER}` })).status).toBe(200);
    expect((await http('POST', `${st}/sessions/${session.body.sessionId}/feedback`, nora, { rating: 4, comment: `comment ${TEXT_MARKER}` })).status).toBe(200);
    expect((await http('POST', `${st}/pairings/${pairingId}/pulse`, ned, { score: 8, comment: `pulse ${TEXT_MARKER}` })).status).toBe(201);
    const scheduled = await http('POST', `${st}/pairings/${pairingId}/sessions`, ned, { scheduledAt: new Date(Date.now() + 86_400_000).toISOString(), format: 'phone' });
    expect((await http('POST', `${st}/sessions/${scheduled.body.sessionId}/cancel`, ned, { reason: `reason ${TEXT_MARKER}` })).status).toBe(200);
    const declined = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, ned, { occurredAt: justNow(), minutes: 20, format: 'chat', topics: [TEXT_MARKER] });
    expect((await http('POST', `${st}/sessions/${declined.body.sessionId}/decline`, nora, { reason: `reason ${TEXT_MARKER}` })).status).toBe(200);
    const outcome = await http('POST', `${st}/pairings/${pairingId}/outcomes`, ned, { kind: 'skill-attainment', title: `title ${TEXT_MARKER}`, description: `evidence ${TEXT_MARKER}`, achievedOn: today() });
    expect((await http('POST', `${st}/outcomes/${outcome.body.outcomeId}/verify`, pm)).status).toBe(200);
    const goal = await http('POST', `${st}/pairings/${pairingId}/goals`, ned, { title: `goal ${TEXT_MARKER}`, description: TEXT_MARKER, metric: `metric ${TEXT_MARKER}`, target: 1, relevance: TEXT_MARKER, dueOn: '2999-01-01' });
    expect((await http('POST', `${st}/pairings/${pairingId}/goals/${goal.body.goalId}/achieve`, ned)).status).toBe(200);
    const ledger = await http('GET', `${st}/programs/${programId}/training-hours/nora`, pm);
    const correction = await http('POST', `${st}/programs/${programId}/training-hours/nora/corrections`, pm, { entryId: ledger.body.entries[0].entryId, minutes: 30, reason: `reason ${TEXT_MARKER}` });
    expect(correction.status).toBe(201);
  });

  it('proves the markers are in no message of any topic of the run, in no other database and in no log', async () => {
    // Everything session tracking wrote to its outbox must be on Kafka before we look.
    const outboxIds = (await sql<{ id: string }>(suite.databases['session-tracking'].url, `SELECT message_id::text AS id FROM messaging.outbox`)).map((r) => r.id);
    expect(outboxIds.length).toBeGreaterThanOrEqual(10);
    const prefix = runTopicPrefix(suite);
    const { topics, messages } = await eventually('every session-tracking outbox message on Kafka', async () => {
      const run = await readAllTopics(prefix);
      const published = new Set(run.messages.map((m) => m.headers.ce_id));
      return outboxIds.every((id) => published.has(id)) ? run : undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });

    expect(topics).toEqual(expect.arrayContaining([`${prefix}mentoring.enrollment.v1`, `${prefix}mentoring.session-tracking.v1`, `${prefix}mentoring.recognition.v1`, `${prefix}mentoring.dlq.session-tracking`]));
    const types = new Set(messages.map((m) => m.headers.ce_type));
    for (const name of ['SessionCompleted', 'SessionCancelled', 'FeedbackSubmitted', 'PulseSurveyAnswered', 'OutcomeVerified', 'GoalAchieved', 'TrainingHoursCredited', 'TrainingHoursCorrected']) {
      expect(types).toContain(`tandem.session-tracking.${name}.v1`);
    }
    expect(types).toContain('tandem.enrollment.PairingStarted.v1');

    for (const m of messages) {
      const everything = [m.key ?? '', m.value ?? '', ...Object.keys(m.headers), ...Object.values(m.headers)].join('\n');
      for (const marker of [NOTE_MARKER, DELETED_MARKER, TEXT_MARKER]) {
        if (everything.includes(marker)) throw new Error(`${marker} leaked in ${m.topic}/${m.partition}@${m.offset} (${m.headers.ce_type})`);
      }
    }
    expect(messages.length).toBeGreaterThan(outboxIds.length);
    // (the scan does see content: the pairing's id is in values, the tenant in headers)
    expect(messages.filter((m) => m.value?.includes(pairingId)).length).toBeGreaterThanOrEqual(10);
    expect(messages.every((m) => m.headers.ce_tenantid === suite.tenant)).toBe(true);

    // Databases: the notes live in session tracking's private_notes table and nowhere else; a deleted note nowhere.
    expect(await tablesContaining(suite.databases['session-tracking'].url, NOTE_MARKER)).toEqual({ 'session_tracking.private_notes': 2 });
    expect(await tablesContaining(suite.databases['session-tracking'].url, DELETED_MARKER)).toEqual({});
    expect(Object.keys(await tablesContaining(suite.databases['session-tracking'].url, TEXT_MARKER))).not.toContain('messaging.outbox');
    for (const service of SERVICES.filter((s) => s !== 'session-tracking')) {
      expect(await tablesContaining(suite.databases[service].url, NOTE_MARKER)).toEqual({});
      expect(await tablesContaining(suite.databases[service].url, TEXT_MARKER)).toEqual({});
    }

    // Logs: not a word of it in any service's log.
    const logDir = resolve(__dirname, '../../../tmp/e2e-logs', suite.tenant.slice('acme-'.length));
    const logs = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), 'utf8')).join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(NOTE_MARKER);
    expect(logs).not.toContain(DELETED_MARKER);
  });
});
