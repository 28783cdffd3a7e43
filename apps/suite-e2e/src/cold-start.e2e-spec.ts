import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { eventually, testInfra } from '@tandem/testing';
import { aProgram, http, SERVICES, startSuite, type Suite } from './support/suite';

const infra = (command: 'start' | 'stop') =>
  execFileSync('bash', [resolve(__dirname, '../../../scripts/infra.sh'), command], { stdio: 'inherit' });

/**
 * Issue 8 §1: a cold start where the services come up before the broker (`npm run up` on a fresh machine, every
 * cold start in Kubernetes). Each round stops the broker, starts the four services on a fresh topic namespace (no
 * topics exist), keeps the broker away for 5–10 s while checking that every service listens, is alive and is not
 * ready (503 naming what it waits for), then starts the broker: all four become ready by themselves and an event
 * flows end to end (enrollment → recognition → analytics). The broker starts 5–10 s after the services were
 * launched, or as soon as all four answer if starting them takes longer (a loaded machine). Rounds:
 * E2E_COLD_START_ROUNDS, default 3 (a round takes 35–55 s on the shared 2-core machine, most of it the services'
 * and the broker's own start).
 */
const ROUNDS = Number(process.env.E2E_COLD_START_ROUNDS ?? 3);

describe('cold start: the services start before the broker', () => {
  afterAll(() => infra('start')); // leave the broker running for the rest of the run

  it(`waits out the broker, then every service becomes ready and events flow (${ROUNDS} rounds)`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const began = Date.now();
      infra('stop');
      const launchedAt = Date.now();
      const suite = await startSuite({ waitForReady: false });
      try {
        // Round 1 also runs a replica told not to wait more than 3 s: it exits 1, saying why.
        const impatient = round === 1 ? await suite.replica('recognition', 'recognition-impatient', { KAFKA_STARTUP_TIMEOUT_MS: '3000' }) : undefined;
        await impatient?.start({ waitForReady: false });
        const head = 5000 + Math.round(((round - 1) * 5000) / Math.max(1, ROUNDS - 1)); // 5 s … 10 s
        await expectWaitingForBroker(suite, launchedAt, head);
        if (impatient) {
          expect(await impatient.exited()).toBe(1);
          expect(readFileSync(join(suite.logDir, 'recognition-impatient.log'), 'utf8')).toMatch(/gave up waiting for Kafka at .* \(KAFKA_STARTUP_TIMEOUT_MS\); exiting/);
        }
        const brokerAt = Date.now();
        infra('start');
        await Promise.all(SERVICES.map((app) => suite.services[app].ready(90_000)));
        const readyAfter = Date.now() - launchedAt;
        await expectAnEventToFlow(suite);
        // Through the cold start nothing crashed: the very processes started before the broker are the ones serving.
        for (const app of SERVICES) expect(suite.services[app].running).toBe(true);
        process.stdout.write(
          `[cold start] round ${round}: broker started ${brokerAt - launchedAt} ms after the services; all ready ${readyAfter} ms after launch; round ${Date.now() - began} ms\n`,
        );
      } finally {
        await suite.stop();
      }
    }
  }, ROUNDS * 150_000);
});

/**
 * Until `ms` after launch (and at least until all four listen): every service is alive, /health/live is 200, and
 * /health/ready is 503 naming the broker it waits for.
 */
async function expectWaitingForBroker(suite: Suite, launchedAt: number, ms: number): Promise<void> {
  const answered = new Set<string>();
  while (answered.size < SERVICES.length || Date.now() < launchedAt + ms) {
    expect(Date.now() - launchedAt).toBeLessThan(60_000); // listening must not wait for the broker
    await Promise.all(
      SERVICES.map(async (app) => {
        const service = suite.services[app];
        expect(service.running).toBe(true);
        const ready = await http('GET', `${service.url}/health/ready`).catch(() => undefined);
        if (!ready) return; // not listening yet (still connecting to its database, migrating)
        expect(ready.status).toBe(503);
        expect(ready.body.details.messaging.startup).toMatchObject({ state: 'waiting' });
        expect(ready.body.details.messaging.reason).toMatch(/^starting: waiting for Kafka/);
        // The probe is public: it names states, never the broker's address or an error text.
        expect(JSON.stringify(ready.body)).not.toContain(String(testInfra.kafkaBrokers[0]));
        expect((await http('GET', `${service.url}/health/live`)).status).toBe(200);
        answered.add(app);
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A program created on enrollment reaches recognition (which defines its badges) and analytics (with them). */
async function expectAnEventToFlow(suite: Suite): Promise<void> {
  const pm = suite.token(['program-manager']);
  const created = await http('POST', `${suite.services.enrollment.url}/programs`, pm, aProgram());
  expect(created.status).toBe(201);
  const id = created.body.programId;
  await eventually('analytics to show the program with the badges recognition defined', async () => {
    const r = await http('GET', `${suite.services.analytics.url}/programs/${id}`, suite.token(['analyst']));
    return r.status === 200 && r.body.badgeDefinitions === 3 ? true : undefined;
  }, { timeoutMs: 60_000, intervalMs: 250 });
}
