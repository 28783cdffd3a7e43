import 'reflect-metadata';
import { runWrites, type Database, type SqlWrite, type Transaction } from '@tandem/event-store';
import { feedbacksSubmitted, goalsAchieved, outcomesVerified, pairingAtRisk, pairingRecovered, pulseSurveysAnswered, sessionsCompleted, trainingHoursCorrections, trainingHoursCredits } from '../engagement/engagement.projection';
import { programImpact } from '../engagement/engagement.queries';
import { applicationStatusChanged, matchProposed, pairingStarted, pairingStatusChanged, participantApplied, proposalClosed } from '../participation/participation.projection';
import { recognitionAwarded, recognitionRevoked } from '../recognitions/recognitions.projection';
import { budgetAllocated, rewardFeedbackGiven, rewardFulfilled, rewardRequested } from '../rewards/rewards.projection';
import { analyticsTestDatabase } from '../testing/read-models';
import { KPI_IDS } from '@tandem/kpi';
import { evaluateObjectives, kpiSeries, periodsBetween, programKpis } from './evaluation.queries';

const T = 'acme';
/** One event through an insert-only write made for many. */
const one = <P>(rows: (ps: P[]) => SqlWrite) => (tx: Transaction, p: P) => runWrites(tx, [rows([p])]);
const P = 'p-eval';

