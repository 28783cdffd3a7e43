import 'reflect-metadata';
import type { Database } from '@tandem/event-store';
import { analyticsTestDatabase } from '../testing/read-models';
import { evaluateObjectives, programKpis } from './evaluation.queries';

const T = 'acme';
const P = 'p-eval';

/** The KPIs and the evaluation matrix over rows written straight into analytics' tables (real PostgreSQL). */
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
    const rows = (table: string, columns: string, values: unknown[][]) =>
      Promise.all(values.map((v) => db.query(`INSERT INTO analytics.${table} (tenant_id, program_id, ${columns}) VALUES ($1, $2, ${v.map((_, i) => `$${i + 3}`).join(', ')})`, [T, P, ...v])));
    // 4 mentees approved (3 of them matched), 1 mentee rejected, 2 mentors approved: 7 applications, 6 approved.
    await rows('applications', 'application_id, role, status, applied_at', [
      ['m1', 'mentee', 'approved', '2027-01-02Z'], ['m2', 'mentee', 'approved', '2027-01-02Z'], ['m3', 'mentee', 'approved', '2027-01-02Z'],
      ['m4', 'mentee', 'approved', '2027-01-02Z'], ['m5', 'mentee', 'rejected', '2027-01-02Z'], ['t1', 'mentor', 'approved', '2027-01-02Z'], ['t2', 'mentor', 'approved', '2027-01-02Z'],
    ]);
    // 5 proposals: 3 started after 10, 20 and 60 hours (median 20), 1 declined, 1 still proposed — decline rate 20 %.
    await rows('pairings', 'pairing_id, status, mentee_application_id, proposed_at, started_at', [
      ['x1', 'active', 'm1', '2027-01-05T00:00:00Z', '2027-01-05T10:00:00Z'],
      ['x2', 'active', 'm2', '2027-01-05T00:00:00Z', '2027-01-05T20:00:00Z'],
      ['x3', 'completed', 'm3', '2027-01-05T00:00:00Z', '2027-01-07T12:00:00Z'],
      ['x4', 'declined', 'm4', '2027-01-05T00:00:00Z', null],
      ['x5', 'proposed', 'm4', '2027-01-06T00:00:00Z', null],
    ]);
    await rows('sessions', 'pairing_id, session_id, occurred_at, minutes, format', [1, 2, 3, 4, 5, 6].map((n) => ['x1', `s${n}`, `2027-02-0${n}T10:00:00Z`, 45, 'video']));
    await rows('session_ratings', 'session_id, rater_role, rating, submitted_at', [['s1', 'mentee', 5, '2027-02-02Z'], ['s1', 'mentor', 4, '2027-02-02Z'], ['s2', 'mentee', 4, '2027-02-03Z']]);
    // 2 promoters, 1 detractor of 6 answers: NPS 16.7.
    await rows('pulse_answers', 'pairing_id, period, respondent_role, score', [
      ['x1', '2027-02', 'mentee', 10], ['x1', '2027-02', 'mentor', 9], ['x2', '2027-02', 'mentee', 3], ['x2', '2027-02', 'mentor', 7], ['x3', '2027-02', 'mentee', 8], ['x3', '2027-02', 'mentor', 8],
    ]);
    await rows('training_hours', 'entry_id, user_id, role, month, minutes', [['e1', 'u1', 'mentor', '2027-02', 45], ['e2', 'u2', 'mentee', '2027-02', 45], ['e3', 'u2', 'mentee', '2027-02', -5]]);
    await rows('outcomes', 'outcome_id, kind, beneficiary_role, verified_at', [['v1', 'promotion', 'mentee', '2027-03-01Z'], ['v2', 'certification', 'mentee', '2027-03-01Z']]);
    await rows('pairing_health', 'pairing_id, at_risk, episode, changed_at', [['x2', true, 1, '2027-03-01Z'], ['x1', false, 1, '2027-03-01Z']]);
    await rows('recognitions', 'badge_id, person_id, tier, earned_at, revoked', [['b1', 'u1', 'participation', '2027-02-01Z', false], ['b2', 'u1', 'rising-star', '2027-04-01Z', true]]);
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
      'active-pairings': 2,
      'at-risk-pairings': 1,
      sessions: 6,
      'training-hours': 1.42, // 85 minutes
      'average-session-rating': 4.33,
      nps: 16.7,
      'verified-outcomes': 2,
      'verified-promotions': 1,
      'recognitions-issued': 1,
    });
    expect(await programKpis(db, T, 'unknown')).toBeUndefined();
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
});
