import { randomUUID } from 'node:crypto';
import { eventually } from '@tandem/testing';
import { sql } from './support/kafka-run';
import { badInputCases, HTTP_METHODS, requiredPaths, SchemaSampler, type FuzzCase, type OpenApiDocument } from './support/fuzz';
import { openEvergreenProgram, startPairingViaEnrollment } from './support/pairings';
import { aProgram, http, SERVICES, startSuite, type ServiceName, type Suite } from './support/suite';

const justNow = () => new Date(Date.now() - 10).toISOString();
const CONCURRENCY = 8;

interface Answer {
  status: number;
  code?: string;
  message?: string;
  errors?: { field: string; messages: string[] }[];
}

interface OperationReport {
  service: ServiceName;
  operation: string;
  caller: string;
  baseline: Answer;
  reached: boolean;
  sent: number;
  byStatus: Record<number, number>;
  failures: string[];
}

/** Refused by validation or authorization rather than by the operation itself (a route that was never reached). */
/** One bad row of an import file per class of bad input: each must be refused in the report, naming its field. */
const BAD_IMPORT_ROWS: [string, string][] = [
  ['NUL in a value', '{"record":"participant","employeeId":"E\\u0000","userId":"u","name":"n","email":"a@b.co","role":"mentor","timeZone":"UTC"}'],
  ['lone surrogate', '{"record":"session","sessionRef":"\\ud800","pairingRef":"p","occurredAt":"2026-01-01T00:00:00Z","minutes":30,"format":"video","reportedBy":"mentor"}'],
  ['too deep', '{"record":"goal","goalRef":[[[[[["x"]]]]]]}'],
  ['not JSON', '{"record":'],
  ['unknown record', '{"record":"badge"}'],
  ['a tenant in the row', '{"record":"session","tenantId":"other","sessionRef":"s","pairingRef":"p","occurredAt":"2026-01-01T00:00:00Z","minutes":30,"format":"video","reportedBy":"mentor"}'],
];

const stoppedBeforeTheOperation = ({ status, code }: Answer) =>
  status === 401 || status === 403 || (status === 400 && code === 'validation_failed') || (status === 404 && code === 'not_found') || status >= 500;

/**
 * Every operation of every service's OpenAPI document, with real ids and an authorised caller, gets a well-formed
 * baseline request (which must get past validation and authorization) and then the classes of bad input that once
 * answered 500. Fails on an operation never reached, on any 5xx, on a named class not answered 400, and on any
 * event-store row written by a refused request (each request carries its own correlation id, which every event's
 * metadata records).
 */
