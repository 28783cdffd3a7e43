import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { testInfra } from '@tandem/testing';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');

export interface MachineInfo {
  hostname: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  loadAverageAtStart: number[];
  os: string;
  node: string;
  postgres: { version: string; settings: Record<string, string> };
  kafka: string;
  fsync: {
    /** Single-row INSERTs, one round trip and one WAL flush each (synchronous_commit = on). */
    insertsPerSecond: number;
    meanInsertMs: number;
    /** pg_test_fsync, one 8 kB write, ops/s per method (when the tool is installed). */
    pgTestFsync?: Record<string, number>;
  };
}

async function postgresInfo(): Promise<{ version: string; settings: Record<string, string>; fsync: MachineInfo['fsync'] }> {
  const client = new Client({ ...testInfra.pg, database: 'postgres' });
  await client.connect();
  try {
    const version = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`)).rows[0].v;
    const names = ['synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections', 'commit_delay', 'wal_level'];
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      `SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)`,
      [names],
    );
    const settings = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} (${r.unit})` : r.setting]));
    // A quick fsync figure: 200 autocommitted single-row INSERTs, each waits for its WAL flush.
    await client.query(`SET synchronous_commit = on`);
    // A real table: temporary and unlogged tables skip the WAL and would measure nothing.
    const table = `public.bench_fsync_probe_${process.pid}`;
    await client.query(`CREATE TABLE IF NOT EXISTS ${table} (id int, payload text)`);
    const n = 200;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await client.query(`INSERT INTO ${table} VALUES ($1, $2)`, [i, 'x'.repeat(100)]);
    const ms = performance.now() - t0;
    await client.query(`DROP TABLE ${table}`);
    return { version, settings, fsync: { insertsPerSecond: (n / ms) * 1000, meanInsertMs: ms / n } };
  } finally {
    await client.end();
  }
}

/** pg_test_fsync with 1 s per test (≈15 s); returns the single-8kB-write figures. */
async function pgTestFsync(): Promise<Record<string, number> | undefined> {
  const dir = '/usr/lib/postgresql';
  if (!existsSync(dir)) return undefined;
  const version = readdirSync(dir).sort().reverse().find((v) => existsSync(join(dir, v, 'bin/pg_test_fsync')));
  if (!version) return undefined;
  const file = join(os.tmpdir(), `bench_pg_test_fsync_${process.pid}.tmp`);
  try {
    const { stdout } = await run(join(dir, version, 'bin/pg_test_fsync'), ['-s', '1', '-f', file], { timeout: 60_000 });
    const section = stdout.split('Compare file sync methods using one 8kB write:')[1]?.split('Compare file sync methods using two')[0] ?? '';
    const figures: Record<string, number> = {};
    for (const match of section.matchAll(/^\s+(\w+)\s+([\d.]+) ops\/sec/gm)) figures[match[1]] = Number(match[2]);
    return Object.keys(figures).length ? figures : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(file, { force: true });
  }
}

function kafkaVersion(): string {
  const libs = join(process.env.TANDEM_HOME ?? join(ROOT, '.tandem'), 'kafka/libs');
  try {
    const jar = readdirSync(libs).find((f) => /^kafka-clients-[\d.]+\.jar$/.test(f));
    if (jar) return jar.replace(/^kafka-clients-|\.jar$/g, '');
  } catch {
    // fall through
  }
  const script = readFileSync(join(ROOT, 'scripts/infra.sh'), 'utf8');
  return /KAFKA_VERSION="([^"]+)"/.exec(script)?.[1] ?? 'unknown';
}

export async function describeMachine(options: { pgTestFsync: boolean }): Promise<MachineInfo> {
  const pg = await postgresInfo();
  const fsync = { ...pg.fsync, pgTestFsync: options.pgTestFsync ? await pgTestFsync() : undefined };
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageAtStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres: { version: pg.version, settings: pg.settings },
    kafka: kafkaVersion(),
    fsync,
  };
}

export function machineLines(m: MachineInfo): string[] {
  const fsyncTool = m.fsync.pgTestFsync
    ? `; pg_test_fsync 8kB: ${Object.entries(m.fsync.pgTestFsync).map(([k, v]) => `${k} ${Math.round(v)}/s`).join(', ')}`
    : '';
  return [
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB RAM, ${m.os}, load avg at start ${m.loadAverageAtStart.join(' ')}`,
    `software: node ${m.node}, PostgreSQL ${m.postgres.version} (${Object.entries(m.postgres.settings).map(([k, v]) => `${k}=${v}`).join(', ')}), Kafka ${m.kafka} (single KRaft node)`,
    `fsync: ${Math.round(m.fsync.insertsPerSecond)} single-row INSERTs/s (${m.fsync.meanInsertMs.toFixed(2)} ms each, synchronous_commit=on)${fsyncTool}`,
  ];
}
