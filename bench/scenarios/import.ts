import { Readable } from 'node:stream';
import { postImport, type ImportFileFormat } from '@tandem/platform';
import { openEvergreenProgram } from '../../apps/suite-e2e/src/support/pairings';
import { startSuite, type Suite } from '../../apps/suite-e2e/src/support/suite';
import type { ResultRow, Scenario } from '../lib/harness';
import { now } from '../lib/stats';

const MiB = 1024 * 1024;
/** The memory bound the import promises: enrollment grows by at most this much, whatever the number of rows. */
const RSS_BOUND_MiB = 128;

/** `count` participants of the import format, generated as they are read (the bench holds no file either). */
function participants(count: number, format: ImportFileFormat, prefix: string): Readable {
  return Readable.from(
    (function* () {
      if (format === 'csv') yield 'employeeId,userId,name,email,role,timeZone,department,languages,skillsOffered,skillsSought,mentorCapacity,joinedAt\n';
      for (let i = 0; i < count; i++) {
        const role = i % 3 === 0 ? 'mentor' : 'mentee';
        const p = {
          employeeId: `${prefix}-${i}`, userId: `${prefix}-user-${i}`, name: `Person ${i}`, email: `p${i}@example.com`, role, timeZone: 'Europe/London',
          department: `Dept ${i % 40}`, languages: ['en'], skillsOffered: role === 'mentor' ? ['kafka', 'sql'] : [], skillsSought: role === 'mentee' ? ['kafka'] : [],
          mentorCapacity: role === 'mentor' ? 2 : 1, joinedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
        };
        yield format === 'csv'
          ? `${p.employeeId},${p.userId},${p.name},${p.email},${p.role},${p.timeZone},${p.department},en,${p.skillsOffered.join(';')},${p.skillsSought.join(';')},${p.mentorCapacity},${p.joinedAt}\n`
          : `${JSON.stringify({ record: 'participant', ...p })}\n`;
      }
    })(),
  );
}

/** The resident memory of a service process, from its Prometheus endpoint. */
async function rssOf(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^process_resident_memory_bytes (\d+)/m.exec(text)?.[1] ?? 0);
}

/**
 * Bulk import (issue 11): 10,000 participants (quick: 2,000) streamed to the real enrollment service (a process
 * from dist/, real PostgreSQL and Kafka) as NDJSON, the same file again (every row unchanged), and as CSV into a
 * second program. Reports rows per second, the progress lines the client read while it ran, and the peak growth of
 * enrollment's resident memory (its /metrics, sampled every 250 ms) and of this process.
 */
export const importScenario: Scenario = {
  id: 'import',
  title: 'Bulk import of participants (streamed)',
  async run(ctx) {
    const count = ctx.quick ? 2_000 : 10_000;
    let suite: Suite | undefined;
    try {
      ctx.log('[import] starting the suite');
      suite = await startSuite();
      const url = suite.services.enrollment.url;
      const token = suite.token(['program-manager']);
      const first = await openEvergreenProgram(suite, 'Import bench');
      const second = await openEvergreenProgram(suite, 'Import bench (CSV)');
      const results: ResultRow[] = [];
      const runs = [
        { id: 'import-ndjson', label: 'NDJSON, new participants', programId: first, format: 'ndjson' as const, expect: 'imported' as const },
        { id: 'import-ndjson-again', label: 'NDJSON, the same file again', programId: first, format: 'ndjson' as const, expect: 'unchanged' as const },
        { id: 'import-csv', label: 'CSV, new participants', programId: second, format: 'csv' as const, expect: 'imported' as const },
      ];
      for (const run of runs) {
        global.gc?.();
        const before = await rssOf(url);
        const clientBefore = process.memoryUsage().rss;
        let peak = before;
        let clientPeak = clientBefore;
        const sampler = setInterval(() => {
          clientPeak = Math.max(clientPeak, process.memoryUsage().rss);
          void rssOf(url).then((rss) => (peak = Math.max(peak, rss)), () => undefined);
        }, 250);
        let progress = 0;
        const started = now();
        const { summary, rejected } = await postImport(`${url}/programs/${run.programId}/imports`, token, run.format, participants(count, run.format, 'bench'), `00000000-0000-4000-8000-00000000000${results.length}`, () => progress++);
        const seconds = (now() - started) / 1000;
        clearInterval(sampler);
        peak = Math.max(peak, await rssOf(url));
        const growthMiB = (peak - before) / MiB;
        const clientGrowthMiB = (clientPeak - clientBefore) / MiB;
        const ok = summary[run.expect] === count && rejected.length === 0;
        ctx.log(`[import] ${run.label}: ${count} rows in ${seconds.toFixed(1)} s, ${progress} progress lines, enrollment RSS +${growthMiB.toFixed(0)} MiB${ok ? '' : ` — UNEXPECTED ${JSON.stringify(summary)}`}`);
        results.push({
          id: run.id,
          scenario: `import ${count} participants, ${run.label}`,
          unit: 'rows/s',
          ours: count / seconds,
          baseline: null,
          ratio: null,
          goal: `all ${run.expect}, progress while it runs, enrollment peak RSS growth ≤ ${RSS_BOUND_MiB} MiB`,
          met: ok && progress >= Math.floor(count / 500) && growthMiB <= RSS_BOUND_MiB,
          notes: [
            `${seconds.toFixed(1)} s; ${progress} progress lines; summary ${JSON.stringify(summary)}`,
            `enrollment RSS ${(before / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MiB (+${growthMiB.toFixed(0)} MiB); client +${clientGrowthMiB.toFixed(0)} MiB`,
          ],
          details: { rows: count, seconds, progress, rssBefore: before, rssPeak: peak, clientRssGrowth: clientPeak - clientBefore, summary },
        });
      }
      return results;
    } finally {
      await suite?.stop().catch((error: unknown) => ctx.log(`[import] suite stop failed: ${String(error)}`));
    }
  },
};
