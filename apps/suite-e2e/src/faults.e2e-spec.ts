import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventually, testInfra } from '@tandem/testing';
import { sql } from './support/kafka-run';
import { aProgram, http, SERVICES, startSuite, type Suite } from './support/suite';
import { TcpProxy } from './support/tcp-proxy';

const infra = (command: 'start' | 'stop') =>
  execFileSync('bash', [resolve(__dirname, '../../../scripts/infra.sh'), command], { stdio: 'inherit' });

/** GET /health/ready, timed. */
async function readiness(url: string) {
  const began = performance.now();
  const response = await http('GET', `${url}/health/ready`);
  return { ...response, ms: performance.now() - began };
}

/**
 * Issue 8 §8: faults are answered as faults. Readiness answers at once whatever is down and keeps a pod that can
 * still do its work in service; a database outage during commands gives 503 + Retry-After (never 500) and the
 * service recovers by itself with nothing half-written or lost.
 */
describe('faults answered as faults', () => {
  describe('with the broker stopped', () => {
    let suite: Suite;
    beforeAll(async () => {
      suite = await startSuite();
    });
    afterAll(async () => {
      infra('start'); // whatever happened, leave the broker running for the rest of the run
      await suite?.stop();
    });

    it('answers readiness within a second, still 200 for services that reach their database, and keeps accepting commands', async () => {
      infra('stop');
      for (let probe = 0; probe < 5; probe++) {
        for (const app of SERVICES) {
          const ready = await readiness(suite.services[app].url);
          expect(ready.ms).toBeLessThan(1000);
          expect({ app, status: ready.status }).toEqual({ app, status: 200 });
          expect(ready.body.details.database.status).toBe('up');
        }
      }
      // The relay and consumers report the broker's absence in the body without taking the pod out of service.
      await eventually('readiness to report the broker unreachable', async () => {
        const ready = await readiness(suite.services.analytics.url);
        return ready.status === 200 && ready.body.details.messaging.kafka.reachable === false ? true : undefined;
      }, { timeoutMs: 15_000, intervalMs: 250 });
      const pm = suite.token(['program-manager']);
      const created = await http('POST', `${suite.services.enrollment.url}/programs`, pm, aProgram({ name: 'while the broker is away' }));
      expect(created.status).toBe(201); // into the outbox

      infra('start');
      await eventually('analytics to receive the program once the broker is back', async () => {
        const r = await http('GET', `${suite.services.analytics.url}/programs/${created.body.programId}`, suite.token(['analyst']));
        return r.status === 200 ? true : undefined;
      }, { timeoutMs: 60_000, intervalMs: 250 });
    });

    it('never logs kafkajs\'s "Limiting retries for the idempotent producer" warning', () => {
      const logs = readdirSync(suite.logDir).map((f) => readFileSync(join(suite.logDir, f), 'utf8'));
      expect(logs.join('\n')).toMatch(/outbox relay lease acquired/); // the relay's idempotent producer did run
      expect(logs.join('\n')).not.toMatch(/Limiting retries for the idempotent producer/);
    });
  });

  describe('with the database cut away from enrollment', () => {
    let suite: Suite;
    const proxy = new TcpProxy(testInfra.pg.host, testInfra.pg.port);

    beforeAll(async () => {
      const port = await proxy.start();
      suite = await startSuite({
        databaseUrl: (app, url) => (app === 'enrollment' ? url.replace(`:${testInfra.pg.port}/`, `:${port}/`) : url),
      });
    });
    afterAll(async () => {
      await suite?.stop();
      await proxy.stop();
    });

    it('answers 503 with Retry-After during the outage (never 500), is unready at once, and recovers by itself with nothing lost', async () => {
      const pm = suite.token(['program-manager']);
      const enrollment = suite.services.enrollment.url;
      const answers: { name: string; status: number; code?: string; retryAfter: string | null; programId?: string; phase: string }[] = [];
      let phase = 'before';
      let sent = 0;
      let streaming = true;
      // Four clients sending commands back to back for the whole test.
      const stream = Promise.all(
        [0, 1, 2, 3].map(async () => {
          while (streaming) {
            const name = `outage ${sent++}`;
            const at = phase;
            const r = await http('POST', `${enrollment}/programs`, pm, aProgram({ name }));
            answers.push({ name, status: r.status, code: r.body?.code, retryAfter: r.headers.get('retry-after'), programId: r.body?.programId, phase: at });
            await new Promise((done) => setTimeout(done, 20));
          }
        }),
      );
      const wait = (ms: number) => new Promise((done) => setTimeout(done, ms));

      await wait(2000);
      phase = 'outage';
      await proxy.cut();
      // Readiness turns false within about a probe period, and every answer comes in under a second.
      await eventually('enrollment to report the database unreachable', async () => {
        const ready = await readiness(enrollment);
        expect(ready.ms).toBeLessThan(1000);
        return ready.status === 503 && ready.body.details.database.status === 'down' ? true : undefined;
      }, { timeoutMs: 5000, intervalMs: 100 });
      for (let i = 0; i < 5; i++) {
        const ready = await readiness(enrollment);
        expect(ready.ms).toBeLessThan(1000);
        expect(ready.status).toBe(503);
      }
      await wait(3000);
      phase = 'after';
      await proxy.restore();
      await suite.services.enrollment.ready(15_000);
      await wait(3000);
      streaming = false;
      await stream;

      const byStatus = answers.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});
      process.stdout.write(`[db outage] ${answers.length} commands: ${JSON.stringify(byStatus)}\n`);
      expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
      expect(answers.every((a) => a.status === 201 || a.status === 503)).toBe(true);
      const unavailable = answers.filter((a) => a.status === 503);
      expect(unavailable.length).toBeGreaterThan(0);
      for (const a of unavailable) expect(a).toMatchObject({ code: 'database_unavailable', retryAfter: '5' });
      // It recovered by itself: commands succeed again after the database came back.
      expect(answers.filter((a) => a.phase === 'after' && a.status === 201).length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.phase === 'before' && a.status === 201).length).toBeGreaterThan(0);

      // Nothing lost, nothing half-written: every 201 is in the event store, the read model and (through the relay)
      // analytics; whatever the store holds is whole (stream, read-model row and outbox row together).
      const enrollmentDb = suite.databases.enrollment.url;
      const stored = await sql<{ program_id: string; name: string; events: number; outbox: number }>(
        enrollmentDb,
        `SELECT p.program_id, p.name,
                (SELECT count(*)::int FROM event_store.events e WHERE e.stream_id = 'Program-' || p.program_id) AS events,
                (SELECT count(*)::int FROM messaging.outbox o WHERE o.message_key = p.program_id) AS outbox
         FROM enrollment.programs p WHERE p.tenant_id = $1`,
        [suite.tenant],
      );
      const storedIds = new Set(stored.map((p) => p.program_id));
      const created = answers.filter((a) => a.status === 201);
      expect(created.filter((a) => !storedIds.has(a.programId!))).toEqual([]);
      for (const p of stored) expect({ id: p.program_id, events: p.events > 0, outbox: p.outbox > 0 }).toEqual({ id: p.program_id, events: true, outbox: true });
      const [{ streams }] = await sql<{ streams: number }>(enrollmentDb, `SELECT count(DISTINCT stream_id)::int AS streams FROM event_store.events WHERE tenant_id = $1`, [suite.tenant]);
      expect(streams).toBe(stored.length); // no stream without its read-model row
      const sentNames = new Set(answers.map((a) => a.name));
      expect(stored.filter((p) => !sentNames.has(p.name))).toEqual([]);
      await eventually('analytics to hold every stored program', async () => {
        const rows = await sql<{ n: number }>(suite.databases.analytics.url, `SELECT count(*)::int AS n FROM analytics.programs WHERE tenant_id = $1`, [suite.tenant]);
        return rows[0].n === stored.length ? true : undefined;
      }, { timeoutMs: 60_000, intervalMs: 250 });
    });
  });
});
