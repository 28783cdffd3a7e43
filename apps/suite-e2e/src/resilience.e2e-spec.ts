import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { eventually } from '@tandem/testing';
import { aProgram, http, startSuite, type ServiceProcess, type Suite } from './support/suite';

const infra = (command: 'start' | 'stop') =>
  execFileSync('bash', [resolve(__dirname, '../../../scripts/infra.sh'), command], { stdio: 'inherit' });

/**
 * Enrollment runs as an API-only process plus a separate worker process (the relay). The relay is crashed
 * mid-stream and Kafka itself is stopped while commands keep arriving: analytics must end with every program
 * exactly once.
 */
describe('resilience of the event pipeline', () => {
  let suite: Suite;
  let pm: string;
  let analyst: string;
  let worker: ServiceProcess;

  beforeAll(async () => {
    suite = await startSuite({ env: { enrollment: { RUN_MODE: 'api' } } });
    worker = await suite.replica('enrollment', 'enrollment-worker', { RUN_MODE: 'worker' });
    await worker.start();
    pm = suite.token(['program-manager']);
    analyst = suite.token(['analyst']);
  });
  afterAll(async () => {
    infra('start'); // whatever happened, leave the broker running for the rest of the run
    await suite?.stop();
  });

  async function createPrograms(label: string, count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await http('POST', `${suite.services.enrollment.url}/programs`, pm, aProgram({ name: `${label} ${i}` }));
      expect(r.status).toBe(201);
      ids.push(r.body.programId);
    }
    return ids;
  }

  async function analyticsSees(ids: string[]): Promise<void> {
    const wanted = new Set(ids);
    let seen = 0;
    try {
      await eventually(`analytics to hold ${ids.length} programs`, async () => {
        const { rows } = await queryAnalytics();
        seen = rows.filter((r) => wanted.has(r.program_id)).length;
        return seen === ids.length ? true : undefined;
      }, { timeoutMs: 90_000, intervalMs: 250 });
    } catch (error) {
      // Which side stopped (the relay publishing, or the consumer reading) is what a failure here must say.
      const admin = suite.token(['admin']);
      const ops = async (url: string) => JSON.stringify((await http('GET', `${url}/ops/messaging`, admin).catch((e) => ({ body: String(e) }))).body);
      throw new Error(
        `${(error as Error).message} (${seen} seen)\nworker /ops/messaging: ${await ops(worker.url)}\nanalytics /ops/messaging: ${await ops(suite.services.analytics.url)}`,
      );
    }
  }

  async function queryAnalytics() {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: suite.databases.analytics.url });
    await client.connect();
    try {
      return await client.query<{ program_id: string; n: string }>(
        `SELECT program_id, count(*) OVER (PARTITION BY program_id) AS n FROM analytics.programs WHERE tenant_id = $1`,
        [suite.tenant],
      );
    } finally {
      await client.end();
    }
  }

  async function inboxDuplicates(): Promise<number> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: suite.databases.analytics.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM messaging.inbox GROUP BY message_id HAVING count(*) > 1`);
      return rows.length;
    } finally {
      await client.end();
    }
  }

  it('loses and duplicates nothing when the relay process is killed mid-stream and restarted', async () => {
    const before = createPrograms('before crash', 25);
    await new Promise((r) => setTimeout(r, 300));
    expect(await worker.stop('SIGKILL')).toBeNull(); // killed, not drained
    const ids = [...(await before), ...(await createPrograms('while down', 15))];
    await worker.start();
    await analyticsSees(ids);

    const { rows } = await queryAnalytics();
    expect(rows.every((r) => r.n === '1')).toBe(true);
    expect(await inboxDuplicates()).toBe(0);
    const list = await http('GET', `${suite.services.analytics.url}/programs?limit=200`, analyst);
    expect(list.body.total).toBe(ids.length);
  });

  it('loses nothing when Kafka is stopped and restarted while commands keep arriving', async () => {
    const { rows: before } = await queryAnalytics();
    infra('stop');
    // Enrollment keeps accepting commands: they wait in its outbox.
    const during = await createPrograms('during outage', 10);
    // The worker stays in service (its database answers) and reports the broker's absence in its readiness body.
    const ready = await eventually('the worker to report the broker unreachable', async () => {
      const r = await http('GET', `${worker.url}/health/ready`);
      return r.body.details.messaging.kafka.reachable === false ? r : undefined;
    }, { timeoutMs: 15_000, intervalMs: 250 });
    expect(ready.status).toBe(200);
    infra('start');
    const after = await createPrograms('after outage', 5);
    await analyticsSees([...before.map((r) => r.program_id), ...during, ...after]);
    const { rows } = await queryAnalytics();
    expect(rows).toHaveLength(before.length + 15);
    expect(rows.every((r) => r.n === '1')).toBe(true);
  });

  it('drains gracefully on SIGTERM: exits 0 and leaves nothing unpublished', async () => {
    const ids = await createPrograms('before shutdown', 5);
    await analyticsSees(ids);
    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(await suite.services.analytics.stop('SIGTERM')).toBe(0);
  });
});