/** The KPIs, as of now and of past days, and the evaluation matrix, over events applied through analytics' projections (real PostgreSQL). */
describe('analytics KPIs and evaluation matrix (real database)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    env = await analyticsTestDatabase('an_evaluation');
    db = env.db;
    const objectives = [
      { objectiveId: 'o1', description: 'Confirmed sessions', metric: 'sessions', target: 10, horizonMonths: 6 },
      { objectiveId: 'o2', description: 'Pairs recommend it', metric: 'nps', target: 10, horizonMonths: 12 },
      { objectiveId: 'o3', description: 'Few declines', metric: 'proposal-decline-rate', target: 20, horizonMonths: 3 },
      { objectiveId: 'o4', description: 'Promotions', metric: 'verified-promotions', target: 4, horizonMonths: 12 },
      { objectiveId: 'o5', description: 'Recorded before the vocabulary', metric: 'mentee promotions', target: 3 },
    ];
    await db.query(
      `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, starts_on, ends_on, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
       VALUES ($1, $2, 'Engineering', 'running', 'cohort', '2027-01-01', '2027-12-31', 2, 45, $3::jsonb, '2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z')`,
      [T, P, JSON.stringify(objectives)],
    );
    // Every row goes in through the projections, as the events would bring it.
    const at = (day: string, hour = '10') => `2027-${day}T${hour}:00:00.000Z`;
    const apply = (fn: (tx: Transaction, p: any) => Promise<unknown>, payload: Record<string, unknown>) => db.transaction((tx) => fn(tx, { tenantId: T, programId: P, ...payload }));
    // 4 mentees approved on 01-03 (3 of them matched), 1 mentee rejected, 2 mentors approved: 7 applications, 6 approved.
    for (const [applicationId, role, to] of [['m1', 'mentee', 'approved'], ['m2', 'mentee', 'approved'], ['m3', 'mentee', 'approved'], ['m4', 'mentee', 'approved'], ['m5', 'mentee', 'rejected'], ['t1', 'mentor', 'approved'], ['t2', 'mentor', 'approved']]) {
      await apply(participantApplied, { applicationId, role, appliedAt: at('01-02') });
      await apply(applicationStatusChanged, { applicationId, from: 'applied', to, changedAt: at('01-03') });
    }
    // 5 proposals on 01-05: 3 started after 10, 20 and 60 hours (median 20), 1 declined on 01-06, 1 still proposed — decline rate 20 %; x3 completed on 03-15.
    // Mentor t1 mentors x1 and x2, t2 mentors x3.
    const mentorOf = (pairing: string) => ({ userId: pairing === 'x3' ? 'u-t2' : 'u-t1' });
    for (const [proposalId, mentee] of [['x1', 'm1'], ['x2', 'm2'], ['x3', 'm3'], ['x4', 'm4'], ['x5', 'm4']]) {
      await apply(matchProposed, { proposalId, mentor: mentorOf(proposalId), mentee: { applicationId: mentee }, proposedAt: at('01-05', '00') });
    }
    for (const [pairingId, mentee, startedAt] of [['x1', 'm1', at('01-05', '10')], ['x2', 'm2', at('01-05', '20')], ['x3', 'm3', at('01-07', '12')]]) {
      await apply(pairingStarted, { pairingId, mentor: mentorOf(pairingId), mentee: { applicationId: mentee }, startedAt });
    }
    await apply((tx, payload) => proposalClosed(tx, payload, 'declined', payload.declinedAt), { proposalId: 'x4', menteeApplicationId: 'm4', declinedAt: at('01-06') });
    await apply(pairingStatusChanged, { pairingId: 'x3', from: 'active', to: 'completed', changedAt: at('03-15') });
    for (const n of [1, 2, 3, 4, 5, 6]) await apply(one(sessionsCompleted), { pairingId: 'x1', sessionId: `s${n}`, occurredAt: at(`02-0${n}`), minutes: 45, format: 'video' });
    for (const [sessionId, raterRole, rating] of [['s1', 'mentee', 5], ['s1', 'mentor', 4], ['s2', 'mentee', 4]]) {
      await apply(one(feedbacksSubmitted), { sessionId, raterRole, rating, submittedAt: at('02-10') });
    }
    // 2 promoters, 1 detractor of 6 answers: NPS 16.7 — the detractor answered in March.
    for (const [pairingId, respondentRole, score, day] of [['x1', 'mentee', 10, '02-20'], ['x1', 'mentor', 9, '02-20'], ['x2', 'mentee', 3, '03-02'], ['x2', 'mentor', 7, '02-20'], ['x3', 'mentee', 8, '02-20'], ['x3', 'mentor', 8, '02-20']]) {
      await apply(one(pulseSurveysAnswered), { pairingId, period: '2027-02', respondentRole, score, answeredAt: at(day as string) });
    }
    await apply(one(trainingHoursCredits), { entryId: 'e1', userId: 'u1', role: 'mentor', month: '2027-02', minutes: 45, creditedAt: at('02-01') });
    await apply(one(trainingHoursCredits), { entryId: 'e2', userId: 'u2', role: 'mentee', month: '2027-02', minutes: 45, creditedAt: at('02-01') });
    await apply(one(trainingHoursCorrections), { entryId: 'e3', userId: 'u2', role: 'mentee', month: '2027-02', deltaMinutes: -5, correctedAt: at('03-05') });
    await apply(one(goalsAchieved), { pairingId: 'x1', goalId: 'g1', achievedAt: at('02-15') });
    await apply(one(goalsAchieved), { pairingId: 'x2', goalId: 'g2', achievedAt: at('03-10') });
    await apply(one(outcomesVerified), { outcomeId: 'v1', kind: 'promotion', beneficiaryRole: 'mentee', verifiedAt: at('03-01') });
    await apply(one(outcomesVerified), { outcomeId: 'v2', kind: 'certification', beneficiaryRole: 'mentee', verifiedAt: at('03-01') });
    // x2 at risk since 03-01; x1 was at risk on 02-20 and recovered on 02-25.
    await apply(pairingAtRisk, { pairingId: 'x1', episode: 1, detectedAt: at('02-20') });
    await apply(pairingRecovered, { pairingId: 'x1', episode: 1, recoveredAt: at('02-25') });
    await apply(pairingAtRisk, { pairingId: 'x2', episode: 1, detectedAt: at('03-01') });
    await apply(recognitionAwarded, { badgeId: 'b1', personId: 'u1', tier: 'participation', earnedAt: at('02-01') });
    await apply(recognitionAwarded, { badgeId: 'b2', personId: 'u1', tier: 'rising-star', earnedAt: at('02-15') });
    await apply(recognitionRevoked, { badgeId: 'b2', personId: 'u1', revokedAt: at('04-01') });
    // Rewards: 1,000.00 allocated, cut by 200.00 on 02-25; 300.00 fulfilled on 02-15 (rated 4), 100.00 on 03-01 (rated 5), 50.00 only requested.
    const entry = (eventId: string, entry: string, amountMinor: number, occurredAt: string) =>
      db.transaction((tx) => budgetAllocated(tx, { tenantId: T, programId: P, period: '2027', entry, amountMinor, currency: 'EUR', occurredAt } as any, { id: eventId } as any));
    await entry('a1', 'allocation', 100000, at('01-02'));
    await entry('a2', 'correction', -20000, at('02-25'));
    for (const [requestId, costMinor, fulfilledAt, satisfaction, givenAt] of [['q1', 30000, at('02-15'), 4, at('02-16')], ['q2', 10000, at('03-01'), 5, at('03-10')], ['q3', 5000]] as const) {
      await apply(rewardRequested, { requestId, rewardId: 'r1', kind: 'conference', mentorId: 'u1', costMinor, currency: 'EUR', period: '2027', requestedAt: at('02-01') });
      if (!fulfilledAt) continue;
      await apply(rewardFulfilled, { requestId, costMinor, currency: 'EUR', fulfilledAt });
      await apply(rewardFeedbackGiven, { requestId, satisfaction, relevance: 3, givenAt });
    }
  });

  afterAll(async () => {
    await env?.close();
  });

  it('computes every KPI as docs/kpis.md defines it, rounded as defined', async () => {
    expect(await programKpis(db, T, P)).toEqual({
      applications: 7,
      'approved-participants': 6,
      'match-rate': 75, // 3 of 4 approved mentees have a started pairing
      'time-to-match-hours': 20,
      'proposal-decline-rate': 20,
      'active-pairings': 2, // x3 completed
      'at-risk-pairings': 1,
      'mentor-retention': null, // the program starts in 2027: nobody mentored in the six months before the six months up to now
      sessions: 6,
      'training-hours': 1.42, // 85 minutes
      'average-session-rating': 4.33,
      nps: 16.7,
      'goals-achieved': 2,
      'verified-outcomes': 2,
      'verified-promotions': 1,
      'recognitions-issued': 1,
      'reward-spend-against-budget': 50, // 400.00 of 800.00
      'reward-satisfaction': 4.5,
    });
    expect(await programKpis(db, T, 'unknown')).toBeUndefined();
  });

  it('adds up a tenant’s programs', async () => {
    await db.query(
      `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
       VALUES ($1, 'p-other', 'Sales', 'open', 'evergreen', 1, 30, '[]', now(), now())`,
      [T],
    );
    await db.transaction((tx) => one(sessionsCompleted)(tx, { tenantId: T, programId: 'p-other', pairingId: 'y1', sessionId: 'o1', occurredAt: '2027-02-01T10:00:00.000Z', minutes: 30, format: 'video' } as any));
    expect(await programKpis(db, T, null)).toMatchObject({ sessions: 7, applications: 7, nps: 16.7 });
    expect(await programKpis(db, T, null, '2027-01-31')).toMatchObject({ sessions: 0 });
    expect(await programKpis(db, 'nobody', null)).toMatchObject({ sessions: 0, applications: 0, nps: null });
    await db.query(`DELETE FROM analytics.sessions WHERE program_id = 'p-other'; DELETE FROM analytics.programs WHERE program_id = 'p-other'`);
  });

  it('agrees with the reporting view analysts read', async () => {
    const kpis = (await programKpis(db, T, P))!;
    const impact = (await programImpact(db, T, P))!;
    expect([kpis.sessions, kpis['training-hours'], kpis['average-session-rating'], kpis.nps, kpis['verified-outcomes'], kpis['at-risk-pairings']]).toEqual([
      impact.sessions, impact.trainingHours, impact.averageRating, impact.nps, impact.verifiedOutcomes, impact.atRiskPairings,
    ]);
  });

  it('states every KPI as the sources had recorded it by the end of a past day', async () => {
    // End of 20 February: no outcome verified yet, x1 at risk, x3 still active, the March detractor and correction not yet given, b2 not revoked.
    expect(await programKpis(db, T, P, '2027-02-20')).toEqual({
      applications: 7,
      'approved-participants': 6,
      'match-rate': 75,
      'time-to-match-hours': 20,
      'proposal-decline-rate': 20,
      'active-pairings': 3,
      'at-risk-pairings': 1,
      'mentor-retention': null,
      sessions: 6,
      'training-hours': 1.5,
      'average-session-rating': 4.33,
      nps: 40, // 2 promoters (10, 9), 0 detractors of 5 answers
      'goals-achieved': 1,
      'verified-outcomes': 0,
      'verified-promotions': 0,
      'recognitions-issued': 2,
      'reward-spend-against-budget': 30, // 300.00 of 1,000.00: the cut and the March fulfilment came later
      'reward-satisfaction': 4,
    });
    // End of 2 January: applied, nobody approved yet, nothing proposed.
    expect(await programKpis(db, T, P, '2027-01-02')).toMatchObject({ applications: 7, 'approved-participants': 0, 'match-rate': 0, 'time-to-match-hours': null, 'proposal-decline-rate': 0, 'active-pairings': 0, sessions: 0, nps: null });
    // End of 5 January: two pairings started, the decline still to come.
    expect(await programKpis(db, T, P, '2027-01-05')).toMatchObject({ 'match-rate': 50, 'time-to-match-hours': 15, 'proposal-decline-rate': 0, 'active-pairings': 2 });
    // Mentor retention: both mentors mentored in the six months to 2 March 2027 and again after it (x3 until 15 March);
    // in the six months to 2 April only t1 still does — the cohort of the six months before holds both.
    expect(await programKpis(db, T, P, '2027-09-01')).toMatchObject({ 'mentor-retention': 100 });
    expect(await programKpis(db, T, P, '2027-10-01')).toMatchObject({ 'mentor-retention': 50 });
    expect(await programKpis(db, T, P, '2028-09-01')).toMatchObject({ 'mentor-retention': 100 }); // only t1 left in either cohort
    expect(await programKpis(db, T, P, '2027-07-01')).toMatchObject({ 'mentor-retention': null }); // the earlier cohort is still empty
    // End of 25 February: x1 recovered.
    expect(await programKpis(db, T, P, '2027-02-25')).toMatchObject({ 'at-risk-pairings': 0 });
  });

  it('judges each objective against its horizon from the program’s start', async () => {
    // 1 April 2027: half of o1's 6-month horizon gone (90 of 181 days), o3's 3-month horizon over.
    const matrix = await evaluateObjectives(db, T, P, new Date('2027-04-01T00:00:00Z'));
    expect(matrix?.map(({ objectiveId, term, dueOn, actual, status }) => ({ objectiveId, term, dueOn, actual, status }))).toEqual([
      { objectiveId: 'o1', term: 'short-term', dueOn: '2027-07-01', actual: 6, status: 'on-track' }, // 6 ≥ 10 × 0.497
      { objectiveId: 'o2', term: 'long-term', dueOn: '2028-01-01', actual: 16.7, status: 'met' },
      { objectiveId: 'o3', term: 'short-term', dueOn: '2027-04-01', actual: 20, status: 'met' }, // at the target, lower is better
      { objectiveId: 'o4', term: 'long-term', dueOn: '2028-01-01', actual: 1, status: 'on-track' }, // 1 ≥ 4 × 0.247
      { objectiveId: 'o5', term: 'long-term', dueOn: '2028-01-01', actual: null, status: 'not-measured' },
    ]);
    const later = await evaluateObjectives(db, T, P, new Date('2027-06-01T00:00:00Z'));
    expect(later?.find((o) => o.objectiveId === 'o1')).toMatchObject({ status: 'behind' }); // 6 < 10 × 0.83
    expect(later?.find((o) => o.objectiveId === 'o4')).toMatchObject({ status: 'behind' }); // 1 < 4 × 0.41
  });

  it('gives a KPI per month or week: its value at each period’s end and what the period added', async () => {
    expect(await kpiSeries(db, T, P, 'sessions', 'month', '2027-01-15', '2027-03-01')).toEqual([
      { period: '2027-01', from: '2027-01-01', to: '2027-01-31', value: 0, added: 0 },
      { period: '2027-02', from: '2027-02-01', to: '2027-02-28', value: 6, added: 6 },
      { period: '2027-03', from: '2027-03-01', to: '2027-03-31', value: 6, added: 0 },
    ]);
    const nps = await kpiSeries(db, T, P, 'nps', 'month', '2027-02-01', '2027-03-31');
    expect(nps?.map((p) => [p.value, p.added])).toEqual([[40, null], [16.7, null]]); // a level: no running total
    // Sessions 1–6 February 2027: Monday 1 Feb starts ISO week 5.
    const weeks = await kpiSeries(db, T, P, 'sessions', 'week', '2027-02-01', '2027-02-14');
    expect(weeks?.map((p) => [p.period, p.from, p.added])).toEqual([['2027-W05', '2027-02-01', 6], ['2027-W06', '2027-02-08', 0]]);
  });

  it('orders changes at the same moment as the lifecycle does: an imported participant applied and approved at once is approved', async () => {
    const at = '2027-01-02T10:00:00.000Z';
    const apply = (fn: (tx: Transaction, p: any) => Promise<unknown>, payload: Record<string, unknown>) => db.transaction((tx) => fn(tx, { tenantId: T, programId: 'p-same', ...payload }));
    await db.query(
      `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
       VALUES ($1, 'p-same', 'Imported', 'running', 'evergreen', 1, 30, '[]', $2, $2)`,
      [T, at],
    );
    await apply(participantApplied, { applicationId: 'same-1', role: 'mentee', appliedAt: at });
    await apply(applicationStatusChanged, { applicationId: 'same-1', from: 'applied', to: 'approved', changedAt: at });
    await apply(pairingStarted, { pairingId: 'same-x', mentor: { userId: 'u-same' }, mentee: { applicationId: 'same-1' }, startedAt: at });
    await apply(pairingStatusChanged, { pairingId: 'same-x', from: 'active', to: 'completed', changedAt: '2027-03-01T10:00:00.000Z' });
    await apply(pairingStatusChanged, { pairingId: 'same-x', from: 'completed', to: 'active', changedAt: '2027-03-01T10:00:00.000Z' }); // not a real transition: the end still wins
    expect(await programKpis(db, T, 'p-same')).toMatchObject({ applications: 1, 'approved-participants': 1, 'match-rate': 100, 'active-pairings': 0 });
    expect(await programKpis(db, T, 'p-same', '2027-02-01')).toMatchObject({ 'approved-participants': 1, 'active-pairings': 1 });
    for (const table of ['programs', 'applications', 'application_changes', 'pairings', 'pairing_changes']) await db.query(`DELETE FROM analytics.${table} WHERE program_id = 'p-same'`);
  });

  it('gives every KPI’s series the values its as-of figures give at each period’s end (running totals summed in one pass)', async () => {
    for (const metric of KPI_IDS) {
      const points = (await kpiSeries(db, T, P, metric, 'month', '2027-01-01', '2027-04-30'))!;
      const asOf = await Promise.all(points.map(async (p) => (await programKpis(db, T, P, p.to))![metric]));
      expect([metric, points.map((p) => p.value)]).toEqual([metric, asOf]);
    }
    expect(await kpiSeries(db, T, 'unknown', 'sessions', 'month', '2027-01-01', '2027-02-28')).toBeUndefined();
  });

  it("counts days, weeks and months in the tenant's reporting time zone", async () => {
    await db.query(
      `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
       VALUES ($1, 'p-tz', 'Night owls', 'running', 'evergreen', 1, 30, '[]', '2027-01-01', '2027-01-01')`,
      [T],
    );
    // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin, still the evening of the 31st in New York.
    await db.transaction((tx) => one(sessionsCompleted)(tx, { tenantId: T, programId: 'p-tz', pairingId: 'z1', sessionId: 'tz-1', occurredAt: '2027-01-31T23:30:00.000Z', minutes: 30, format: 'video' } as any));
    const sessionsAsOf = async (zone: string) => (await programKpis(db, T, 'p-tz', '2027-01-31', zone))!.sessions;
    expect([await sessionsAsOf('UTC'), await sessionsAsOf('Europe/Berlin'), await sessionsAsOf('America/New_York')]).toEqual([1, 0, 1]);
    const months = async (zone: string) => (await kpiSeries(db, T, 'p-tz', 'sessions', 'month', '2027-01-01', '2027-02-28', zone))!.map((p) => [p.period, p.added]);
    expect(await months('UTC')).toEqual([['2027-01', 1], ['2027-02', 0]]);
    expect(await months('Europe/Berlin')).toEqual([['2027-01', 0], ['2027-02', 1]]);
    await db.query(`DELETE FROM analytics.sessions WHERE program_id = 'p-tz'; DELETE FROM analytics.programs WHERE program_id = 'p-tz'`);
  });

  it('starts an evergreen program with imported history at its first pairing, not at its creation', async () => {
    await db.query(
      `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
       VALUES ($1, 'p-evergreen', 'Buddies', 'running', 'evergreen', 1, 30, $2::jsonb, '2027-07-01T00:00:00Z', '2027-07-01T00:00:00Z')`,
      [T, JSON.stringify([{ objectiveId: 'o1', description: 'Sessions', metric: 'sessions', target: 10, horizonMonths: 12 }])],
    );
    await db.transaction((tx) => pairingStarted(tx, { tenantId: T, programId: 'p-evergreen', pairingId: 'old-1', mentor: { userId: 'u-z0' }, mentee: { applicationId: 'z1' }, startedAt: '2027-01-01T00:00:00.000Z' } as any));
    const [objective] = (await evaluateObjectives(db, T, 'p-evergreen', new Date('2027-07-02T00:00:00Z')))!;
    expect(objective).toMatchObject({ dueOn: '2028-01-01', elapsed: 0.499 }); // 182 of 365 days since January, not 1 since July
    await db.query(`DELETE FROM analytics.pairings WHERE program_id = 'p-evergreen'; DELETE FROM analytics.pairing_changes WHERE program_id = 'p-evergreen'; DELETE FROM analytics.programs WHERE program_id = 'p-evergreen'`);
  });

  it('counts ISO weeks across a year’s end', () => {
    expect(periodsBetween('week', '2026-12-30', '2027-01-05').map((p) => p.period)).toEqual(['2026-W53', '2027-W01']);
  });
});
