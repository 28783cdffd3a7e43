import { randomUUID } from 'node:crypto';
import { eventually } from '@tandem/testing';
import { SessionCompleted } from '@tandem/session-tracking-contracts';
import { publishEvent, readAllTopics, runTopicPrefix, sql } from './support/kafka-run';
import { applyAndApprove, openEvergreenProgram } from './support/pairings';
import { runRebuild, snapshotSchema } from './support/read-models';
import { aProgram, http, startSuite, type ServiceProcess, type Suite } from './support/suite';

/**
 * Rewards end to end, real services over the real broker: a mentor approved through enrollment (with their recognition
 * preferences) sees personalized eligible rewards, requests one, a manager approves and fulfils it, the mentor rates
 * it — with the budget position right at every step — and analytics states spend against budget, satisfaction and ROI.
 * Then two recognition processes on one database take 50 parallel requests against a budget for 10, and against a
 * stock of 10: exactly 10 reservations each, the other 40 a clear 409.
 */
describe('rewards: a budget never overspent, personalized, with feedback on every reward', () => {
  let suite: Suite;
  let programId: string;
  let pm: string;
  let mentor: string;
  const mia = 'mia-rewards';
  const year = new Date().toISOString().slice(0, 4);
  const marker = `private-comment-${randomUUID()}`;
  const rec = () => suite.services.recognition.url;
  const rewards: Record<string, string> = {};
  let conferenceRequest: string;
  let replica: ServiceProcess | undefined;

  const position = async () => {
    const r = await http('GET', `${rec()}/programs/${programId}/reward-budgets/${year}`, pm);
    const { allocatedMinor, reservedMinor, spentMinor, remainingMinor } = r.body;
    return { allocatedMinor, reservedMinor, spentMinor, remainingMinor };
  };
  const add = async (name: string, body: Record<string, unknown>) => {
    const r = await http('POST', `${rec()}/programs/${programId}/rewards`, pm, { name, currency: 'EUR', ...body });
    expect(r.status).toBe(201);
    rewards[name] = r.body.rewardId;
    return r.body;
  };
  const ask = (rewardId: string, token = mentor, url = rec(), program = programId) => http('POST', `${url}/programs/${program}/reward-requests`, token, { rewardId });
  const act = (requestId: string, action: string, token = pm, body?: unknown) => http('POST', `${rec()}/programs/${programId}/reward-requests/${requestId}/${action}`, token, body);

  beforeAll(async () => {
    suite = await startSuite();
    pm = suite.token(['program-manager']);
    mentor = suite.token(['mentor'], suite.tenant, mia);
    programId = await openEvergreenProgram(suite, 'Rewards e2e');
    await applyAndApprove(suite, programId, mia, 'mentor', { recognitionPreferences: ['conference', 'public-recognition'] });
    await eventually('recognition to know the approved mentor', async () => {
      const r = await http('GET', `${rec()}/programs/${programId}/rewards/eligible`, mentor);
      return r.status === 200 ? true : undefined;
    });
  });
  afterAll(() => suite?.stop());

  it('keeps a catalogue per program and a budget ledger per period', async () => {
    expect(await add('Gift card', { kind: 'gift', costMinor: 5000 })).toMatchObject({ category: 'gift', stock: null, flagged: false, warning: null, status: 'active' });
    await add('Conference ticket', { kind: 'conference', costMinor: 45000, stock: 3 });
    await add('Leadership network', { kind: 'network', costMinor: 8000, unlockedBy: ['participation'] });
    await add('Facilitation workshop', { kind: 'workshop', costMinor: 30000, unlockedBy: ['champion'] });
    expect(await add('Bonus', { kind: 'remuneration', costMinor: 20000 })).toMatchObject({ category: 'remuneration', flagged: true, warning: expect.stringMatching(/change the mentoring relationship/) });

    const allocated = await http('POST', `${rec()}/programs/${programId}/reward-budgets/${year}/allocations`, pm, { amountMinor: 100000, currency: 'EUR', note: 'Yearly envelope' });
    expect(allocated).toMatchObject({ status: 201, body: { period: year, currency: 'EUR', allocatedMinor: 100000, reservedMinor: 0, spentMinor: 0, remainingMinor: 100000 } });
    const corrected = await http('POST', `${rec()}/programs/${programId}/reward-budgets/${year}/corrections`, pm, { amountMinor: 20000, reason: 'Sponsor top-up' });
    expect(corrected.body).toMatchObject({ allocatedMinor: 120000, remainingMinor: 120000, entries: [{ entry: 'allocation', amountMinor: 100000 }, { entry: 'correction', amountMinor: 20000, note: 'Sponsor top-up' }] });
    expect((await http('POST', `${rec()}/programs/${programId}/reward-budgets/${year}/allocations`, pm, { amountMinor: 1, currency: 'USD' })).body).toMatchObject({ code: 'reward.currency_mismatch' });
  });

  it("suggests the rewards the mentor may request, their preferences first, unlocked by the badges they hold", async () => {
    const before = await http('GET', `${rec()}/programs/${programId}/rewards/eligible`, mentor);
    expect(before.body.map((r: { name: string }) => r.name)).toEqual(['Conference ticket', 'Gift card', 'Bonus']);
    expect(before.body[0]).toMatchObject({ matchesPreferences: ['conference'], available: 3 });
    // A confirmed session earns Participation, which unlocks the network (the workshop needs Champion).
    const session = { tenantId: suite.tenant, programId, pairingId: randomUUID(), mentorUserId: mia, menteeUserId: 'max-rewards', sessionId: randomUUID(), occurredAt: new Date().toISOString(), minutes: 45, format: 'video' as const, logged: true, reportedByRole: 'mentor' as const, confirmedAt: new Date().toISOString() };
    await publishEvent(suite, SessionCompleted, session);
    const after = await eventually('the network to be unlocked', async () => {
      const r = await http('GET', `${rec()}/programs/${programId}/rewards/eligible`, mentor);
      return r.body?.some?.((s: { name: string }) => s.name === 'Leadership network') ? r.body : undefined;
    });
    expect(after.map((r: { name: string; unlockedByHeld: string[] }) => [r.name, r.unlockedByHeld])).toEqual([
      ['Conference ticket', []], ['Leadership network', ['participation']], ['Gift card', []], ['Bonus', []],
    ]);
    expect((await ask(rewards['Facilitation workshop'])).body).toMatchObject({ code: 'reward.not_eligible' });
  });

  it('takes a reward from request to feedback with the budget position right at every step', async () => {
    const requested = await ask(rewards['Conference ticket']);
    expect(requested).toMatchObject({ status: 201, body: { status: 'requested', costMinor: 45000, currency: 'EUR', period: year, mentorId: mia } });
    conferenceRequest = requested.body.requestId;
    expect(await position()).toEqual({ allocatedMinor: 120000, reservedMinor: 45000, spentMinor: 0, remainingMinor: 75000 });
    const queue = await http('GET', `${rec()}/programs/${programId}/reward-requests?status=requested`, pm);
    expect(queue.body).toMatchObject({ total: 1, items: [{ requestId: conferenceRequest, rewardName: 'Conference ticket' }] });
    expect((await act(conferenceRequest, 'feedback', mentor, { satisfaction: 5, relevance: 5 })).body).toMatchObject({ code: 'reward.not_fulfilled' });

    expect((await act(conferenceRequest, 'approve')).body).toMatchObject({ status: 'approved', approvers: ['pm-1'] });
    expect(await position()).toEqual({ allocatedMinor: 120000, reservedMinor: 45000, spentMinor: 0, remainingMinor: 75000 });
    expect((await act(conferenceRequest, 'fulfil')).body).toMatchObject({ status: 'fulfilled' });
    expect(await position()).toEqual({ allocatedMinor: 120000, reservedMinor: 0, spentMinor: 45000, remainingMinor: 75000 });
    expect((await act(conferenceRequest, 'fulfil')).body).toMatchObject({ code: 'reward.not_approved' });

    const rated = await act(conferenceRequest, 'feedback', mentor, { satisfaction: 4, relevance: 5, comment: marker });
    expect(rated).toMatchObject({ status: 200, body: { feedback: { satisfaction: 4, relevance: 5, comment: marker } } });
    expect((await act(conferenceRequest, 'feedback', mentor, { satisfaction: 5, relevance: 5 })).body).toMatchObject({ code: 'reward.feedback_given' });
    expect((await act(conferenceRequest, 'feedback', suite.token(['mentor'], suite.tenant, 'someone-else'), { satisfaction: 1, relevance: 1 })).status).toBe(403);
    const mine = await http('GET', `${rec()}/me/reward-requests?programId=${programId}`, mentor);
    expect(mine.body.items).toMatchObject([{ requestId: conferenceRequest, status: 'fulfilled', feedback: { satisfaction: 4 } }]);
    const ledger = await http('GET', `${rec()}/programs/${programId}/reward-budgets/${year}`, pm);
    expect(ledger.body.entries.map((e: { entry: string; amountMinor: number }) => [e.entry, e.amountMinor])).toEqual([
      ['allocation', 100000], ['correction', 20000], ['reservation', 45000], ['capture', 45000],
    ]);
  });

  it('releases the reservation on a rejection (with its reason) and on a cancellation; remuneration needs a tenant admin', async () => {
    const gift = (await ask(rewards['Gift card'])).body.requestId;
    expect(await position()).toMatchObject({ reservedMinor: 5000, remainingMinor: 70000 });
    expect((await act(gift, 'reject', pm, { reason: 'One gift per year' })).body).toMatchObject({ status: 'rejected', reason: 'One gift per year' });
    expect(await position()).toMatchObject({ reservedMinor: 0, remainingMinor: 75000 });

    const network = (await ask(rewards['Leadership network'])).body.requestId;
    expect((await act(network, 'cancel', mentor, { reason: 'Joined it on my own' })).body).toMatchObject({ status: 'cancelled' });
    expect(await position()).toMatchObject({ reservedMinor: 0, remainingMinor: 75000 });

    const bonus = (await ask(rewards['Bonus'])).body;
    expect(bonus).toMatchObject({ secondApprovalRequired: true });
    expect((await act(bonus.requestId, 'approve')).body).toMatchObject({ status: 'awaiting-second-approval', approvers: ['pm-1'] });
    expect((await act(bonus.requestId, 'approve')).body).toMatchObject({ code: 'reward.second_approval_by_admin' });
    expect((await act(bonus.requestId, 'approve', suite.token(['admin'], suite.tenant, 'root'))).body).toMatchObject({ status: 'approved', approvers: ['pm-1', 'root'] });
    expect((await act(bonus.requestId, 'cancel', pm, {})).body).toMatchObject({ status: 'cancelled' });
    expect(await position()).toEqual({ allocatedMinor: 120000, reservedMinor: 0, spentMinor: 45000, remainingMinor: 75000 });
  });

  it('refuses bad input naming the field, other tenants and programs (404) and non-managers (403) before any state check', async () => {
    const fields = (r: { body: { errors?: { field: string }[] } }) => r.body.errors?.map((e) => e.field);
    expect(fields(await http('POST', `${rec()}/programs/${programId}/rewards`, pm, { name: 'x', kind: 'yacht', costMinor: 1.5, currency: 'eur' }))).toEqual(['kind', 'costMinor', 'currency']);
    expect(fields(await http('POST', `${rec()}/programs/${programId}/reward-budgets/2027-13/allocations`, pm, { amountMinor: 1, currency: 'EUR' }))).toEqual(['period']);
    expect(fields(await act(conferenceRequest, 'feedback', mentor, { satisfaction: 6, relevance: 0 }))).toEqual(['satisfaction', 'relevance']);
    expect(fields(await http('POST', `${rec()}/programs/${programId}/reward-requests`, mentor, { rewardId: 'nope' }))).toEqual(['rewardId']);

    const otherProgram: string = (await http('POST', `${suite.services.enrollment.url}/programs`, pm, aProgram({ name: 'Another program', lifecycle: { kind: 'evergreen' } }))).body.programId;
    await eventually('recognition to know the other program', async () => ((await http('GET', `${rec()}/programs/${otherProgram}/reward-budgets`, pm)).status === 200 ? true : undefined), { timeoutMs: 60_000 });
    expect((await http('POST', `${rec()}/programs/${otherProgram}/reward-requests/${conferenceRequest}/approve`, pm)).body).toMatchObject({ code: 'reward.request_not_found' });
    expect((await http('POST', `${rec()}/programs/${otherProgram}/rewards/${rewards['Gift card']}/retire`, pm)).body).toMatchObject({ code: 'reward.not_found' });
    const outsider = suite.token(['admin'], `${suite.tenant}-other`, 'root');
    expect((await http('GET', `${rec()}/programs/${programId}/reward-budgets/${year}`, outsider)).status).toBe(404);
    expect((await http('POST', `${rec()}/programs/${programId}/reward-requests/${conferenceRequest}/fulfil`, outsider)).status).toBe(404);
    expect((await http('GET', `${rec()}/programs/${programId}/rewards`, outsider)).status).toBe(404);

    const pm2 = suite.token(['program-manager'], suite.tenant, 'pm-2');
    const before = await sql(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM event_store.events`);
    const p = `/programs/${programId}`;
    const managerRoutes: [string, string, unknown?][] = [
      ['GET', `${p}/rewards`], ['POST', `${p}/rewards`, { name: 'x', kind: 'gift', costMinor: 1, currency: 'EUR' }], ['POST', `${p}/rewards/${rewards['Conference ticket']}/restock`, { quantity: 1 }], ['POST', `${p}/rewards/${rewards['Gift card']}/retire`],
      ['GET', `${p}/reward-budgets`], ['GET', `${p}/reward-budgets/${year}`], ['POST', `${p}/reward-budgets/${year}/allocations`, { amountMinor: 1, currency: 'EUR' }],
      ['POST', `${p}/reward-budgets/${year}/corrections`, { amountMinor: -1, reason: 'x' }], ['GET', `${p}/reward-requests`],
      ['POST', `${p}/reward-requests/${conferenceRequest}/approve`], ['POST', `${p}/reward-requests/${conferenceRequest}/reject`, { reason: 'x' }],
      ['POST', `${p}/reward-requests/${conferenceRequest}/fulfil`], ['POST', `${p}/reward-requests/${conferenceRequest}/cancel`, {}],
    ];
    for (const [method, path, body] of managerRoutes) {
      const r = await http(method, `${rec()}${path}`, pm2, body);
      expect([method, path, r.status, r.body?.code]).toEqual([method, path, 403, 'program.not_a_manager']);
    }
    for (const [method, path, body] of managerRoutes.slice(0, -1)) expect([path, (await http(method, `${rec()}${path}`, mentor, body)).status]).toEqual([path, 403]);
    expect(await sql(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM event_store.events`)).toEqual(before);
  });

  it('lets analytics state spend against budget, reward satisfaction and the reward cost in ROI; the comment stays in recognition', async () => {
    const analyst = suite.token(['analyst'], suite.tenant, 'ana');
    const an = suite.services.analytics.url;
    const kpis = await eventually('analytics to rate the reward', async () => {
      const r = await http('GET', `${an}/programs/${programId}/kpis`, analyst);
      const byMetric = Object.fromEntries((r.body?.kpis ?? []).map((k: { metric: string; value: number | null }) => [k.metric, k.value]));
      return byMetric['reward-satisfaction'] === 4 ? byMetric : undefined;
    });
    expect(kpis['reward-spend-against-budget']).toBe(37.5); // 450.00 of 1,200.00
    const assumptions = { currency: 'EUR', outcomeValues: { promotion: 0, 'project-completion': 0, 'skill-attainment': 0, certification: 0 }, trainingHourValue: 0, participantHourlyCost: 0, fixedProgramCost: 1000 };
    expect((await http('PUT', `${an}/programs/${programId}/roi/assumptions`, pm, assumptions)).status).toBe(200);
    const roi = await http('GET', `${an}/programs/${programId}/roi`, analyst);
    expect(roi.body.cost).toMatchObject({ rewardSpend: 450, fixedProgramCost: 1000, total: 1450 });
    const month = new Date().toISOString().slice(0, 7);
    expect((await http('GET', `${an}/programs/${programId}/rewards`, analyst)).body).toEqual({
      budgets: [{ period: year, currency: 'EUR', allocatedMinor: 120000 }],
      months: [{ month, currency: 'EUR', fulfilled: 1, spentMinor: 45000, ratings: 1, averageSatisfaction: 4, averageRelevance: 5 }],
    });

    const { messages } = await readAllTopics(runTopicPrefix(suite));
    const types = new Set(messages.map((m) => m.headers.ce_type));
    for (const name of ['RewardBudgetAllocated', 'RewardRequested', 'RewardApproved', 'RewardRejected', 'RewardFulfilled', 'RewardCancelled', 'RewardFeedbackGiven']) {
      expect(types).toContain(`tandem.recognition.${name}.v1`);
    }
    expect(messages.filter((m) => `${m.value}${JSON.stringify(m.headers)}`.includes(marker) || `${m.value}`.includes('One gift per year'))).toEqual([]);
  });

  it('gives two replicas 50 parallel requests against a budget for 10: exactly 10 reservations, 40 × reward.budget_exhausted; stock likewise', async () => {
    replica = await suite.replica('recognition', 'recognition-2');
    await replica.start();
    const urls = [rec(), replica.url];
    const pin = await add('Team lunch', { kind: 'gift', costMinor: 1000 });
    const month = new Date().toISOString().slice(0, 7);
    // A month budget for exactly 10 lunches: the narrowest period containing today, so requests draw on it.
    await http('POST', `${rec()}/programs/${programId}/reward-budgets/${month}/allocations`, pm, { amountMinor: 10000, currency: 'EUR' });
    const race = async (rewardId: string) => {
      const started = Date.now();
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ask(rewardId, mentor, urls[i % 2])));
      const count = (status: number, code?: string) => answers.filter((a) => a.status === status && (code === undefined || a.body?.code === code)).length;
      return { answers, count, ms: Date.now() - started };
    };
    const budget = await race(pin.rewardId);
    expect([budget.count(201), budget.count(409, 'reward.budget_exhausted')]).toEqual([10, 40]);
    expect(budget.answers.find((a) => a.status === 409)?.body.message).toMatch(/exhausted/);
    const monthPosition = await http('GET', `${rec()}/programs/${programId}/reward-budgets/${month}`, pm);
    expect(monthPosition.body).toMatchObject({ allocatedMinor: 10000, reservedMinor: 10000, spentMinor: 0, remainingMinor: 0 });
    expect(monthPosition.body.entries.filter((e: { entry: string }) => e.entry === 'reservation')).toHaveLength(10);

    const badge = await add('Limited badge', { kind: 'public-recognition', costMinor: 1, stock: 10 });
    await http('POST', `${rec()}/programs/${programId}/reward-budgets/${month}/allocations`, pm, { amountMinor: 1000000, currency: 'EUR' });
    const stock = await race(badge.rewardId);
    expect([stock.count(201), stock.count(409, 'reward.out_of_stock')]).toEqual([10, 40]);
    const catalogue = await http('GET', `${rec()}/programs/${programId}/rewards`, pm);
    expect(catalogue.body.find((r: { rewardId: string }) => r.rewardId === badge.rewardId)).toMatchObject({ stock: 10, available: 0 });
    const held = await sql(suite.databases.recognition.url, `SELECT count(*)::int AS n FROM recognition.reward_requests WHERE reward_id = $1`, [badge.rewardId]);
    expect(held).toEqual([{ n: 10 }]);
    const restocked = await http('POST', `${rec()}/programs/${programId}/rewards/${badge.rewardId}/restock`, pm, { quantity: 2 });
    expect(restocked.body).toMatchObject({ stock: 12, available: 2 });
    expect((await ask(badge.rewardId, mentor, replica.url)).status).toBe(201);
    expect((await http('POST', `${rec()}/programs/${programId}/rewards/${pin.rewardId}/restock`, pm, { quantity: 2 })).body).toMatchObject({ code: 'reward.unlimited_stock' });
    process.stdout.write(`\nRewards race on two replicas: budget 50 requests in ${budget.ms} ms, stock 50 requests in ${stock.ms} ms\n`);
  });

  // Last: stops recognition, so nothing changes its database while it is compared.
  it('rebuilds the catalogue, the budget ledger and positions, and the requests from the event store, row for row', async () => {
    await Promise.all([suite.services.recognition.stop(), replica?.stop()]);
    const url = suite.databases.recognition.url;
    const before = await snapshotSchema(url, 'recognition');
    expect(['rewards', 'reward_budgets', 'reward_budget_entries', 'reward_requests'].filter((table) => !before[table]?.length)).toEqual([]);
    for (const table of ['rewards', 'reward_budgets', 'reward_budget_entries', 'reward_requests']) await sql(url, `DELETE FROM recognition.${table}`);
    expect(await runRebuild('recognition', suite.services.recognition.env)).toMatch(/\[rebuild\] recognition: done/);
    expect(await snapshotSchema(url, 'recognition')).toEqual(before);
  });
});
