import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { DevIssuer, type Role } from '@tandem/platform';
import { createTestDatabase, eventually, testInfra, uniqueSuffix, type TestDatabase } from '@tandem/testing';

const ROOT = resolve(__dirname, '../../../..');
export const SERVICES = ['enrollment', 'session-tracking', 'recognition', 'analytics'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** A port the OS says is free right now (so parallel suites on one machine do not collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One running service process. */
export class ServiceProcess {
  private child?: ChildProcess;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly app: ServiceName | 'dashboard',
    /** The environment it runs with (a command run against the same database and topics reuses it). */
    readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {
    this.url = `http://127.0.0.1:${env.PORT}`;
  }

  /** Starts the process and (unless told otherwise) waits until /health/ready answers 200. */
  async start({ waitForReady = true } = {}): Promise<void> {
    // The process writes its log file itself, as it would write to a container's log: through this process, every
    // line would cost the test runner's (or the benchmark's load generator's) CPU.
    const log = openSync(join(this.logDir, `${this.name}.log`), 'a');
    try {
      this.child = spawn(process.execPath, [join(ROOT, 'dist/apps', this.app, 'src/main.js')], {
        env: { ...process.env, ...this.env },
        stdio: ['ignore', log, log],
      });
    } finally {
      closeSync(log); // the child holds its own copy
    }
    if (waitForReady) await this.ready();
  }

  /** Waits until /health/ready answers 200 (fails at once if the process exits). */
  async ready(timeoutMs = 60_000): Promise<void> {
    const child = this.child!;
    await eventually(`${this.name} to be ready`, async () => {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}; see ${this.logDir}`);
      const response = await fetch(`${this.url}/health/ready`).catch(() => undefined);
      return response?.ok ? true : undefined;
    }, { timeoutMs, intervalMs: 200 });
  }

  /** The exit code, once the process has exited by itself. */
  exited(): Promise<number | null> {
    const child = this.child!;
    if (child.exitCode !== null) return Promise.resolve(child.exitCode);
    return new Promise((done) => child.once('exit', (code) => done(code)));
  }

  /** The process id while it runs (e.g. to sample its resident memory from /proc). */
  get pid(): number | undefined {
    return this.running ? this.child!.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null;
  }

  /** SIGTERM (graceful) or SIGKILL (a crash), and wait for the exit. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    const code = await exited;
    this.child = undefined;
    return code;
  }
}

export interface Suite {
  issuer: DevIssuer;
  /** The master key recognition seals its signing keys with. */
  credentialsMasterKey: Buffer;
  /** Where the processes' logs are (one file per process). */
  logDir: string;
  tenant: string;
  services: Record<ServiceName, ServiceProcess>;
  databases: Record<ServiceName, TestDatabase>;
  token(roles: Role[], tenant?: string, userId?: string): string;
  /** An extra process of a service (e.g. a separate worker replica) on the same database and topics. */
  replica(app: ServiceName, name: string, env?: Record<string, string>): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

/** Starts the four services against fresh databases and a fresh topic namespace on the real broker. */
export async function startSuite(
  options: {
    env?: Partial<Record<ServiceName, Record<string, string>>>;
    /** false: return once the processes are launched, without waiting for readiness. */
    waitForReady?: boolean;
    /** Rewrites a service's DATABASE_URL (e.g. to go through a TcpProxy). */
    databaseUrl?: (app: ServiceName, url: string) => string;
  } = {},
): Promise<Suite> {
  const suffix = uniqueSuffix();
  const logDir = join(ROOT, 'tmp/e2e-logs', suffix);
  mkdirSync(logDir, { recursive: true });
  const issuer = DevIssuer.generate();
  const databases = Object.fromEntries(
    await Promise.all(SERVICES.map(async (app) => [app, await createTestDatabase(app)] as const)),
  ) as Record<ServiceName, TestDatabase>;
  // Recognition issues credentials under its public URL (every replica names them the same) with a master key of this run's.
  const credentialsMasterKey = randomBytes(32);
  const recognitionPort = await freePort();
  const recognitionEnv = { CREDENTIALS_MASTER_KEY: credentialsMasterKey.toString('base64'), PUBLIC_BASE_URL: `http://127.0.0.1:${recognitionPort}` };
  const envFor = async (app: ServiceName, extra: Record<string, string> = {}, port?: number): Promise<Record<string, string>> => ({
    PORT: String(port ?? (await freePort())),
    ...(app === 'recognition' ? recognitionEnv : {}),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl?.(app, databases[app].url) ?? databases[app].url,
    DATABASE_POOL_SIZE: '5',
    KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: `e2e${suffix}.`,
    KAFKA_TOPIC_PARTITIONS: '3',
    AUTH_ISSUER: issuer.issuer,
    AUTH_AUDIENCE: issuer.audience,
    AUTH_PUBLIC_KEY: issuer.publicKey,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'info',
    SHUTDOWN_TIMEOUT_MS: '10000',
    ...(options.env?.[app] ?? {}),
    ...extra,
  });
  const services = Object.fromEntries(
    await Promise.all(SERVICES.map(async (app) => [app, new ServiceProcess(app, app, await envFor(app, {}, app === 'recognition' ? recognitionPort : undefined), logDir)] as const)),
  ) as Record<ServiceName, ServiceProcess>;
  const extras: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all([...extras, ...Object.values(services)].map((s) => s.stop()));
    await Promise.all(Object.values(databases).map((d) => d.drop()));
  };
  try {
    await Promise.all(Object.values(services).map((s) => s.start({ waitForReady: options.waitForReady ?? true })));
  } catch (error) {
    await stop(); // leave no processes or databases behind when the suite cannot start
    throw error;
  }
  return {
    issuer,
    credentialsMasterKey,
    logDir,
    tenant: `acme-${suffix}`,
    services,
    databases,
    token(roles, tenant = `acme-${suffix}`, userId = 'pm-1') {
      return issuer.issue({ tenantId: tenant, roles, userId });
    },
    async replica(app, name, env = {}) {
      const replica = new ServiceProcess(name, app, await envFor(app, env), logDir);
      extras.push(replica);
      return replica;
    },
    stop,
  };
}

/** A tiny JSON HTTP client for the tests. */
export async function http(method: string, url: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, body: json, headers: response.headers };
}

export const aProgram = (overrides: Record<string, unknown> = {}) => ({
  name: 'Engineering mentoring 2027',
  purpose: 'Grow the next tech leads',
  lifecycle: { kind: 'cohort', startsOn: '2027-01-11', endsOn: '2027-06-30' },
  maxPairs: 40,
  expectations: { sessionsPerMonth: 2, sessionMinutes: 45, commitmentMonths: 6 },
  objectives: [{ description: 'Promotions among mentees', metric: 'verified-promotions', target: 5 }],
  sponsor: { name: 'Dana Whitfield', email: 'dana@example.com' },
  ...overrides,
});
