import 'reflect-metadata';
import { Database, EventStore } from '@tandem/event-store';
import { SystemClock } from '@tandem/platform';
import { DataSource } from 'typeorm';
import { enrollmentService } from './enrollment.module';
import { rebuildEnrollmentReadModels } from './read-models/rebuild';

/**
 * `DATABASE_URL=… node dist/apps/enrollment/src/rebuild-read-models.js` — folds every enrollment stream again
 * into the read-model tables (one transaction; readers see the old rows until it commits).
 */
async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const dataSource = new DataSource({ type: 'postgres', url, entities: enrollmentService.entities });
  await dataSource.initialize();
  try {
    const clock = new SystemClock();
    const started = clock.now();
    const database = new Database(dataSource);
    const counts = await rebuildEnrollmentReadModels(new EventStore(database), database, started, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`[rebuild] done in ${((clock.now().getTime() - started.getTime()) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`[rebuild] failed: ${(error as Error).message}\n`);
  process.exit(1);
});
