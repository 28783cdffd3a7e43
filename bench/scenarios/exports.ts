import { Database } from '@tandem/event-store';
import { createTestDataSource } from '@tandem/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.module';
import { csvFile, parquetFile } from '../../apps/analytics/src/exports/export-formats';
import { exportColumns, exportRows } from '../../apps/analytics/src/exports/exports.queries';
import type { ResultRow, Scenario } from '../lib/harness';
import { now } from '../lib/stats';

const MiB = 1024 * 1024;
/** The memory bound the exports promise: the process grows by at most this much, whatever the number of rows. */
const RSS_BOUND_MiB = 256;

/**
 * Report exports (issue 17): `reporting.programs` of one tenant with 1M programs (quick: 100k), exported through
 * the very code of `GET /reports/programs/export` — a database cursor in batches of 5,000, CSV or Parquet — into a
 * byte counter. Reports rows per second and the peak RSS growth over the run (sampled every 20 ms).
 */
export const exportsScenario: Scenario = {
  id: 'exports',
  title: 'Report exports (CSV, Parquet)',
  async run(ctx) {
    const rows = ctx.quick ? 100_000 : 1_000_000;
    const env = await createTestDataSource('bench_exports', analyticsService.migrations);
    try {
      const db = new Database(env.dataSource);
      ctx.log(`[exports] loading ${rows} programs…`);
      await db.query(
        `INSERT INTO analytics.programs (tenant_id, program_id, name, status, lifecycle_kind, sessions_per_month, session_minutes, objectives, created_at, status_changed_at)
         SELECT 'bench', md5(i::text)::uuid::text, 'Program ' || i, 'running', 'evergreen', 2, 45, '[]', now(), now() FROM generate_series(1, $1) AS i`,
        [rows],
      );
      await db.query('ANALYZE');
      const columns = await exportColumns(db, 'programs');
      const results: ResultRow[] = [];
      for (const [format, file] of [['csv', csvFile], ['parquet', parquetFile]] as const) {
        global.gc?.();
        const before = process.memoryUsage().rss;
        let peak = before;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const started = now();
        let bytes = 0;
        for await (const chunk of file(columns, exportRows(db, 'programs', columns, 'bench'))) bytes += chunk.length;
        const seconds = (now() - started) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        const growthMiB = (peak - before) / MiB;
        ctx.log(`[exports] ${format}: ${rows} rows in ${seconds.toFixed(1)} s, ${(bytes / MiB).toFixed(1)} MiB, peak RSS +${growthMiB.toFixed(0)} MiB`);
        results.push({
          id: `export-${format}`,
          scenario: `export reporting.programs, ${rows} rows, ${format}`,
          unit: 'rows/s',
          ours: rows / seconds,
          baseline: null,
          ratio: null,
          goal: `peak RSS growth ≤ ${RSS_BOUND_MiB} MiB`,
          met: growthMiB <= RSS_BOUND_MiB,
          notes: [`${(bytes / MiB).toFixed(1)} MiB written; RSS ${(before / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MiB (+${growthMiB.toFixed(0)} MiB)`],
          details: { rows, bytes, seconds, rssBefore: before, rssPeak: peak },
        });
      }
      return results;
    } finally {
      await env.close();
    }
  },
};
