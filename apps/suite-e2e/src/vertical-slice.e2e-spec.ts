import { eventually } from '@tandem/testing';
import { aProgram, http, startSuite, type Suite } from './support/suite';

/**
 * The foundation's user journey through the real pipe: a program manager creates a program on enrollment;
 * the event is stored, relayed to Kafka and consumed by session tracking, recognition (which publishes its
 * own events in turn) and analytics, where an analyst sees it.
 */
describe('vertical slice: program created → every service', () => {
  let suite: Suite;
  let pm: string;
  let analyst: string;

  beforeAll(async () => {
    suite = await startSuite();
    pm = suite.token(['program-manager']);
    analyst = suite.token(['analyst'], suite.tenant, 'analyst-1');
  });
  afterAll(() => suite?.stop());

  const enrollment = () => suite.services.enrollment.url;
  const analytics = () => suite.services.analytics.url;

  it('flows from the enrollment API through Kafka into all four services', async () => {
    const created = await http('POST', `${enrollment()}/programs`, pm, aProgram(), { 'x-correlation-id': 'journey-1' });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe('journey-1');
    expect(created.headers.get('location')).toBe(`/programs/${created.body.programId}`);
    expect(created.body).toMatchObject({ status: 'draft', version: 1, name: 'Engineering mentoring 2027', managers: ['pm-1'] });
    const id = created.body.programId;

    const policy = await eventually('session tracking to know the program', async () => {
      const r = await http('GET', `${suite.services['session-tracking'].url}/programs/${id}/policy`, pm);
      return r.status === 200 ? r.body : undefined;
    });
    expect(policy).toEqual({ programId: id, name: 'Engineering mentoring 2027', status: 'draft', sessionsPerMonth: 2, sessionMinutes: 45 });

    const badges = await eventually('recognition to set up the badge catalogue', async () => {
      const r = await http('GET', `${suite.services.recognition.url}/programs/${id}/badges`, pm);
      return r.body?.length === 3 ? r.body : undefined;
    });
    expect(badges.map((b: { tier: string }) => b.tier).sort()).toEqual(['champion', 'participation', 'rising-star']);

    // analytics consumes both enrollment's and recognition's topics
    const summary = await eventually('analytics to show the program with its badges', async () => {
      const r = await http('GET', `${analytics()}/programs/${id}`, analyst);
      return r.status === 200 && r.body.badgeDefinitions === 3 ? r.body : undefined;
    });
    expect(summary).toMatchObject({ programId: id, name: 'Engineering mentoring 2027', status: 'draft', lifecycleKind: 'cohort', startsOn: '2027-01-11', objectives: 1 });

    const opened = await http('POST', `${enrollment()}/programs/${id}/status`, pm, { status: 'open' });
    expect(opened.status).toBe(200);
    await eventually('analytics to see it open', async () => {
      const r = await http('GET', `${analytics()}/programs?status=open`, analyst);
      return r.body.items?.some((p: { programId: string }) => p.programId === id) ? true : undefined;
    });
  });

  it('answers bad input with 400 naming every bad field, and malformed ids and JSON with 400', async () => {
    const bad = await http('POST', `${enrollment()}/programs`, pm, {
      ...aProgram({ name: '', lifecycle: { kind: 'cohort', startsOn: 'soon' } }),
      expectations: { sessionsPerMonth: 0, sessionMinutes: 45 },
      objectives: [{ description: 'x', metric: 'm', target: -1 }],
      surprise: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      ['expectations.sessionsPerMonth', 'lifecycle.endsOn', 'lifecycle.startsOn', 'name', 'objectives.0.metric', 'objectives.0.target', 'surprise'].sort(),
    );
    expect((await http('GET', `${enrollment()}/programs/not-a-uuid`, pm)).status).toBe(400);
    expect((await http('POST', `${enrollment()}/programs`, pm, '{"name": ')).status).toBe(400);
    const domainRule = await http('POST', `${enrollment()}/programs`, pm, aProgram({ lifecycle: { kind: 'cohort', startsOn: '2027-06-01', endsOn: '2027-01-01' } }));
    expect(domainRule.status).toBe(400);
    expect(domainRule.body).toMatchObject({ code: 'program.invalid_dates', details: { field: 'lifecycle.endsOn' } });
  });

  it('refuses missing, forged and under-privileged tokens', async () => {
    expect((await http('GET', `${analytics()}/programs`)).status).toBe(401);
    // Flip a character inside the signature (the last one may only carry padding bits).
    const genuine = suite.token(['admin']);
    const at = genuine.length - 10;
    const forged = genuine.slice(0, at) + (genuine[at] === 'A' ? 'B' : 'A') + genuine.slice(at + 1);
    expect((await http('GET', `${analytics()}/programs`, forged)).status).toBe(401);
    const mentee = suite.token(['mentee']);
    const denied = await http('POST', `${enrollment()}/programs`, mentee, aProgram());
    expect(denied.status).toBe(403);
    expect(denied.body.message).toContain('program-manager');
    expect((await http('GET', `${enrollment()}/health/ready`)).status).toBe(200);
    // Every answer is timed by its route template and the status sent, a guard's refusal included.
    const metrics: string = (await http('GET', `${enrollment()}/metrics`)).body;
    expect(metrics).toMatch(/tandem_http_request_duration_seconds_count\{service="enrollment",method="POST",route="\/programs",status="403"\} [1-9]/);
    expect(metrics).toMatch(/tandem_http_request_duration_seconds_count\{service="enrollment",method="GET",route="\/health\/ready",status="200"\} [1-9]/);
    const docs = await http('GET', `${enrollment()}/docs-json`);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/programs', '/programs/{programId}', '/programs/{programId}/status']));
  });

  it('keeps tenants apart on every service', async () => {
    const mine = await http('POST', `${enrollment()}/programs`, pm, aProgram({ name: 'Only ours' }));
    const id = mine.body.programId;
    await eventually('analytics', async () => ((await http('GET', `${analytics()}/programs/${id}`, analyst)).status === 200 ? true : undefined));

    const other = suite.token(['program-manager', 'analyst', 'admin'], 'globex', 'intruder');
    expect((await http('GET', `${enrollment()}/programs/${id}`, other)).status).toBe(404);
    expect((await http('POST', `${enrollment()}/programs/${id}/status`, other, { status: 'open' })).status).toBe(404);
    expect((await http('GET', `${analytics()}/programs/${id}`, other)).status).toBe(404);
    expect((await http('GET', `${analytics()}/programs`, other)).body).toMatchObject({ items: [], total: 0 });
    expect((await http('GET', `${suite.services['session-tracking'].url}/programs/${id}/policy`, other)).status).toBe(404);
    expect((await http('GET', `${suite.services.recognition.url}/programs/${id}/badges`, other)).body).toEqual([]);
    // Exports: the analyst gets the program in CSV and Parquet; the other tenant's export does not contain it.
    const csv = await http('GET', `${analytics()}/reports/programs/export?format=csv`, analyst);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="programs.csv"');
    expect(csv.body).toMatch(/^program_id,name,status,/);
    expect(csv.body).toContain(`${id},Only ours,draft`);
    expect((await http('GET', `${analytics()}/reports/programs/export?format=csv`, other)).body).not.toContain(id);
    expect((await http('GET', `${analytics()}/reports/programs/export?format=csv&programId=${id}`, other)).status).toBe(404);
    const parquet = await fetch(`${analytics()}/reports/program_impact/export?format=parquet&programId=${id}`, { headers: { authorization: `Bearer ${analyst}` } });
    const bytes = Buffer.from(await parquet.arrayBuffer());
    expect([parquet.status, bytes.subarray(0, 4).toString(), bytes.subarray(-4).toString()]).toEqual([200, 'PAR1', 'PAR1']);
    expect((await http('GET', `${analytics()}/reports/base_tables/export?format=csv`, analyst)).status).toBe(400);
    // The tenant comes from the token only: a tenantId in the body is refused, not obeyed.
    expect((await http('POST', `${enrollment()}/programs`, other, { ...aProgram(), tenantId: suite.tenant })).status).toBe(400);
    expect((await http('GET', `${enrollment()}/programs/${id}`, pm)).body.status).toBe('draft');
  });

  it('refuses illegal transitions and stale versions with 409, and lets one of many concurrent openers win', async () => {
    const { body: program } = await http('POST', `${enrollment()}/programs`, pm, aProgram());
    const url = `${enrollment()}/programs/${program.programId}/status`;
    const illegal = await http('POST', url, pm, { status: 'running' });
    expect(illegal.status).toBe(409);
    expect(illegal.body).toMatchObject({ code: 'program.illegal_transition', message: 'A draft program cannot become running; it can only become open' });

    const stale = await http('POST', url, pm, { status: 'open' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('stream.version_conflict');

    const racers = await Promise.all(Array.from({ length: 8 }, () => http('POST', url, pm, { status: 'open' }, { 'if-match': '"1"' })));
    expect(racers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racers.filter((r) => r.status === 409)).toHaveLength(7);
    expect((await http('GET', `${enrollment()}/programs/${program.programId}`, pm)).body).toMatchObject({ status: 'open', version: 2 });
    expect((await http('GET', `${enrollment()}/programs/00000000-0000-4000-8000-000000000000`, pm)).status).toBe(404);
  });

  it('creates a program once however often a request with the same Idempotency-Key is retried', async () => {
    const key = { 'idempotency-key': 'create-once-1' };
    const first = await http('POST', `${enrollment()}/programs`, pm, aProgram({ name: 'Once' }), key);
    const again = await http('POST', `${enrollment()}/programs`, pm, aProgram({ name: 'Once' }), key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
  });
});
