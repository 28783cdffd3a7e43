import { randomUUID } from 'node:crypto';
import { PairingStarted } from '@tandem/enrollment-contracts';
import { eventually } from '@tandem/testing';
import { awaitMessages, messagesOn, publishEvent, sql } from './support/kafka-run';
import { openEvergreenProgram, pairingStatusIs, startPairingViaEnrollment } from './support/pairings';
import { runRebuild, snapshotSchema } from './support/read-models';
import { http, startSuite, type Suite } from './support/suite';

const TOPIC = 'mentoring.session-tracking.v1';
const type = (name: string) => `tandem.session-tracking.${name}.v1`;
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
/** Past, yet after the pairing started (enrollment starts it with the real clock, moments ago). */
const justNow = () => new Date(Date.now() - 10).toISOString();
const today = () => new Date().toISOString().slice(0, 10);
const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field).sort();

/**
 * Session tracking through the real pipe: the four services as processes, real Kafka and PostgreSQL.
 * The main pairing is started through enrollment's real API (apply → approve → request → accept → PairingStarted
 * on Kafka); pause/resume/end also go through enrollment. Only the at-risk scenario publishes a contract-valid
 * PairingStarted itself (enrollment stamps the real time, and this pairing must have started 30 days ago).
 */
describe('session tracking through the real pipe', () => {
  let suite: Suite;
  let st: string;
  let programId: string;
  let pairingId: string;
  let pm: string;
  let mia: string; // the mentor
  let max: string; // the mentee
  let confirmedSession: string;
  let declinedSession: string;

  beforeAll(async () => {
    suite = await startSuite({ env: { 'session-tracking': { HEALTH_CHECK_INTERVAL_MS: '500' } } });
    st = suite.services['session-tracking'].url;
    pm = suite.token(['program-manager']);
    mia = suite.token(['mentor'], suite.tenant, 'mia');
    max = suite.token(['mentee'], suite.tenant, 'max');
    programId = await openEvergreenProgram(suite, 'Session tracking e2e');
    pairingId = await startPairingViaEnrollment(suite, programId, 'mia', 'max');
  });
  afterAll(() => suite?.stop());

  it('knows the pairing from enrollment with its cadence window', async () => {
    const r = await http('GET', `${st}/pairings/${pairingId}`, max);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      pairingId, programId, status: 'active', health: 'healthy', windowDays: 23, confirmedSessions: 0,
      mentor: { userId: 'mia', name: 'Mia' }, mentee: { userId: 'max', name: 'Max' },
    });
    const mine = await http('GET', `${st}/me/pairings`, mia);
    expect(mine.body).toMatchObject({ total: 1, items: [{ pairingId }] });
  });

  it('runs the session lifecycle with two-sided confirmation', async () => {
    // refused: unknown pairing, a stranger, a program manager writing, bad input
    const unknown = await http('POST', `${st}/pairings/${randomUUID()}/sessions`, max, { scheduledAt: hoursFromNow(48), format: 'video' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('pairing.not_found');
    const malformed = await http('POST', `${st}/pairings/no-such-pairing/sessions`, max, { scheduledAt: hoursFromNow(48), format: 'video' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'pairingId', messages: ['pairingId must be a UUID'] }]);
    const stranger = await http('POST', `${st}/pairings/${pairingId}/sessions`, suite.token(['mentor'], suite.tenant, 'olga'), { scheduledAt: hoursFromNow(48), format: 'video' });
    expect(stranger.status).toBe(403);
    expect((await http('POST', `${st}/pairings/${pairingId}/sessions`, pm, { scheduledAt: hoursFromNow(48), format: 'video' })).status).toBe(403);
    const bad = await http('POST', `${st}/pairings/${pairingId}/sessions`, max, { scheduledAt: 'tomorrow', plannedMinutes: 2, format: 'smoke signals', tenantId: 'x' });
    expect(bad.status).toBe(400);
    expect(fields(bad)).toEqual(['format', 'plannedMinutes', 'scheduledAt', 'tenantId']);
    const past = await http('POST', `${st}/pairings/${pairingId}/sessions`, max, { scheduledAt: hoursFromNow(-1), format: 'video' });
    expect(past.status).toBe(400);
    expect(past.body).toMatchObject({ code: 'session.scheduled_in_past', details: { field: 'scheduledAt' } });

    // schedule → reschedule; completing before it happens is a 409
    const scheduled = await http('POST', `${st}/pairings/${pairingId}/sessions`, max, { scheduledAt: hoursFromNow(48), format: 'video' });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body).toMatchObject({ status: 'scheduled', plannedMinutes: 45, format: 'video', counts: false, confirmation: null });
    const s1 = scheduled.body.sessionId;
    const moved = await http('POST', `${st}/sessions/${s1}/reschedule`, mia, { scheduledAt: hoursFromNow(72) });
    expect(moved.status).toBe(200);
    expect(Date.parse(moved.body.scheduledAt)).toBeGreaterThan(Date.parse(scheduled.body.scheduledAt));
    const early = await http('POST', `${st}/sessions/${s1}/complete`, mia, { minutes: 45 });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('session.not_yet_held');

    // cancel (once)
    const s2 = (await http('POST', `${st}/pairings/${pairingId}/sessions`, mia, { scheduledAt: hoursFromNow(96), format: 'phone' })).body.sessionId;
    expect((await http('POST', `${st}/sessions/${s2}/cancel`, mia, { reason: 'travelling' })).body.status).toBe('cancelled');
    const again = await http('POST', `${st}/sessions/${s2}/cancel`, mia, {});
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('A cancelled session cannot be cancelled; only a scheduled one can');

    // a no-show, once the session's time has come
    const soon = await http('POST', `${st}/pairings/${pairingId}/sessions`, mia, { scheduledAt: new Date(Date.now() + 1500).toISOString(), format: 'chat' });
    await new Promise((r) => setTimeout(r, 2000));
    const noShow = await http('POST', `${st}/sessions/${soon.body.sessionId}/no-show`, mia, { absent: 'mentee' });
    expect(noShow.status).toBe(200);
    expect(noShow.body).toMatchObject({ status: 'no-show', noShowAbsent: 'mentee' });

    // logged by the mentor, confirmed by the mentee — only then it counts
    const logged = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, mia, { occurredAt: justNow(), minutes: 50, format: 'in-person', topics: ['career growth'] });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ status: 'completed', confirmation: 'pending', counts: false, logged: true, reportedBy: 'mentor', topics: ['career growth'] });
    expect(Date.parse(logged.body.confirmBy) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    confirmedSession = logged.body.sessionId;
    const own = await http('POST', `${st}/sessions/${confirmedSession}/confirm`, mia);
    expect(own.status).toBe(403);
    expect(own.body.code).toBe('session.confirm_own_report');
    const confirmed = await http('POST', `${st}/sessions/${confirmedSession}/confirm`, max);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ confirmation: 'confirmed', counts: true });
    const twice = await http('POST', `${st}/sessions/${confirmedSession}/confirm`, max);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('session.already_decided');

    // logged by the mentee, declined by the mentor — never counts
    const other = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, max, { occurredAt: justNow(), minutes: 30, format: 'video' });
    declinedSession = other.body.sessionId;
    expect((await http('POST', `${st}/sessions/${declinedSession}/decline`, mia, { reason: 'we did not meet' })).body).toMatchObject({ confirmation: 'declined', counts: false });
    expect((await http('POST', `${st}/pairings/${pairingId}/sessions/log`, max, { occurredAt: hoursFromNow(1), minutes: 30, format: 'video' })).body.code).toBe('session.logged_in_future');
    expect((await http('POST', `${st}/pairings/${pairingId}/sessions/log`, max, { occurredAt: hoursFromNow(-2), minutes: 30, format: 'video' })).body.code).toBe('session.before_pairing');

    // reads for the pair and for program managers
    expect((await http('GET', `${st}/pairings/${pairingId}`, pm)).body).toMatchObject({ confirmedSessions: 1, confirmedMinutes: 50 });
    expect((await http('GET', `${st}/pairings/${pairingId}/sessions?confirmation=confirmed`, max)).body).toMatchObject({ total: 1, items: [{ sessionId: confirmedSession }] });
    expect((await http('GET', `${st}/pairings/${pairingId}/sessions?status=cancelled`, mia)).body.total).toBe(1);
    const all = await http('GET', `${st}/programs/${programId}/sessions?pairingId=${pairingId}&limit=2`, pm);
    expect(all.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
    expect(all.body.items).toHaveLength(2);
    expect((await http('GET', `${st}/programs/${programId}/sessions?confirmation=soon`, pm)).status).toBe(400);
    expect((await http('GET', `${st}/programs/${programId}/sessions`, max)).status).toBe(403);
    expect((await http('GET', `${st}/sessions/${confirmedSession}`, suite.token(['mentee'], suite.tenant, 'olga'))).status).toBe(403);
    expect((await http('GET', `${st}/sessions/${randomUUID()}`, max)).status).toBe(404);
    expect((await http('GET', `${st}/sessions/not-a-uuid`, max)).status).toBe(400);

    // what was published: the confirmation (no topics), the cancellation, the no-show — not the declined log
    const completed = await awaitMessages(suite, TOPIC, type('SessionCompleted'), (p) => p.pairingId === pairingId);
    expect(completed).toHaveLength(1);
    expect(completed[0].key).toBe(pairingId);
    expect(completed[0].payload).toEqual({
      tenantId: suite.tenant, programId, pairingId, mentorUserId: 'mia', menteeUserId: 'max', sessionId: confirmedSession,
      occurredAt: logged.body.occurredAt, minutes: 50, format: 'in-person', logged: true, reportedByRole: 'mentor', confirmedAt: expect.any(String),
    });
    await awaitMessages(suite, TOPIC, type('SessionCancelled'), (p) => p.sessionId === s2);
    await awaitMessages(suite, TOPIC, type('SessionNoShowReported'), (p) => p.sessionId === soon.body.sessionId && p.absentRole === 'mentee');
  });

  it('records a session once per Idempotency-Key', async () => {
    const key = { 'idempotency-key': `schedule-${randomUUID()}` };
    const body = { scheduledAt: hoursFromNow(120), format: 'video' };
    const first = await http('POST', `${st}/pairings/${pairingId}/sessions`, max, body, key);
    const again = await http('POST', `${st}/pairings/${pairingId}/sessions`, max, body, key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.sessionId).toBe(first.body.sessionId);
    expect((await http('GET', `${st}/pairings/${pairingId}/sessions?status=scheduled`, max)).body.total).toBe(2);
  });

  it('takes feedback once per side on confirmed sessions, and a monthly NPS pulse', async () => {
    const rate = (token: string, session: string, body: unknown) => http('POST', `${st}/sessions/${session}/feedback`, token, body);
    expect(fields(await rate(max, confirmedSession, { rating: 7, comment: 42 }))).toEqual(['comment', 'rating']);
    expect((await rate(max, declinedSession, { rating: 4 })).body.code).toBe('session.not_confirmed');
    expect((await rate(max, confirmedSession, { rating: 5, comment: 'Very practical advice' })).status).toBe(200);
    const twice = await rate(max, confirmedSession, { rating: 4 });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('feedback.already_rated');
    const byMentor = await rate(mia, confirmedSession, { rating: 4, comment: 'Well prepared' });
    // each side sees its own comment only; program managers see both
    expect(byMentor.body.feedback).toEqual({ mentor: { rating: 4, comment: 'Well prepared' }, mentee: { rating: 5 } });
    expect((await http('GET', `${st}/sessions/${confirmedSession}`, pm)).body.feedback).toEqual({
      mentor: { rating: 4, comment: 'Well prepared' },
      mentee: { rating: 5, comment: 'Very practical advice' },
    });
    const feedback = await awaitMessages(suite, TOPIC, type('FeedbackSubmitted'), (p) => p.sessionId === confirmedSession, 2);
    expect(feedback.map((m) => [m.payload.raterRole, m.payload.rating]).sort()).toEqual([['mentee', 5], ['mentor', 4]]);
    expect(feedback.every((m) => !('comment' in m.payload))).toBe(true);

    // pulse survey
    expect(fields(await http('POST', `${st}/pairings/${pairingId}/pulse`, max, { score: 11 }))).toEqual(['score']);
    const answered = await http('POST', `${st}/pairings/${pairingId}/pulse`, max, { score: 9, comment: 'Great so far' });
    expect(answered.status).toBe(201);
    expect(answered.body).toMatchObject({ period: today().slice(0, 7), role: 'mentee', score: 9 });
    expect((await http('POST', `${st}/pairings/${pairingId}/pulse`, max, { score: 10 })).body.code).toBe('pulse.already_answered');
    expect((await http('POST', `${st}/pairings/${pairingId}/pulse`, mia, { score: 6 })).status).toBe(201);
    expect((await http('GET', `${st}/programs/${programId}/pulse`, pm)).body).toEqual({
      programId, period: today().slice(0, 7), responses: 2, promoters: 1, passives: 0, detractors: 1, nps: 0,
    });
    expect((await http('GET', `${st}/programs/${programId}/pulse?period=2027-13`, pm)).status).toBe(400);
    const pulses = await awaitMessages(suite, TOPIC, type('PulseSurveyAnswered'), (p) => p.pairingId === pairingId, 2);
    expect(pulses.every((m) => !('comment' in m.payload))).toBe(true);
  });

  it('credits confirmed time to both ledgers and corrects with a new entry, exportable as xAPI', async () => {
    const mentorLedger = `${st}/programs/${programId}/training-hours/mia`;
    const ledger = await http('GET', mentorLedger, mia);
    expect(ledger.status).toBe(200);
    expect(ledger.body).toMatchObject({ totalMinutes: 60, hours: 1, entries: [{ kind: 'credit', sessionId: confirmedSession, sessionMinutes: 50, minutes: 60, role: 'mentor' }] });
    expect((await http('GET', mentorLedger, max)).status).toBe(403);
    expect((await http('GET', `${st}/programs/${programId}/training-hours/max`, pm)).body.totalMinutes).toBe(60);
    expect((await http('GET', `${st}/programs/${programId}/training-hours/nobody`, pm)).status).toBe(404);

    const entryId = ledger.body.entries[0].entryId;
    expect(fields(await http('POST', `${mentorLedger}/corrections`, pm, { entryId: 'x', minutes: -5 }))).toEqual(['entryId', 'minutes', 'reason']);
    expect((await http('POST', `${mentorLedger}/corrections`, mia, { entryId, minutes: 30, reason: 'mine' })).status).toBe(403);
    expect((await http('POST', `${mentorLedger}/corrections`, pm, { entryId: randomUUID(), minutes: 30, reason: 'x' })).status).toBe(404);
    const corrected = await http('POST', `${mentorLedger}/corrections`, pm, { entryId, minutes: 30, reason: 'The session ended after 30 minutes' });
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ totalMinutes: 30, months: [{ minutes: 30 }] });
    expect(corrected.body.entries).toEqual([
      expect.objectContaining({ entryId, kind: 'credit', minutes: 60 }), // never edited
      expect.objectContaining({ kind: 'correction', correctsEntryId: entryId, minutes: -30, sessionMinutes: 30, recordedBy: 'pm-1' }),
    ]);
    const same = await http('POST', `${mentorLedger}/corrections`, pm, { entryId, minutes: 30, reason: 'again' });
    expect(same.status).toBe(409);
    expect(same.body.code).toBe('training_hours.nothing_to_correct');
    const ofCorrection = await http('POST', `${mentorLedger}/corrections`, pm, { entryId: corrected.body.entries[1].entryId, minutes: 45, reason: 'x' });
    expect(ofCorrection.body.code).toBe('training_hours.correct_a_correction');
    expect((await http('GET', `${st}/programs/${programId}/training-hours/max`, max)).body.totalMinutes).toBe(60);
    expect((await http('GET', `${st}/me/training-hours`, mia)).body).toEqual([{ programId, totalMinutes: 30, hours: 0.5, months: [{ month: expect.any(String), minutes: 30 }] }]);

    const xapi = await http('GET', `${mentorLedger}/xapi`, mia);
    expect(xapi.status).toBe(200);
    const [voided, completed] = [xapi.body.find((s: any) => s.verb.id.endsWith('/voided')), xapi.body.find((s: any) => s.verb.id.endsWith('/completed'))];
    expect(xapi.body).toHaveLength(2);
    expect(completed).toMatchObject({
      actor: { objectType: 'Agent', name: 'Mia', account: { name: 'mia' } },
      verb: { id: 'http://adlnet.gov/expapi/verbs/completed' },
      object: { objectType: 'Activity', id: expect.stringContaining(`/sessions/${confirmedSession}`) },
      result: { completion: true, duration: 'PT30M' },
      version: '1.0.3',
    });
    expect(voided).toMatchObject({ object: { objectType: 'StatementRef' } });
    expect(voided.object.id).not.toBe(completed.id);
    expect((await http('GET', `${mentorLedger}/xapi`, max)).status).toBe(403);

    const credits = await awaitMessages(suite, TOPIC, type('TrainingHoursCredited'), (p) => p.sessionId === confirmedSession, 2);
    expect(credits.map((m) => [m.payload.userId, m.payload.minutes]).sort()).toEqual([['max', 60], ['mia', 60]]);
    const [correction] = await awaitMessages(suite, TOPIC, type('TrainingHoursCorrected'), (p) => p.correctsEntryId === entryId);
    expect(correction.payload).toMatchObject({ userId: 'mia', deltaMinutes: -30, minutes: 30, correctedBy: 'pm-1' });
    expect('reason' in correction.payload).toBe(false);
  });

  it('publishes outcomes only once a program manager verified them', async () => {
    const bad = await http('POST', `${st}/pairings/${pairingId}/outcomes`, max, { kind: 'knighthood', title: '', achievedOn: '01/03/2027' });
    expect(fields(bad)).toEqual(['achievedOn', 'kind', 'title']);
    const future = await http('POST', `${st}/pairings/${pairingId}/outcomes`, max, { kind: 'promotion', title: 'Soon', achievedOn: '2999-01-01' });
    expect(future.body.code).toBe('outcome.achieved_in_future');

    const promotion = await http('POST', `${st}/pairings/${pairingId}/outcomes`, max, { kind: 'promotion', title: 'Promoted to senior', description: 'Letter attached', achievedOn: today() });
    expect(promotion.status).toBe(201);
    expect(promotion.body).toMatchObject({ status: 'reported', beneficiaryUserId: 'max', beneficiaryRole: 'mentee', reportedBy: 'mentee' });
    const cert = await http('POST', `${st}/pairings/${pairingId}/outcomes`, mia, { kind: 'certification', title: 'CKA', achievedOn: today(), beneficiary: 'mentor' });
    expect(cert.body).toMatchObject({ beneficiaryUserId: 'mia', beneficiaryRole: 'mentor' });

    const awaiting = await http('GET', `${st}/programs/${programId}/outcomes?status=reported`, pm);
    expect(awaiting.body.total).toBe(2);
    expect((await http('POST', `${st}/outcomes/${promotion.body.outcomeId}/verify`, max)).status).toBe(403);
    const verified = await http('POST', `${st}/outcomes/${promotion.body.outcomeId}/verify`, pm);
    expect(verified.body).toMatchObject({ status: 'verified', decidedBy: 'pm-1' });
    expect((await http('POST', `${st}/outcomes/${promotion.body.outcomeId}/verify`, pm)).body.code).toBe('outcome.already_decided');
    expect(fields(await http('POST', `${st}/outcomes/${cert.body.outcomeId}/reject`, pm, {}))).toEqual(['reason']);
    expect((await http('POST', `${st}/outcomes/${cert.body.outcomeId}/reject`, pm, { reason: 'No certificate yet' })).body).toMatchObject({
      status: 'rejected', rejectionReason: 'No certificate yet',
    });
    expect((await http('POST', `${st}/outcomes/${randomUUID()}/verify`, pm)).status).toBe(404);
    expect((await http('GET', `${st}/programs/${programId}/outcomes?status=reported`, pm)).body.total).toBe(0);
    expect((await http('GET', `${st}/pairings/${pairingId}/outcomes`, max)).body.total).toBe(2);

    const [published] = await awaitMessages(suite, TOPIC, type('OutcomeVerified'), (p) => p.pairingId === pairingId);
    expect(published.payload).toEqual({
      tenantId: suite.tenant, programId, pairingId, mentorUserId: 'mia', menteeUserId: 'max', outcomeId: promotion.body.outcomeId,
      kind: 'promotion', achievedOn: today(), beneficiaryUserId: 'max', beneficiaryRole: 'mentee', reportedAt: expect.any(String),
      verifiedBy: 'pm-1', verifiedAt: expect.any(String),
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect((await messagesOn(suite, TOPIC, type('OutcomeVerified'))).filter((m) => m.payload.pairingId === pairingId)).toHaveLength(1);
  });

  it("shows analytics the program's impact, consistent with session tracking's own ledgers", async () => {
    const minutes = async (user: string) => (await http('GET', `${st}/programs/${programId}/training-hours/${user}`, pm)).body.totalMinutes as number;
    const expectedHours = ((await minutes('mia')) + (await minutes('max'))) / 60;
    const sessions = (await http('GET', `${st}/programs/${programId}/sessions?pairingId=${pairingId}&confirmation=confirmed&limit=200`, pm)).body.total;
    const analyst = suite.token(['analyst']);
    const impact = await eventually('analytics to show the impact', async () => {
      const r = await http('GET', `${suite.services.analytics.url}/programs/${programId}/impact`, analyst);
      return r.status === 200 && r.body.verifiedOutcomes === 1 && r.body.trainingHours === expectedHours && r.body.sessions === sessions ? r.body : undefined;
    });
    expect(impact).toMatchObject({ programId, nps: 0, atRiskPairings: 0 });
    expect(impact.averageRating).toBeGreaterThan(0);
    expect(impact.months).toEqual([expect.objectContaining({ month: today().slice(0, 7), sessions, trainingHours: expectedHours })]);

    // The same figures as KPIs with their one definition, and the program's objective judged against them.
    const kpis = await http('GET', `${suite.services.analytics.url}/programs/${programId}/kpis`, analyst);
    expect(kpis.status).toBe(200);
    const value = (metric: string) => kpis.body.kpis.find((k: { metric: string }) => k.metric === metric)?.value;
    expect([value('sessions'), value('training-hours'), value('nps'), value('verified-outcomes'), value('average-session-rating')]).toEqual([
      sessions, expectedHours, 0, 1, impact.averageRating,
    ]);
    const evaluation = await http('GET', `${suite.services.analytics.url}/programs/${programId}/evaluation`, analyst);
    expect(evaluation.body.objectives).toEqual([
      expect.objectContaining({ metric: 'verified-promotions', target: 5, horizonMonths: 12, term: 'long-term', actual: expect.any(Number) }),
    ]);
    // As of yesterday (every event of this journey happened today): yesterday's figures. And the month's series.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const before = await http('GET', `${suite.services.analytics.url}/programs/${programId}/kpis?asOf=${yesterday}`, analyst);
    expect(before.body.asOf).toBe(yesterday);
    expect(before.body.kpis.filter((k: { metric: string }) => ['sessions', 'verified-outcomes', 'active-pairings'].includes(k.metric)).map((k: { value: number }) => k.value)).toEqual([0, 0, 0]);
    const series = await http('GET', `${suite.services.analytics.url}/programs/${programId}/kpis/series?metric=sessions&from=${today()}`, analyst);
    expect(series.body.points).toEqual([expect.objectContaining({ period: today().slice(0, 7), value: sessions, added: sessions })]);
    expect((await http('GET', `${suite.services.analytics.url}/programs/${programId}/kpis/series?metric=sessions&interval=week&from=2020-01-01`, analyst)).body).toMatchObject({ code: 'series.too_long', details: { field: 'from' } });
    // Another program's manager sees neither.
    expect((await http('GET', `${suite.services.analytics.url}/programs/${programId}/kpis`, suite.token(['program-manager'], suite.tenant, 'someone-else'))).status).toBe(403);
  });

  it('computes the ROI on versioned assumptions, with its whole breakdown', async () => {
    const analytics = suite.services.analytics.url;
    const analyst = suite.token(['analyst']);
    expect((await http('GET', `${analytics}/programs/${programId}/roi`, analyst)).body.code).toBe('roi.no_assumptions');
    const assumptions = {
      currency: 'EUR',
      outcomeValues: { promotion: 5000, 'project-completion': 2000, 'skill-attainment': 800, certification: 1200 },
      trainingHourValue: 60,
      participantHourlyCost: 45,
      fixedProgramCost: 2000,
    };
    const first = await http('PUT', `${analytics}/programs/${programId}/roi/assumptions`, analyst, { ...assumptions, expectedVersion: 0 });
    expect(first.body).toMatchObject({ version: 1, assumptions, setBy: 'pm-1' });
    expect((await http('PUT', `${analytics}/programs/${programId}/roi/assumptions`, pm, { ...assumptions, fixedProgramCost: 2500, expectedVersion: 0 })).status).toBe(409);
    expect((await http('PUT', `${analytics}/programs/${programId}/roi/assumptions`, pm, { ...assumptions, fixedProgramCost: 2500, expectedVersion: 1 })).body.version).toBe(2);
    const bad = await http('PUT', `${analytics}/programs/${programId}/roi/assumptions`, pm, { ...assumptions, outcomeValues: { ...assumptions.outcomeValues, promotion: -1 } });
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'outcomeValues.promotion' })]);

    // Independently: what the journey produced, from session tracking's own reads and analytics' impact.
    const impact = (await http('GET', `${analytics}/programs/${programId}/impact`, analyst)).body;
    const outcomes = (await http('GET', `${st}/programs/${programId}/outcomes?status=verified`, pm)).body.items as { kind: keyof typeof assumptions.outcomeValues }[];
    const sessionMinutes = impact.months.reduce((sum: number, m: { sessionMinutes: number }) => sum + m.sessionMinutes, 0);
    const value = outcomes.reduce((sum, o) => sum + assumptions.outcomeValues[o.kind], 0) + impact.trainingHours * 60;
    const cost = (sessionMinutes * 2 * 45) / 60 + 2000;
    const roi = await http('GET', `${analytics}/programs/${programId}/roi?version=1`, analyst);
    expect(roi.body).toMatchObject({ programId, assumptionsVersion: 1, currency: 'EUR', value: { total: expect.closeTo(value, 2) }, cost: { total: expect.closeTo(cost, 2), rewardSpend: 0 } });
    expect(roi.body.roi).toBeCloseTo((value - cost) / cost, 2);
    expect((await http('GET', `${analytics}/programs/${programId}/roi`, analyst)).body).toMatchObject({ assumptionsVersion: 2, cost: { total: expect.closeTo(cost + 500, 2) } });
    expect((await http('GET', `${analytics}/programs/${programId}/roi/assumptions`, analyst)).body).toMatchObject({ total: 2, items: [{ version: 2 }, { version: 1 }] });
    expect((await http('GET', `${analytics}/programs/${programId}/roi?version=3`, analyst)).status).toBe(404);
  });

  it('sets SMART goals with milestones and adopts program roadmaps', async () => {
    const roadmapBody = {
      title: 'Tech lead path',
      goals: [{ title: 'Own a service', metric: 'services owned', target: 1, durationDays: 90, milestones: [{ title: 'Join on-call', dueAfterDays: 30 }] }],
    };
    expect((await http('POST', `${st}/programs/${randomUUID()}/roadmaps`, pm, roadmapBody)).status).toBe(404);
    expect((await http('POST', `${st}/programs/${programId}/roadmaps`, max, roadmapBody)).status).toBe(403);
    const late = await http('POST', `${st}/programs/${programId}/roadmaps`, pm, { ...roadmapBody, goals: [{ ...roadmapBody.goals[0], milestones: [{ title: 'x', dueAfterDays: 91 }] }] });
    expect(late.body).toMatchObject({ code: 'roadmap.milestone_after_goal', details: { field: 'goals.0.milestones' } });
    const roadmap = await http('POST', `${st}/programs/${programId}/roadmaps`, pm, roadmapBody);
    expect(roadmap.status).toBe(201);
    expect((await http('GET', `${st}/programs/${programId}/roadmaps`, max)).body.total).toBe(1);

    const adopted = await http('POST', `${st}/pairings/${pairingId}/roadmap-adoptions`, max, { roadmapId: roadmap.body.roadmapId });
    expect(adopted.status).toBe(201);
    expect(adopted.body).toMatchObject([{ title: 'Own a service', roadmapId: roadmap.body.roadmapId, status: 'open', milestones: [{ title: 'Join on-call' }] }]);
    expect((await http('POST', `${st}/pairings/${pairingId}/roadmap-adoptions`, mia, { roadmapId: roadmap.body.roadmapId })).body.code).toBe('roadmap.already_adopted');
    expect((await http('POST', `${st}/pairings/${pairingId}/roadmap-adoptions`, mia, { roadmapId: randomUUID() })).status).toBe(404);

    const goalBody = { title: 'Lead a design review', metric: 'reviews led', target: 1, relevance: 'Staff promotion', dueOn: '2999-06-30', milestones: [{ title: 'Shadow one', dueOn: '2999-04-15' }] };
    expect(fields(await http('POST', `${st}/pairings/${pairingId}/goals`, max, { ...goalBody, dueOn: 'next year', target: 'one' }))).toEqual(['dueOn', 'target']);
    expect((await http('POST', `${st}/pairings/${pairingId}/goals`, max, { ...goalBody, dueOn: '2020-01-01', milestones: [] })).body.code).toBe('goal.due_in_past');
    const goal = await http('POST', `${st}/pairings/${pairingId}/goals`, max, goalBody);
    expect(goal.status).toBe(201);
    const url = `${st}/pairings/${pairingId}/goals/${goal.body.goalId}`;
    expect((await http('POST', `${url}/progress`, max, { progress: 40 })).body.progress).toBe(40);
    expect((await http('POST', `${url}/achieve`, max)).body.code).toBe('goal.milestones_open');
    expect((await http('POST', `${url}/milestones/${goal.body.milestones[0].milestoneId}/complete`, mia)).body.milestones[0].completedAt).toEqual(expect.any(String));
    const achieved = await http('POST', `${url}/achieve`, max);
    expect(achieved.body).toMatchObject({ status: 'achieved', progress: 100 });
    expect((await http('GET', `${st}/pairings/${pairingId}/goals`, pm)).body.total).toBe(2);

    const retired = await http('POST', `${st}/roadmaps/${roadmap.body.roadmapId}/retire`, pm);
    expect(retired.body.status).toBe('retired');
    expect((await http('POST', `${st}/pairings/${pairingId}/roadmap-adoptions`, mia, { roadmapId: roadmap.body.roadmapId })).body.code).toBe('roadmap.retired');

    const [published] = await awaitMessages(suite, TOPIC, type('GoalAchieved'), (p) => p.goalId === goal.body.goalId);
    expect(published.payload).toMatchObject({ pairingId, roadmapId: null, milestones: 1 });
    expect('title' in published.payload).toBe(false);
  });

  it('detects an at-risk pairing on the scheduler, alerts once, and recovers on a confirmed session', async () => {
    // Enrollment stamps pairings with the real time; this one must have started 30 days ago (window: 23 days).
    const lapsed = randomUUID();
    await publishEvent(suite, PairingStarted, {
      tenantId: suite.tenant, programId, pairingId: lapsed, proposalId: lapsed, startedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      mentor: { applicationId: randomUUID(), userId: 'rita', employeeId: 'emp-rita', name: 'Rita' },
      mentee: { applicationId: randomUUID(), userId: 'rob', employeeId: 'emp-rob', name: 'Rob' },
    });
    const listed = await eventually('the scheduler to flag the pairing', async () => {
      const r = await http('GET', `${st}/programs/${programId}/pairings?health=at-risk&status=active`, pm);
      return r.body.items?.some((p: { pairingId: string }) => p.pairingId === lapsed) ? r.body : undefined;
    });
    expect(listed.items.find((p: { pairingId: string }) => p.pairingId === lapsed)).toMatchObject({ health: 'at-risk', atRiskSince: expect.any(String) });
    expect(listed.items.some((p: { pairingId: string }) => p.pairingId === pairingId)).toBe(false);
    const [alert] = await awaitMessages(suite, TOPIC, type('PairingAtRisk'), (p) => p.pairingId === lapsed);
    expect(alert.payload).toMatchObject({ programId, mentorUserId: 'rita', menteeUserId: 'rob', windowDays: 23, lastSessionAt: null, episode: 1 });
    await new Promise((r) => setTimeout(r, 2000)); // four more scheduler runs
    expect((await messagesOn(suite, TOPIC, type('PairingAtRisk'))).filter((m) => m.payload.pairingId === lapsed)).toHaveLength(1);

    const rita = suite.token(['mentor'], suite.tenant, 'rita');
    const rob = suite.token(['mentee'], suite.tenant, 'rob');
    const s = await http('POST', `${st}/pairings/${lapsed}/sessions/log`, rita, { occurredAt: hoursFromNow(-20), minutes: 40, format: 'video' });
    expect((await http('GET', `${st}/pairings/${lapsed}`, pm)).body.health).toBe('at-risk'); // unconfirmed: does not count
    expect((await http('POST', `${st}/sessions/${s.body.sessionId}/confirm`, rob)).status).toBe(200);
    expect((await http('GET', `${st}/pairings/${lapsed}`, pm)).body).toMatchObject({ health: 'healthy', atRiskSince: null, confirmedSessions: 1 });
    const [recovered] = await awaitMessages(suite, TOPIC, type('PairingRecovered'), (p) => p.pairingId === lapsed);
    expect(recovered.payload).toMatchObject({ episode: 1, lastSessionAt: expect.any(String) });
  });

  it('refuses sessions of paused and ended pairings (409) but lets the pair settle what already happened', async () => {
    const enrollment = suite.services.enrollment.url;
    const pending = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, mia, { occurredAt: justNow(), minutes: 25, format: 'phone' });
    expect((await http('POST', `${enrollment}/pairings/${pairingId}/pause`, pm)).status).toBe(200);
    await pairingStatusIs(suite, pairingId, 'paused');
    const paused = await http('POST', `${st}/pairings/${pairingId}/sessions`, max, { scheduledAt: hoursFromNow(24), format: 'video' });
    expect(paused.status).toBe(409);
    expect(paused.body).toMatchObject({ code: 'pairing.not_active', message: 'This pairing is paused: sessions can be recorded again once it resumes' });

    expect((await http('POST', `${enrollment}/pairings/${pairingId}/resume`, max)).status).toBe(200);
    await pairingStatusIs(suite, pairingId, 'active');
    expect((await http('POST', `${st}/pairings/${pairingId}/sessions`, max, { scheduledAt: hoursFromNow(24), format: 'video' })).status).toBe(201);

    expect((await http('POST', `${enrollment}/pairings/${pairingId}/end`, pm, { reason: 'Mentee moved team' })).status).toBe(200);
    await pairingStatusIs(suite, pairingId, 'ended-early');
    const ended = await http('POST', `${st}/pairings/${pairingId}/sessions/log`, max, { occurredAt: justNow(), minutes: 30, format: 'video' });
    expect(ended.status).toBe(409);
    expect(ended.body.message).toBe('This pairing ended early: no new sessions, goals or outcomes can be recorded');
    expect((await http('POST', `${st}/pairings/${pairingId}/goals`, max, { title: 't', metric: 'm', target: 1, relevance: 'r', dueOn: '2999-01-01' })).status).toBe(409);
    // the session held before it ended can still be confirmed (and credited)
    expect((await http('POST', `${st}/sessions/${pending.body.sessionId}/confirm`, max)).body).toMatchObject({ confirmation: 'confirmed', counts: true });
    expect((await http('GET', `${st}/programs/${programId}/training-hours/max`, max)).body.totalMinutes).toBe(90);
  });

  it('keeps tenants apart', async () => {
    const intruder = suite.token(['program-manager', 'admin', 'mentor', 'mentee'], 'globex', 'mia');
    expect((await http('GET', `${st}/pairings/${pairingId}`, intruder)).status).toBe(404);
    expect((await http('GET', `${st}/sessions/${confirmedSession}`, intruder)).status).toBe(404);
    expect((await http('POST', `${st}/sessions/${confirmedSession}/feedback`, intruder, { rating: 1 })).status).toBe(404);
    for (const list of ['sessions', 'pairings?health=at-risk', 'outcomes', 'pulse', 'roadmaps']) {
      expect((await http('GET', `${st}/programs/${programId}/${list}`, intruder)).status).toBe(404);
    }
    expect((await http('GET', `${st}/programs/${programId}/training-hours/mia`, intruder)).status).toBe(404);
    expect((await http('GET', `${st}/me/pairings`, intruder)).body.total).toBe(0);
    const docs = await http('GET', `${st}/docs-json`);
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/pairings/{pairingId}/sessions', '/sessions/{sessionId}/confirm', '/programs/{programId}/training-hours/{userId}/xapi', '/pairings/{pairingId}/notes']),
    );
  });

  // Last: stops the services one by one, so nothing changes their databases while they are compared.
  it('rebuilds the inline read models of enrollment, session tracking and recognition from their event stores, row for row', async () => {
    for (const [app, schema, owned] of [
      ['enrollment', 'enrollment', ['pairings', 'applications', 'programs']],
      ['session-tracking', 'session_tracking', ['sessions', 'goals', 'roadmaps', 'outcomes', 'pulse_answers', 'training_hours_entries']],
      ['recognition', 'recognition', ['badge_definitions']],
    ] as const) {
      await suite.services[app].stop();
      const url = suite.databases[app].url;
      const before = await snapshotSchema(url, schema);
      expect(owned.filter((table) => !before[table]?.length)).toEqual([]); // the journey wrote every one of them
      // A lost read model (its first table emptied) comes back from the events alone.
      await sql(url, `DELETE FROM ${schema}.${owned[0]}`);
      const output = await runRebuild(app, suite.services[app].env);
      expect(output).toMatch(new RegExp(`\\[rebuild\\] ${app}: done`));
      expect(await snapshotSchema(url, schema)).toEqual(before);
    }
  });

  it('rebuilds every analytics read model from the public event streams, row for row', async () => {
    await suite.services.analytics.stop();
    const url = suite.databases.analytics.url;
    const before = await snapshotSchema(url, 'analytics');
    const written = ['programs', 'applications', 'pairings', 'sessions', 'session_ratings', 'pulse_answers', 'training_hours', 'outcomes', 'pairing_health'];
    expect(written.filter((table) => !before[table]?.length)).toEqual([]);
    await sql(url, `DELETE FROM analytics.sessions; DELETE FROM analytics.programs; DELETE FROM analytics.roi_assumptions`);
    const output = await runRebuild('analytics', suite.services.analytics.env);
    expect(output).toMatch(/\[rebuild\] analytics: done in [\d.]+ s, \d+ events applied/);
    expect(await snapshotSchema(url, 'analytics')).toEqual(before);
  });
});
