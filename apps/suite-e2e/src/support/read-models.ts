import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { sql } from './kafka-run';

const ROOT = resolve(__dirname, '../../../..');

/** Every row of every table of a schema, as JSON text, sorted (so two snapshots compare regardless of row order). */
export async function snapshotSchema(url: string, schema: string): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>(
    url,
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = await sql<{ row: string }>(url, `SELECT to_jsonb(t)::text AS row FROM ${schema}.${name} t`);
    snapshot[name] = rows.map((r) => r.row).sort();
  }
  return snapshot;
}

/** Runs a service's rebuild command (the built `rebuild-read-models.js`) with the service's own environment; answers its output. */
export async function runRebuild(app: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'dist/apps', app, 'src/rebuild-read-models.js')], {
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return stdout;
}