describe('bad input on every operation of every service', () => {
  let suite: Suite;
  const ids: Record<string, string> = {};
  let callers: Record<string, string>;

  beforeAll(async () => {
    suite = await startSuite();
    const enrollment = suite.services.enrollment.url;
    const st = suite.services['session-tracking'].url;
    callers = {
      'program manager (creator)': suite.token(['program-manager']),
      'mentee of the pairing': suite.token(['mentee'], suite.tenant, 'max'),
      'mentor of the pairing': suite.token(['mentor'], suite.tenant, 'mia'),
      admin: suite.token(['admin'], suite.tenant, 'fuzz-admin'),
      analyst: suite.token(['analyst'], suite.tenant, 'fuzz-analyst'),
    };
    const pm = callers['program manager (creator)'];
    const max = callers['mentee of the pairing'];
    const created = async (what: string, response: Promise<{ status: number; body: any }>) => {
      const r = await response;
      if (r.status >= 300) throw new Error(`${what} not created: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };

    // One of every resource, through the real APIs.
    ids.programId = await openEvergreenProgram(suite, 'Fuzzed program');
    ids.pairingId = await startPairingViaEnrollment(suite, ids.programId, 'mia', 'max');
    const applications = await created('applications', http('GET', `${enrollment}/programs/${ids.programId}/applications`, pm));
    const applicationOf = (role: string) => applications.items.find((a: { role: string }) => a.role === role).applicationId;
    ids.applicationId = applicationOf('mentee');
    ids.mentorApplicationId = applicationOf('mentor');
    ids.menteeApplicationId = applicationOf('mentee');
    const run = await http('POST', `${enrollment}/programs/${ids.programId}/matching-runs`, pm);
    ids.runId = run.body?.runId ?? randomUUID(); // evergreen programs may refuse matching runs: a real-looking id still reaches the route
    ids.sessionId = (await created('session', http('POST', `${st}/pairings/${ids.pairingId}/sessions/log`, max, { occurredAt: justNow(), minutes: 45, format: 'video' }))).sessionId;
    await created('confirmation', http('POST', `${st}/sessions/${ids.sessionId}/confirm`, callers['mentor of the pairing']));
    ids.entryId = await eventually('the confirmed session in the training-hours ledger', async () => {
      const ledger = await http('GET', `${st}/programs/${ids.programId}/training-hours/mia`, pm);
      return ledger.body?.entries?.[0]?.entryId as string | undefined;
    });
    const goal = await created('goal', http('POST', `${st}/pairings/${ids.pairingId}/goals`, max, { title: 'Lead a design review', metric: 'reviews led', target: 2, relevance: 'Promotion', dueOn: '2999-01-01', milestones: [{ title: 'First review', dueOn: '2998-01-01' }] }));
    ids.goalId = goal.goalId;
    ids.milestoneId = goal.milestones[0].milestoneId;
    ids.roadmapId = (await created('roadmap', http('POST', `${st}/programs/${ids.programId}/roadmaps`, pm, { title: 'Tech lead path', goals: [{ title: 'Run a retro', metric: 'retros run', target: 1, durationDays: 30 }] }))).roadmapId;
    ids.outcomeId = (await created('outcome', http('POST', `${st}/pairings/${ids.pairingId}/outcomes`, max, { kind: 'skill-attainment', title: 'Ran the retro', achievedOn: new Date().toISOString().slice(0, 10) }))).outcomeId;
    ids.noteId = (await created('note', http('POST', `${st}/pairings/${ids.pairingId}/notes`, max, { text: 'Went well' }))).noteId;
    ids.userId = 'mia';
    ids.report = 'program_impact';
    ids.personId = 'mia';
    ids.badgeId = 'participation';
    // Rewards: a catalogue item, this year's budget and a request by the pairing's (approved) mentor.
    const rec = suite.services.recognition.url;
    ids.rewardId = (await created('reward', http('POST', `${rec}/programs/${ids.programId}/rewards`, pm, { name: 'Conference ticket', kind: 'conference', costMinor: 45000, currency: 'EUR' }))).rewardId;
    ids.period = new Date().toISOString().slice(0, 4);
    await created('reward budget', http('POST', `${rec}/programs/${ids.programId}/reward-budgets/${ids.period}/allocations`, pm, { amountMinor: 10_000_000, currency: 'EUR' }));
    const mia = callers['mentor of the pairing'];
    await eventually('recognition to know the approved mentor', async () => ((await http('GET', `${rec}/programs/${ids.programId}/rewards/eligible`, mia)).status === 200 ? true : undefined));
    ids.requestId = (await created('reward request', http('POST', `${rec}/programs/${ids.programId}/reward-requests`, mia, { rewardId: ids.rewardId }))).requestId;
    // Credentials: mia's confirmed session earned her Participation, issued as a credential of the tenant's key 1, list 1.
    ids.credentialId = await eventually('the credential of mia\'s Participation', async () => (await http('GET', `${rec}/me/credentials`, mia)).body?.items?.[0]?.credentialId as string | undefined);
    ids.tenantId = suite.tenant;
    ids.keyNo = '1';
    ids.listNo = '1';
    // Community (issue 13): kudos from the pairing's mentee, a grant, the feed's secret.
    ids.mentorId = 'mia';
    ids.kudosId = await eventually('recognition to know the pairing', async () => {
      const r = await http('POST', `${rec}/programs/${ids.programId}/kudos`, max, { mentorId: 'mia', category: 'trust', message: 'Thank you' });
      return r.status === 201 ? (r.body.kudosId as string) : undefined;
    });
    ids.grantId = (await created('grant', http('POST', `${rec}/programs/${ids.programId}/grants`, pm, { personId: 'mia', title: 'Fuzz host', citation: 'Hosted the fuzz' }))).grantId;
    ids.secret = (await created('feed secret', http('POST', `${rec}/wall/feed/rotate`, pm))).secret;
    const year = new Date().getUTCFullYear();
    ids.competitionId = (await created('competition', http('POST', `${rec}/programs/${ids.programId}/competitions`, pm, { title: 'Fuzz of the Year', periodStart: `${year}-01-01T00:00:00Z`, periodEnd: `${year + 1}-01-01T00:00:00Z` }))).competitionId;
    ids.nomineeId = 'mia';
  });
  afterAll(() => suite?.stop());

  it('answers every bad input with a 4xx naming it, never a 5xx, and writes nothing for a refused request', async () => {
    const started = Date.now();
    const reports: OperationReport[] = [];
    const statusByCorrelation = new Map<string, number>();
    let sequence = 0;

    const send = async (service: ServiceName, method: string, token: string, c: Pick<FuzzCase, 'path' | 'query' | 'body'>): Promise<Answer> => {
      const correlationId = `fuzz-${++sequence}`;
      const response = await fetch(`${suite.services[service].url}${c.path}${c.query}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId, ...(c.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: c.body,
      });
      const text = await response.text();
      statusByCorrelation.set(correlationId, response.status);
      try {
        const { code, message, errors } = JSON.parse(text) ?? {};
        return { status: response.status, code, message, errors };
      } catch {
        return { status: response.status };
      }
    };

    for (const service of SERVICES) {
      const document = (await http('GET', `${suite.services[service].url}/docs-json`)).body as OpenApiDocument;
      const sampler = new SchemaSampler(document, ids);
      for (const [template, item] of Object.entries(document.paths)) {
        for (const method of HTTP_METHODS) {
          const operation = item[method];
          if (!operation) continue;
          const parameters = operation.parameters ?? [];
          const pathParameters = parameters.filter((p) => p.in === 'path').map((p) => p.name);
          const queryParameters = parameters.filter((p) => p.in === 'query').map((p) => p.name);
          const missingIds = pathParameters.filter((name) => ids[name] === undefined);
          const pathOf = (overrides: Record<string, string> = {}) =>
            template.replace(/\{(\w+)\}/g, (_, name: string) => overrides[name] ?? encodeURIComponent(ids[name]));
          const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
          const baselineBody = bodySchema ? sampler.sample(bodySchema) : undefined;
          // Required query parameters get a valid value in the baseline, as a client would send them.
          const requiredQuery = parameters
            .filter((p) => p.in === 'query' && p.required)
            .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(p.example ?? sampler.sample(p.schema, p.name)))}`);
          const baselineQuery = requiredQuery.length ? `?${requiredQuery.join('&')}` : '';
          const report: OperationReport = { service, operation: `${method.toUpperCase()} ${template}`, caller: '-', baseline: { status: 0 }, reached: false, sent: 0, byStatus: {}, failures: [] };
          reports.push(report);
          if (missingIds.length > 0) {
            report.failures.push(`no real id for path parameter(s) ${missingIds.join(', ')}: create one in beforeAll`);
            continue;
          }
          const count = (answer: Answer) => {
            report.sent += 1;
            report.byStatus[answer.status] = (report.byStatus[answer.status] ?? 0) + 1;
          };

          // The baseline: the first caller the operation lets through.
          let token = '';
          for (const [who, candidate] of Object.entries(callers)) {
            const answer = await send(service, method, candidate, { path: pathOf(), query: baselineQuery, body: baselineBody === undefined ? undefined : JSON.stringify(baselineBody) });
            count(answer);
            report.baseline = answer;
            report.caller = who;
            token = candidate;
            if (answer.status !== 401 && answer.status !== 403) break;
          }
          report.reached = !stoppedBeforeTheOperation(report.baseline);
          if (!report.reached) report.failures.push(`never reached: baseline answered ${report.baseline.status} ${report.baseline.code ?? ''} (${report.baseline.message}) for ${report.caller}`);

          const cases = badInputCases({
            method,
            pathParameters,
            queryParameters,
            pathOf,
            baselineBody,
            requiredBodyPaths: bodySchema ? requiredPaths(sampler, bodySchema, baselineBody) : [],
          });
          for (let i = 0; i < cases.length; i += CONCURRENCY) {
            await Promise.all(
              cases.slice(i, i + CONCURRENCY).map(async (c) => {
                const answer = await send(service, method, token, c);
                count(answer);
                if (answer.status >= 500) report.failures.push(`${c.kind}: ${answer.status}`);
                else if (c.mustBe400 && answer.status !== 400) report.failures.push(`${c.kind}: expected 400, got ${answer.status} ${answer.code ?? ''}`);
                else if (c.mustBe400 && c.kind !== 'body: malformed JSON' && !(answer.code === 'validation_failed' && answer.errors?.[0]?.field && answer.errors[0].messages.length)) {
                  report.failures.push(`${c.kind}: a 400 that names no field: ${JSON.stringify(answer)}`);
                }
              }),
            );
          }
          // Streamed uploads (the imports): each bad row is refused in the report with a 400 naming its field, nothing written.
          if (operation.requestBody?.content?.['application/x-ndjson'] && report.reached) {
            for (const [kind, line] of BAD_IMPORT_ROWS) {
              const correlationId = `fuzz-${++sequence}`;
              const response = await fetch(`${suite.services[service].url}${pathOf()}`, {
                method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-correlation-id': correlationId, 'content-type': 'application/x-ndjson' }, body: `${line}\n`,
              });
              statusByCorrelation.set(correlationId, response.status);
              const lines = (await response.text()).trim().split('\n').map((l) => JSON.parse(l));
              count({ status: response.status });
              const summary = lines.at(-1);
              const refused = lines.find((l) => l.type === 'rejected');
              // A row of a kind the other service imports is that service's to refuse: skipped here.
              const refusedHere = summary?.rejected === 1 && refused?.status === 400 && refused.errors?.[0]?.field;
              if (response.status !== 200 || summary?.imported !== 0 || !(refusedHere || summary?.skipped === 1)) {
                report.failures.push(`import row ${kind}: expected a 400 row naming a field, got ${response.status} ${JSON.stringify(lines)}`);
              }
            }
          }
        }
      }
    }

    // No event-store row of any database may come from a refused request (accepted ones did write: the check sees them).
    const writtenByRefused: string[] = [];
    let writtenByAccepted = 0;
    for (const service of SERVICES) {
      const rows = await sql<{ id: string; type: string }>(
        suite.databases[service].url,
        `SELECT metadata->>'correlationId' AS id, event_type AS type FROM event_store.events WHERE metadata->>'correlationId' LIKE 'fuzz-%'`,
      );
      for (const row of rows) {
        const status = statusByCorrelation.get(row.id) ?? 0;
        if (status >= 400) writtenByRefused.push(`${service}: ${row.type} written by request ${row.id} answered ${status}`);
        else writtenByAccepted += 1;
      }
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(summary(reports, seconds));
    expect(reports.length).toBeGreaterThan(50);
    expect(reports.flatMap((r) => r.failures.map((f) => `${r.service} ${r.operation}: ${f}`))).toEqual([]);
    expect(writtenByRefused).toEqual([]);
    expect(writtenByAccepted).toBeGreaterThan(0);
  });

  it('answers the reported cases with a 400 naming the field or parameter', async () => {
    const { enrollment, analytics } = suite.services;
    const st = suite.services['session-tracking'].url;
    const pm = callers['program manager (creator)'];
    const max = callers['mentee of the pairing'];
    const fieldsOf = (r: { body: { errors?: { field: string; messages: string[] }[] } }) => r.body.errors?.map((e) => e.field);

    const asOf = await http('GET', `${analytics.url}/programs/${ids.programId}?asOf=2026-11-30`, pm);
    expect(asOf.status).toBe(400);
    expect(asOf.body).toMatchObject({ code: 'validation_failed', message: 'Unknown query parameters: asOf', errors: [{ field: 'asOf' }] });

    for (const missing of ['lifecycle', 'expectations']) {
      const program = aProgram();
      delete (program as Record<string, unknown>)[missing];
      expect(fieldsOf(await http('POST', `${enrollment.url}/programs`, pm, program))).toEqual([missing]);
      expect(fieldsOf(await http('PUT', `${enrollment.url}/programs/${ids.programId}`, pm, program))).toEqual([missing]);
    }

    const surrogate = await http('POST', `${st}/pairings/${ids.pairingId}/notes`, max, { text: 'a\ud800b' });
    expect(surrogate.status).toBe(400);
    expect(surrogate.body.errors).toEqual([{ field: 'text', messages: ['text must be well-formed Unicode (it contains a lone UTF-16 surrogate)'] }]);
    const nul = await http('POST', `${st}/pairings/${ids.pairingId}/goals`, max, { title: 'a\u0000b', metric: 'm', target: 1, relevance: 'r', dueOn: '2999-01-01' });
    expect(nul.body.errors).toEqual([{ field: 'title', messages: ['title must not contain the NUL character (U+0000)'] }]);

    for (const url of [`${enrollment.url}/pairings/a%00b`, `${st}/pairings/a%00b`, `${suite.services.recognition.url}/programs/a%00b/badges`, `${analytics.url}/programs/a%00b`]) {
      const r = await http('GET', url, pm);
      expect(r.status).toBe(400);
      expect(r.body.errors[0].messages[0]).toMatch(/^(pairingId|programId) must not contain the NUL character/);
    }

    const offset = await http('GET', `${enrollment.url}/programs?offset=1e20`, pm);
    expect(offset.body.errors).toEqual([{ field: 'offset', messages: ['offset must be an integer written in decimal digits'] }]);
  });
});

function summary(reports: OperationReport[], seconds: string): string {
  const statuses = [...new Set(reports.flatMap((r) => Object.keys(r.byStatus).map(Number)))].sort((a, b) => a - b);
  const total = (s: number) => reports.reduce((n, r) => n + (r.byStatus[s] ?? 0), 0);
  const sent = reports.reduce((n, r) => n + r.sent, 0);
  const width = Math.max(...reports.map((r) => r.service.length + r.operation.length + 1));
  const header = `${'operation'.padEnd(width)}  reached  baseline  caller                      sent  ${statuses.map((s) => String(s).padStart(5)).join('')}`;
  const lines = reports.map(
    (r) =>
      `${`${r.service} ${r.operation}`.padEnd(width)}  ${(r.reached ? 'yes' : 'NO').padEnd(7)}  ${String(r.baseline.status).padEnd(8)}  ${r.caller.padEnd(26)}  ${String(r.sent).padStart(4)}  ${statuses.map((s) => String(r.byStatus[s] ?? '').padStart(5)).join('')}`,
  );
  const totals = `${'total'.padEnd(width)}  ${String(reports.filter((r) => r.reached).length).padEnd(7)}  ${''.padEnd(8)}  ${`${reports.length} operations`.padEnd(26)}  ${String(sent).padStart(4)}  ${statuses.map((s) => String(total(s)).padStart(5)).join('')}`;
  return `\nInput fuzz: ${sent} requests to ${reports.length} operations in ${seconds} s\n${header}\n${lines.join('\n')}\n${totals}\n\n`;
}
