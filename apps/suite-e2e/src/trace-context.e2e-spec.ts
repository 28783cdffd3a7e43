import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { PairingStarted } from '@tandem/enrollment-contracts';
import { eventually } from '@tandem/testing';
import { awaitMessages, publishEvent, readAllTopics, runTopicPrefix, sql, type ReadMessage } from './support/kafka-run';
import { openEvergreenProgram, startPairingViaEnrollment } from './support/pairings';
import { aProgram, http, SERVICES, startSuite, type Suite } from './support/suite';

// The W3C format, checked independently of the implementation: version 00, lower-case hex, ids not all zero.
const W3C = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}$/;
const traceIdOf = (traceparent: string | undefined) => W3C.exec(traceparent ?? '')?.[1];
const spanIdOf = (traceparent: string | undefined) => W3C.exec(traceparent ?? '')?.[2];

const CALLER_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';
// Well-formed ids in a malformed header (no flags): a service that copied the header would keep them.
const MALFORMED_TRACE = 'a3ce929d0e0e47364bf92f3577b34da6';
const MALFORMED_SPAN = '0ba902b700f067aa';

/** A stand-in OpenTelemetry collector: records what the OTLP/HTTP exporter posts. */
function otlpCollector(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`, bodies })),
  );
}

/**
 * W3C trace context through the real pipe: the four services as processes, real Kafka and PostgreSQL. Requests
 * without, with a valid and with a malformed `traceparent`; events produced by consumers (recognition's badge
 * catalogue) and by a scheduler (session tracking's engagement health); then every message of every topic of the
 * run is read back and checked.
 */
describe('trace context on every event', () => {
  let suite: Suite;
  let collector: Awaited<ReturnType<typeof otlpCollector>>;

  beforeAll(async () => {
    collector = await otlpCollector();
    suite = await startSuite({
      env: {
        enrollment: { OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200' },
        'session-tracking': { HEALTH_CHECK_INTERVAL_MS: '500' },
      },
    });
  });
  afterAll(async () => {
    await suite?.stop();
    collector?.server.close();
  });

  it('gives every message of every topic a valid traceparent that continues its cause', async () => {
    const enrollment = suite.services.enrollment.url;
    const pm = suite.token(['program-manager']);
    const create = async (name: string, headers: Record<string, string>) => {
      const r = await http('POST', `${enrollment}/programs`, pm, aProgram({ name }), headers);
      expect(r.status).toBe(201);
      return r.body.programId as string;
    };
    const untraced = await create('No traceparent', {});
    const traced = await create('Valid traceparent', { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    const malformed = await create('Malformed traceparent', { traceparent: `00-${MALFORMED_TRACE}-${MALFORMED_SPAN}` });

    // More traffic through every service: applications, a pairing (session tracking), badges (recognition).
    const programId = await openEvergreenProgram(suite, 'Traced program');
    await startPairingViaEnrollment(suite, programId, 'tia', 'tom');
    // A pairing that lapsed 30 days ago: the engagement-health scheduler raises PairingAtRisk on its own.
    const lapsed = randomUUID();
    await publishEvent(suite, PairingStarted, {
      tenantId: suite.tenant, programId, pairingId: lapsed, proposalId: lapsed, startedAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
      mentor: { applicationId: randomUUID(), userId: 'rita', employeeId: 'emp-rita', name: 'Rita' },
      mentee: { applicationId: randomUUID(), userId: 'rob', employeeId: 'emp-rob', name: 'Rob' },
    });
    await awaitMessages(suite, 'mentoring.session-tracking.v1', 'tandem.session-tracking.PairingAtRisk.v1', (p) => p.pairingId === lapsed);
    await awaitMessages(suite, 'mentoring.recognition.v1', 'tandem.recognition.BadgeDefined.v1', () => true, 4 * 3);

    const { topics, messages } = await readAllTopics(runTopicPrefix(suite));
    const topicOf = (m: ReadMessage) => m.topic.slice(runTopicPrefix(suite).length);
    expect(topics.map((t) => t.slice(runTopicPrefix(suite).length))).toEqual(
      expect.arrayContaining(['mentoring.enrollment.v1', 'mentoring.recognition.v1', 'mentoring.session-tracking.v1']),
    );

    // 1. Every message carries a valid W3C traceparent, the same in the plain and the CloudEvents header.
    const invalid = messages.filter((m) => !W3C.test(m.headers.traceparent ?? '') || m.headers.ce_traceparent !== m.headers.traceparent);
    expect(invalid.map((m) => `${topicOf(m)} ${m.headers.ce_type} traceparent=${m.headers.traceparent}`)).toEqual([]);
    const byTopic = Object.fromEntries(topics.map((t) => [t.slice(runTopicPrefix(suite).length), messages.filter((m) => m.topic === t).length]));
    expect(byTopic['mentoring.enrollment.v1']).toBeGreaterThanOrEqual(10);

    // 2. Requests: a valid inbound trace is continued in a new span; a malformed header is replaced; none starts one.
    const created = (id: string) => messages.find((m) => m.headers.ce_type === 'tandem.enrollment.ProgramCreated.v1' && JSON.parse(m.value!).programId === id)!;
    expect(traceIdOf(created(traced).headers.traceparent)).toBe(CALLER_TRACE);
    expect(spanIdOf(created(traced).headers.traceparent)).not.toBe(CALLER_SPAN);
    expect(created(malformed).headers.traceparent).not.toContain(MALFORMED_TRACE);
    expect(created(malformed).headers.traceparent).not.toContain(MALFORMED_SPAN);
    const requestTraces = [untraced, traced, malformed].map((id) => traceIdOf(created(id).headers.traceparent));
    expect(new Set(requestTraces).size).toBe(3);

    // 3. Consumers: an event produced while handling another continues its trace in a new span. The link is the
    //    producing service's stored event (ce_causationid), whose metadata names the consumed message (causationId).
    const stored = new Map<string, { causationId?: string; traceparent?: string }>();
    for (const app of SERVICES) {
      const rows = await sql<{ event_id: string; metadata: { causationId?: string; traceparent?: string } }>(
        suite.databases[app].url, `SELECT event_id, metadata FROM event_store.events`,
      );
      for (const row of rows) stored.set(row.event_id, row.metadata);
    }
    const byId = new Map(messages.map((m) => [m.headers.ce_id, m]));
    const caused = messages.flatMap((m) => {
      const source = stored.get(m.headers.ce_causationid);
      if (!source) return []; // published by the test itself
      expect(source.traceparent).toBe(m.headers.traceparent); // the outbox headers come from the event's metadata
      const cause = source.causationId ? byId.get(source.causationId) : undefined;
      return cause ? [{ effect: m, cause }] : [];
    });
    expect(caused.length).toBeGreaterThanOrEqual(4 * 3); // 3 badges for each of the 4 programs, at least
    for (const { effect, cause } of caused) {
      expect(traceIdOf(effect.headers.traceparent)).toBe(traceIdOf(cause.headers.traceparent));
      expect(spanIdOf(effect.headers.traceparent)).not.toBe(spanIdOf(cause.headers.traceparent));
    }
    const badgesOfTraced = caused.filter(({ cause }) => cause === created(traced));
    // The catalogue's three BadgeDefined v1 and the default tiers' versioned rules (BadgeDefined v2, and v3 since issue 13), all in the caller's trace.
    expect(badgesOfTraced.map(({ effect }) => effect.headers.ce_type).sort()).toEqual(
      [...Array(3).fill('tandem.recognition.BadgeDefined.v1'), ...Array(3).fill('tandem.recognition.BadgeDefined.v2'), ...Array(3).fill('tandem.recognition.BadgeDefined.v3')],
    );
    expect(badgesOfTraced.map(({ effect }) => traceIdOf(effect.headers.traceparent))).toEqual(Array(9).fill(CALLER_TRACE));

    // 4. The scheduler starts a trace of its own for its unit of work.
    const alert = messages.find((m) => m.headers.ce_type === 'tandem.session-tracking.PairingAtRisk.v1' && JSON.parse(m.value!).pairingId === lapsed)!;
    const started = messages.find((m) => m.headers.ce_type === 'tandem.enrollment.PairingStarted.v1' && JSON.parse(m.value!).pairingId === lapsed)!;
    expect(traceIdOf(alert.headers.traceparent)).toBeDefined();
    expect(traceIdOf(alert.headers.traceparent)).not.toBe(traceIdOf(started.headers.traceparent));
    const otherTraces = messages.filter((m) => m !== alert).map((m) => traceIdOf(m.headers.traceparent));
    expect(otherTraces).not.toContain(traceIdOf(alert.headers.traceparent));

    // 5. The request's log line carries its trace and span ids; with OTEL_TRACES_EXPORTER=otlp its span is exported.
    const logDir = resolve(__dirname, '../../../tmp/e2e-logs', suite.tenant.slice('acme-'.length));
    const requestLines = readFileSync(join(logDir, 'enrollment.log'), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"msg":"request completed"') && line.includes(`"trace_id":"${CALLER_TRACE}"`));
    expect(requestLines).toHaveLength(1);
    expect(JSON.parse(requestLines[0])).toMatchObject({ req: { method: 'POST', url: '/programs' }, span_id: spanIdOf(created(traced).headers.traceparent) });
    const exported = await eventually('the request span to be exported', async () => {
      const all = collector.bodies.join('\n');
      return all.includes(CALLER_TRACE) ? all : undefined;
    });
    expect(exported).toContain(spanIdOf(created(traced).headers.traceparent));
    expect(exported).toContain('POST /programs');
    expect(exported).toContain('tandem-enrollment');
  });
});
