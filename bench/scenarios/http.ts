import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { startSuite, type Suite } from '../../apps/suite-e2e/src/support/suite';
import { DataGenerator } from '../generator';
import { processCpuSeconds } from '../lib/cpu';
import { comparePairs, DIAGNOSTIC_PAIRS, type Scenario } from '../lib/harness';
import { HttpClient } from '../lib/http-client';
import { deleteSuiteTopics, freshEventStoreDatabase } from '../lib/infra';
import { runConcurrent, type LatencyRecorder } from '../lib/stats';

const ROOT = resolve(__dirname, '../..');

export function assertBuilt(): void {
  if (!existsSync(join(ROOT, 'dist/apps/enrollment/src/main.js'))) {
    throw new Error('dist/ is missing: run `node tools/build.js` first (scripts/bench.sh does)');
  }
}

/** Starts the bare baseline server as its own process and resolves with its URL. */
async function startBareServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'bench/http/bare-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error('bare server did not start within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^listening (\d+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * POST /programs on the real enrollment service (a process started from dist/ by the e2e suite helper, Nest on
 * Fastify, RUN_MODE=api so its relay does not compete for the CPU) vs the bare node:http server doing what the
 * endpoint does (bench/http/bare-server.ts): token, role check, input screen, idempotency record, validation, the
 * command pipeline with the read model and the outbox. Same client: 16 requests in flight, fixed count per run,
 * every request with a fresh Idempotency-Key (so both sides reserve and record it).
 */
export const httpScenario: Scenario = {
  id: 'http',
  title: 'HTTP command endpoint (POST /programs)',
  async run(ctx) {
    assertBuilt();
    const requests = ctx.quick ? 800 : 3000;
    const inFlight = 16;
    let suite: Suite | undefined;
    let bare: { url: string; child: ChildProcess } | undefined;
    const baselineDb = await freshEventStoreDatabase('http_bare');
    const clients: HttpClient[] = [];
    try {
      ctx.log('[http] starting the suite (enrollment with RUN_MODE=api) and the bare server');
      suite = await startSuite({ env: { enrollment: { RUN_MODE: 'api' } } });
      bare = await startBareServer({
        PORT: '0',
        DATABASE_URL: baselineDb.url,
        DATABASE_POOL_SIZE: '5',
        KAFKA_TOPIC_PREFIX: 'bench.',
        AUTH_ISSUER: suite.issuer.issuer,
        AUTH_AUDIENCE: suite.issuer.audience,
        AUTH_PUBLIC_KEY: suite.issuer.publicKey,
      });
      const token = suite.token(['program-manager']);
      const gen = new DataGenerator({ seed: ctx.seed + 7 });
      const bodies = Array.from({ length: 500 }, (_, i) => JSON.stringify(gen.programRequest(undefined, i)));
      const nest = new HttpClient(suite.services.enrollment.url, inFlight);
      const raw = new HttpClient(bare.url, inFlight);
      clients.push(nest, raw);
      let failures = 0;
      const drive = (client: HttpClient) => async (count: number, latency?: LatencyRecorder) =>
        runConcurrent(count, inFlight, async (i) => {
          const res = await client.post('/programs', bodies[i % bodies.length], { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() });
          if (res.status !== 201) {
            failures++;
            if (failures <= 3) ctx.log(`[http] unexpected ${res.status}: ${res.body.slice(0, 300)}`);
            if (failures > 20) throw new Error(`too many failed requests (last ${res.status})`);
          }
        }, latency);
      // The servers' own CPU per request (from /proc), beside the throughput: the ratio moves with whatever else the
      // two cores do during a run, the CPU a request costs each server much less.
      const cpu = { ours: { seconds: 0, requests: 0 }, baseline: { seconds: 0, requests: 0 } };
      const metered = (side: keyof typeof cpu, pid: () => number | undefined, run: ReturnType<typeof drive>) =>
        async (count: number, latency?: LatencyRecorder) => {
          const before = processCpuSeconds(pid());
          const measured = await run(count, latency);
          cpu[side].seconds += processCpuSeconds(pid()) - before;
          cpu[side].requests += count;
          return measured;
        };
      const ours = metered('ours', () => suite!.services.enrollment.pid, drive(nest));
      const baseline = metered('baseline', () => bare!.child.pid, drive(raw));
      // Each run starts on settled databases: the previous run's dead rows vacuumed, statistics current, its WAL
      // checkpointed — otherwise that clean-up lands on whichever side runs next.
      const settle = async () => {
        const enrollment = new Client({ connectionString: suite!.services.enrollment.env.DATABASE_URL });
        await enrollment.connect();
        try {
          await enrollment.query('VACUUM (ANALYZE)');
        } finally {
          await enrollment.end();
        }
        await baselineDb.db.query('VACUUM (ANALYZE)');
        await baselineDb.db.query('CHECKPOINT');
      };

      const row = await comparePairs(ctx, {
        id: 'http',
        scenario: 'HTTP command endpoint POST /programs',
        unit: 'req/s',
        goal: '≥ 0.85×',
        minRatio: 0.85,
        reportLatency: true,
        reset: settle,
        warmup: { baseline: () => baseline(300), ours: () => ours(300) },
        baseline: (_, latency) => baseline(requests, latency),
        ours: (_, latency) => ours(requests, latency),
      });
      row.notes.push(
        `${requests} requests per run, ${inFlight} in flight, keep-alive, a fresh Idempotency-Key each; both servers: own process, pool of 5, JWT (ES256) verification and role check, input screen, idempotency reserve + record (IdempotencyStore), class-validator, enrollment's CreateProgramHandler (executeCommand with the programs read model + outbox)`,
      );
      const perRequest = (side: keyof typeof cpu) => (1000 * cpu[side].seconds) / cpu[side].requests;
      row.notes.push(
        `server CPU per request (/proc, warm-ups included): ours ${perRequest('ours').toFixed(2)} ms, baseline ${perRequest('baseline').toFixed(2)} ms (${(perRequest('ours') / perRequest('baseline')).toFixed(2)}×)`,
      );
      const rows = [row];
      if (ctx.diagnose) {
        // Where the time goes: the same Nest service with per-request logging off (LOG_LEVEL=warn).
        const quiet = await suite.replica('enrollment', 'enrollment-quiet', { RUN_MODE: 'api', LOG_LEVEL: 'warn' });
        await quiet.start();
        const quietClient = new HttpClient(quiet.url, inFlight);
        clients.push(quietClient);
        const nestQuiet = drive(quietClient);
        rows.push(
          await comparePairs(ctx, {
            id: 'diag-http-no-request-log',
            scenario: 'diagnostic: the Nest service with LOG_LEVEL=warn (no per-request log lines)',
            unit: 'req/s',
            goal: '—',
            pairs: DIAGNOSTIC_PAIRS,
            reportLatency: true,
            reset: settle,
            warmup: { baseline: () => baseline(300), ours: () => nestQuiet(300) },
            baseline: (_, latency) => baseline(requests, latency),
            ours: (_, latency) => nestQuiet(requests, latency),
          }),
        );
      }
      if (failures) row.notes.push(`${failures} non-201 responses`);
      return rows;
    } finally {
      for (const c of clients) c.close();
      if (bare) await stopChild(bare.child);
      await suite?.stop().catch((error: unknown) => ctx.log(`[http] suite stop failed: ${String(error)}`));
      if (suite) await deleteSuiteTopics(suite);
      await baselineDb.close();
    }
  },
};
