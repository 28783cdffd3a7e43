import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { Database } from './database';
import { EventStore } from './event-store';
import { Projections, type Projection } from './projection';
import { rebuildReadModels } from './rebuild';

/**
 * The body of a service's `rebuild-read-models` command: `DATABASE_URL=… node dist/apps/<service>/src/rebuild-read-models.js`
 * replays the service's event store into its inline read models (see rebuildReadModels) and prints what it did.
 */
export async function runRebuildCommand(service: string, projections: readonly Projection<any, any>[]): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const dataSource = new DataSource({ type: 'postgres', url });
  await dataSource.initialize();
  try {
    const started = process.hrtime.bigint();
    const database = new Database(dataSource);
    const counts = await rebuildReadModels(new EventStore(database, new Projections(projections)), database, { progress: (line) => process.stdout.write(`${line}\n`) });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`[rebuild] ${service}: done in ${seconds.toFixed(1)} s, events replayed per stream category: ${JSON.stringify(counts)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

/** Runs the command as a process's main: a failure prints its message and exits 1. */
export function rebuildCommandMain(service: string, projections: readonly Projection<any, any>[]): void {
  runRebuildCommand(service, projections).catch((error) => {
    process.stderr.write(`[rebuild] ${service} failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
