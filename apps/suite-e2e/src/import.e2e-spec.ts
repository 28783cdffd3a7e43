import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { importFile, type RejectedRow } from '@tandem/platform';
import { eventually } from '@tandem/testing';
import { generateHistory, ndjson, type GeneratedHistory } from './support/history';
import { messagesOn, sql } from './support/kafka-run';
import { openEvergreenProgram } from './support/pairings';
import { http, startSuite, type Suite } from './support/suite';

const ROOT = resolve(__dirname, '../../..');
const run = promisify(execFile);
const round2 = (n: number) => Math.round(n * 100) / 100;
const DAY = 86_400_000;

/**
 * Bulk import (issue #11) through the real pipe: a program with 50 participants and six months of history goes in
 * through the CLI (enrollment's part, then session tracking's, streamed), and shows up everywhere it belongs at its
 * original time — session tracking's ledgers and health per month, analytics' monthly figures — equal to the totals
 * computed from the file itself. The same file again changes nothing; a file with bad rows imports the good ones
 * and reports every bad one.
 */
describe('bulk import of participants and history', () => {
  let suite: Suite;
  let programId: string;
  let pm: string;
  let history: GeneratedHistory;
  let file: string;
  const dir = mkdtempSync(join(tmpdir(), 'tandem-import-'));

  const cli = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'dist/tools/import.js'), ...args], { env: { ...process.env, TANDEM_TOKEN: pm }, maxBuffer: 64 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const importArgs = (path: string) => ['--program', programId, '--file', path, '--enrollment', suite.services.enrollment.url, '--session-tracking', suite.services['session-tracking'].url, '--wait', '60'];
  const summaries = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'summary');
  const eventCount = async (app: 'enrollment' | 'session-tracking') => Number((await sql<{ n: string }>(suite.databases[app].url, 'SELECT count(*) AS n FROM event_store.events'))[0].n);

  beforeAll(async () => {
    suite = await startSuite({ env: { 'session-tracking': { HEALTH_CHECK_INTERVAL_MS: '500' } } });
    pm = suite.token(['program-manager']);
    programId = await openEvergreenProgram(suite, 'Imported program');
    history = generateHistory({ pairs: 25, months: 6, now: new Date(), userPrefix: 'u-', verifier: 'pm-verifier' });
    file = join(dir, 'history.ndjson');
    writeFileSync(file, ndjson(history.records));
  });
  afterAll(() => suite?.stop());

  it('imports 50 participants and six months of history through the CLI, with progress', async () => {
    const { code, stdout, stderr } = await cli(importArgs(file));
    expect({ code, stderr: stderr.split('\n').filter((l) => l.includes('failed')) }).toEqual({ code: 0, stderr: [] });
    expect(stderr).toMatch(/session-tracking: 500 rows read/);
    const [enrollment, sessionTracking] = summaries(stdout);
    const t = history.totals;
    expect(enrollment).toMatchObject({ service: 'enrollment', imported: t.participants + t.pairings, rejected: 0, unchanged: 0 });
    expect(sessionTracking).toMatchObject({ service: 'session-tracking', imported: t.sessions + t.feedback + t.goals + t.outcomes, skipped: t.participants + t.pairings, rejected: 0 });
    expect(t.atRisk.length).toBeGreaterThanOrEqual(5);
    expect(t.cappedPersonMonths).toBe(2);
  });

  it("shows analytics' monthly figures equal to the history's own totals", async () => {
    const t = history.totals;
    const impact = await eventually('analytics to have the whole history', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}/impact`, pm);
      const ratings = [...t.months.values()].reduce((n, m) => n + m.ratings.length, 0);
      const rated = await sql<{ n: string }>(suite.databases.analytics.url, 'SELECT count(*) AS n FROM analytics.session_ratings');
      return r.status === 200 && r.body.sessions === t.sessions && r.body.verifiedOutcomes === t.outcomes && Number(rated[0].n) === ratings &&
        round2(r.body.trainingHours) === round2([...t.months.values()].reduce((n, m) => n + m.trainingMinutes, 0) / 60) ? r.body : undefined;
    }, { timeoutMs: 120_000, intervalMs: 1000 });
    const expected = [...t.months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, m]) => ({
      month, sessions: m.sessions, sessionMinutes: m.minutes, trainingHours: round2(m.trainingMinutes / 60),
      averageRating: round2(m.ratings.reduce((a, b) => a + b, 0) / m.ratings.length),
    }));
    expect(impact.months).toHaveLength(expected.length);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    impact.months.forEach((m: (typeof expected)[number], i: number) => {
      expect({ ...m, averageRating: round2(m.averageRating!) }).toEqual(expected[i]);
    });
    // Nothing is at risk any more: every episode of the history recovered with the session that ended it.
    expect(impact.atRiskPairings).toBe(0);
  });

  it("shows analytics' figures as of past days and per month by when things happened", async () => {
    const t = history.totals;
    const analytics = suite.services.analytics.url;
    const months = [...t.months.keys()].sort();
    const series = await http('GET', `${analytics}/programs/${programId}/kpis/series?metric=sessions&interval=month&from=${months[0]}-01`, pm);
    expect(series.status).toBe(200);
    const added = new Map<string, number>(series.body.points.map((p: { period: string; added: number }) => [p.period, p.added]));
    for (const m of months) expect([m, added.get(m)]).toEqual([m, t.months.get(m)!.sessions]);
    // As of the day each episode was detected: the pairings at risk at that day's end, by the history's own times.
    const kpi = async (asOf: string, metric: string) =>
      (await http('GET', `${analytics}/programs/${programId}/kpis?asOf=${asOf}`, pm)).body.kpis.find((k: { metric: string }) => k.metric === metric)?.value;
    for (const day of [...new Set(t.atRisk.map((r) => new Date(Date.parse(r.overdueSince) + 1000).toISOString().slice(0, 10)))].slice(0, 3)) {
      const end = Date.parse(`${day}T23:59:59.999Z`);
      const expected = t.atRisk.filter((r) => Date.parse(r.overdueSince) + 1000 <= end && (r.recoveredAt === null || Date.parse(r.recoveredAt) > end)).length;
      expect([day, await kpi(day, 'at-risk-pairings')]).toEqual([day, expected]);
    }
    const firstDay = `${months[0]}-01`;
    expect(await kpi(firstDay, 'sessions')).toBe(0);
  });

  it("keeps session tracking's ledgers per person and month, today's rounding and cap applied", async () => {
    for (const [userId, months] of history.totals.ledgers) {
      const r = await http('GET', `${suite.services['session-tracking'].url}/programs/${programId}/training-hours/${userId}`, pm);
      expect(r.status).toBe(200);
      expect(r.body.months).toEqual([...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, minutes]) => ({ month, minutes })));
    }
    const capped = await sql<{ n: string }>(suite.databases['session-tracking'].url, `SELECT count(DISTINCT (user_id, month)) AS n FROM session_tracking.training_hours_entries WHERE capped`);
    expect(Number(capped[0].n)).toBe(history.totals.cappedPersonMonths);
  });

  it('judges engagement health over the history as it was: each gap at risk from when its window closed, per month', async () => {
    const st = suite.databases['session-tracking'].url;
    const atRisk = await sql<{ overdue: string; detected: string; occurred: string; import_id: string | null }>(
      st,
      `SELECT data->>'overdueSince' AS overdue, data->>'detectedAt' AS detected, metadata->>'occurredAt' AS occurred, metadata->'imported'->>'importId' AS import_id
       FROM event_store.events WHERE event_type = 'PairingAtRisk' ORDER BY 1`,
    );
    const expected = history.totals.atRisk.map((r) => new Date(r.overdueSince).toISOString()).sort();
    expect(atRisk.map((r) => new Date(r.overdue).toISOString())).toEqual(expected);
    for (const r of atRisk) {
      expect(Date.parse(r.detected) - Date.parse(r.overdue)).toBe(1000);
      expect(r.occurred).toBe(r.detected);
      expect(r.import_id).toEqual(expect.any(String));
    }
    const perMonth = (dates: string[]) => dates.reduce((m, d) => m.set(d.slice(0, 7), (m.get(d.slice(0, 7)) ?? 0) + 1), new Map<string, number>());
    expect(perMonth(atRisk.map((r) => r.detected))).toEqual(perMonth(expected));
    const recovered = await sql<{ n: string }>(st, `SELECT count(*) AS n FROM event_store.events WHERE event_type = 'PairingRecovered'`);
    expect(Number(recovered[0].n)).toBe(expected.length);
    // The scheduler judges the imported pairings now that their history is in: none is on hold, none at risk today.
    await new Promise((r) => setTimeout(r, 1500));
    const rows = await sql<{ held: string; at_risk: string }>(st, `SELECT count(*) FILTER (WHERE import_hold) AS held, count(*) FILTER (WHERE health = 'at-risk') AS at_risk FROM session_tracking.pairings`);
    expect(rows[0]).toEqual({ held: '0', at_risk: '0' });
  });

  it('publishes the history at its original times, marked as imported', async () => {
    const completed = await messagesOn(suite, 'mentoring.session-tracking.v1', 'tandem.session-tracking.SessionCompleted.v1');
    expect(completed).toHaveLength(history.totals.sessions);
    for (const m of completed) {
      expect(m.headers.ce_importid).toEqual(expect.any(String));
      expect(m.headers.ce_time).toBe(m.payload.confirmedAt);
      expect(Date.parse(m.payload.occurredAt)).toBeLessThan(Date.now() - DAY);
    }
    const started = await messagesOn(suite, 'mentoring.enrollment.v1', 'tandem.enrollment.PairingStarted.v1');
    expect(started).toHaveLength(history.totals.pairings);
    for (const m of started) expect(m.headers.ce_time).toBe(m.payload.startedAt);
  });

  it("counts the history in recognition's facts when it happened", async () => {
    const t = history.totals;
    const rows = await eventually('recognition to have a fact per person of every imported session', async () => {
      const facts = await sql<{ month: string; n: string }>(
        suite.databases.recognition.url,
        `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM') AS month, count(*) AS n FROM recognition.facts WHERE kind = 'session' GROUP BY 1 ORDER BY 1`,
      );
      return facts.reduce((n, f) => n + Number(f.n), 0) === 2 * t.sessions ? facts : undefined;
    }, { timeoutMs: 60_000, intervalMs: 1000 });
    expect(rows.map((r) => [r.month, Number(r.n)])).toEqual([...t.months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([m, v]) => [m, 2 * v.sessions]));
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = { enrollment: await eventCount('enrollment'), sessionTracking: await eventCount('session-tracking') };
    const { code, stdout } = await cli(importArgs(file));
    expect(code).toBe(0);
    const [enrollment, sessionTracking] = summaries(stdout);
    expect(enrollment).toMatchObject({ imported: 0, rejected: 0, unchanged: history.totals.participants + history.totals.pairings });
    expect(sessionTracking).toMatchObject({ imported: 0, rejected: 0, passes: 1 });
    expect({ enrollment: await eventCount('enrollment'), sessionTracking: await eventCount('session-tracking') }).toEqual(before);
  });

  it('imports the good rows of a file with bad ones and reports every bad one with its line, status and field', async () => {
    const now = Date.now();
    const pairing1 = history.records.find((r) => r.record === 'pairing' && r.pairingRef === 'pairing-1')!;
    const completed = history.records.find((r) => r.record === 'pairing' && r.ended) as { pairingRef: string; ended: { at: string } };
    const lines = [
      JSON.stringify({ record: 'participant', employeeId: 'N-1', userId: 'u-new-1', name: 'New One', email: 'new1@example.com', role: 'mentee', timeZone: 'Europe/Paris' }),
      JSON.stringify({ record: 'participant', employeeId: 'N-2', userId: 'u-new-2', name: 'New Two', email: 'not-an-email', role: 'mentee', timeZone: 'Europe/Paris' }),
      JSON.stringify({ record: 'participant', employeeId: 'N-3', userId: 'u-new-3', name: 'New Three', email: 'new3@example.com', role: 'mentor', timeZone: 'Mars/Olympus' }),
      JSON.stringify({ record: 'pairing', pairingRef: 'ghost', mentorEmployeeId: 'NOBODY', menteeEmployeeId: 'N-1', startedAt: new Date(now - 30 * DAY).toISOString() }),
      '{"record": "session", oops',
      JSON.stringify({ record: 'session', sessionRef: 'bad-minutes', pairingRef: 'pairing-1', occurredAt: new Date(now - DAY).toISOString(), minutes: 0, format: 'video', reportedBy: 'mentor' }),
      JSON.stringify({ record: 'session', sessionRef: 'too-early', pairingRef: 'pairing-1', occurredAt: new Date(Date.parse(pairing1.startedAt as string) - DAY).toISOString(), minutes: 30, format: 'video', reportedBy: 'mentor' }),
      JSON.stringify({ record: 'feedback', sessionRef: 'no-such-session', pairingRef: 'pairing-1', by: 'mentee', rating: 4, submittedAt: new Date(now - DAY).toISOString() }),
      JSON.stringify({ record: 'session', sessionRef: 'after-the-end', pairingRef: completed.pairingRef, occurredAt: new Date(Date.parse(completed.ended.at) + DAY).toISOString(), minutes: 30, format: 'video', reportedBy: 'mentee' }),
      JSON.stringify({ record: 'session', sessionRef: 'fine', pairingRef: 'pairing-1', occurredAt: new Date(now - DAY).toISOString(), minutes: 40, format: 'chat', reportedBy: 'mentee', confirmedAt: new Date(now - DAY / 2).toISOString() }),
    ];
    const rejected: (RejectedRow & { service: string })[] = [];
    const result = await importFile({
      programId, token: pm, enrollmentUrl: suite.services.enrollment.url, sessionTrackingUrl: suite.services['session-tracking'].url, format: 'ndjson',
      open: () => Readable.from([lines.join('\n')]), waitForPairingsMs: 5_000, onRejected: (service, row) => rejected.push({ ...row, service }),
    });
    expect(result.enrollment).toMatchObject({ read: 10, imported: 1, rejected: 4 });
    expect(result.sessionTracking).toMatchObject({ read: 10, imported: 1, rejected: 6 });
    expect(rejected.map((r) => [r.service, r.line, r.status, r.code, r.errors.map((e) => e.field).join(',')])).toEqual([
      ['enrollment', 2, 400, 'import.invalid_row', 'email'],
      ['enrollment', 3, 400, 'application.invalid_time_zone', 'timeZone'],
      ['enrollment', 4, 404, 'application.not_found', 'mentorEmployeeId'],
      ['enrollment', 5, 400, 'import.invalid_row', 'record'],
      ['session-tracking', 4, 409, 'import.pairing_not_yet_known', 'pairingRef'],
      ['session-tracking', 5, 400, 'import.invalid_row', 'record'],
      ['session-tracking', 6, 400, 'import.invalid_row', 'minutes'],
      ['session-tracking', 7, 400, 'session.before_pairing', 'occurredAt'],
      ['session-tracking', 8, 404, 'session.not_found', 'sessionRef'],
      ['session-tracking', 9, 409, 'import.pairing_not_running', 'occurredAt'],
    ]);
    // The pairing enrollment refused is not waited for (one pass) and is reported by session tracking as its own.
    expect(result.sessionTracking!.passes).toBe(1);
    const mine = await http('GET', `${suite.services['session-tracking'].url}/programs/${programId}/training-hours/u-mentee-1`, pm);
    expect(mine.body.months.at(-1)).toEqual({ month: new Date(now - DAY).toISOString().slice(0, 7), minutes: expect.any(Number) });
  });

  it('is for the managers of the program (or admins), and refuses another tenant and other media types', async () => {
    const url = `${suite.services.enrollment.url}/programs/${programId}/imports`;
    const post = (token: string, type = 'application/x-ndjson') =>
      fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: createReadStream(join(ROOT, 'docs/import/example.ndjson')) as never, duplex: 'half' } as RequestInit);
    expect((await post(suite.token(['program-manager'], suite.tenant, 'pm-2'))).status).toBe(403);
    expect((await post(suite.token(['mentor'], suite.tenant, 'u-mentor-0'))).status).toBe(403);
    expect((await post(suite.token(['admin'], `${suite.tenant}-other`, 'admin-x'))).status).toBe(404);
    const json = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${pm}`, 'content-type': 'application/json' }, body: '{"records":[]}' });
    expect(json.status).toBe(415);
    // An Idempotency-Key changes nothing: the report is streamed, not stored, and a repeat imports again (all unchanged).
    const keyed = async () => {
      const r = await fetch(url, {
        method: 'POST', headers: { authorization: `Bearer ${pm}`, 'content-type': 'application/x-ndjson', 'idempotency-key': 'import-example-1' },
        body: createReadStream(join(ROOT, 'docs/import/example.ndjson')) as never, duplex: 'half',
      } as RequestInit);
      return { status: r.status, summary: JSON.parse((await r.text()).trim().split('\n').at(-1)!) };
    };
    expect(await keyed()).toMatchObject({ status: 200, summary: { imported: 6, rejected: 0, skipped: 6 } });
    expect(await keyed()).toMatchObject({ status: 200, summary: { imported: 0, unchanged: 6, rejected: 0 } });
    const st = await fetch(`${suite.services['session-tracking'].url}/programs/${programId}/imports`, {
      method: 'POST', headers: { authorization: `Bearer ${pm}`, 'content-type': 'text/csv' }, body: 'employeeId\n',
    });
    expect(st.status).toBe(415);
  });
});
