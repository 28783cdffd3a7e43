import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { analyticsTestDatabase, insertProgram } from '../testing/read-models';
import type { Database } from '@tandem/event-store';
import { csvFile, parquetFile, type ExportFile } from './export-formats';
import { EXPORTABLE_REPORTS, exportColumns, exportRows, type ExportableReport } from './exports.queries';

const TENANT = 'acme';
const PROGRAMS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];

async function bytesOf(file: ExportFile): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of file) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('report exports (CSV and Parquet, streamed from a cursor)', () => {
  let env: Awaited<ReturnType<typeof analyticsTestDatabase>>;
  let db: Database;

  beforeAll(async () => {
    env = await analyticsTestDatabase('exports');
    db = env.db;
    for (const programId of PROGRAMS) await insertProgram(db, TENANT, programId);
    await insertProgram(db, 'other-tenant', '33333333-3333-4333-8333-333333333333');
    // 12,001 sessions over 3 months: more than two cursor batches, so batching and row groups are exercised.
    await db.query(
      `INSERT INTO analytics.sessions (tenant_id, program_id, pairing_id, session_id, occurred_at, minutes, format)
       SELECT $1, $2, 'pair', 's-' || i, timestamptz '2026-09-01T10:00:00Z' + (i % 3) * interval '31 days', 30 + i % 30, 'video'
       FROM generate_series(1, 12001) AS i`,
      [TENANT, PROGRAMS[0]],
    );
  });
  afterAll(() => env?.close());

  /** The same report as the analysts' view computes it, as text, for comparison. */
  async function expected(report: ExportableReport): Promise<Record<string, string>[]> {
    const columns = await exportColumns(db, report);
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT ${columns.map((c) => c.select).join(', ')} FROM analytics.report_${report} WHERE tenant_id = $1 ORDER BY program_id${columns.some((c) => c.name === 'month') ? ', month' : ''}`,
      [TENANT],
    );
    return rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, row[c.name] === null ? '' : row[c.name] instanceof Date ? (row[c.name] as Date).toISOString() : String(row[c.name])])));
  }

  it('exports every reporting view, and no other', async () => {
    const { rows } = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.views WHERE table_schema = 'reporting' ORDER BY table_name`);
    expect(rows.map((r) => r.table_name)).toEqual([...EXPORTABLE_REPORTS].sort());
  });

  it.each(EXPORTABLE_REPORTS)('writes %s as CSV: a header and the tenant\'s rows, nothing of another tenant', async (report) => {
    const columns = await exportColumns(db, report);
    const csv = (await bytesOf(csvFile(columns, exportRows(db, report, columns, TENANT, undefined)))).toString('utf8');
    const records = parse(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0] ?? {})).toEqual(columns.map((c) => c.name));
    expect(records).toEqual(await expected(report));
    expect(columns.map((c) => c.name)).not.toContain('tenant_id');
    expect(csv).not.toContain('33333333-3333-4333-8333-333333333333');
  });

  it.each(EXPORTABLE_REPORTS)('writes %s as Parquet that a reader reads back to the same rows', async (report) => {
    const columns = await exportColumns(db, report);
    const file = await bytesOf(parquetFile(columns, exportRows(db, report, columns, TENANT, undefined)));
    const rows = await parquetReadObjects({ file: new Uint8Array(file).buffer });
    const asText = rows.map((row) =>
      Object.fromEntries(columns.map((c) => {
        const value = row[c.name];
        return [c.name, value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)];
      })),
    );
    expect(asText).toEqual(await expected(report));
  });

  it('streams in batches: one Parquet row group per cursor batch, one program when asked', async () => {
    const columns = await exportColumns(db, 'program_engagement_monthly');
    const all = await db.query(`SELECT count(*)::int AS n FROM analytics.report_program_engagement_monthly WHERE tenant_id = $1`, [TENANT]);
    const batches: number[] = [];
    const counted = (async function* () {
      for await (const rows of db.batches(`SELECT s.* FROM analytics.sessions s WHERE tenant_id = $1 ORDER BY session_id`, [TENANT], 5000)) {
        batches.push(rows.length);
        yield rows;
      }
    })();
    const sessionColumns = [
      { name: 'session_id', select: 'session_id', parquet: 'STRING' as const },
      { name: 'minutes', select: 'minutes', parquet: 'INT32' as const },
      { name: 'occurred_at', select: 'occurred_at', parquet: 'TIMESTAMP' as const },
    ];
    const file = await bytesOf(parquetFile(sessionColumns, counted));
    expect(batches).toEqual([5000, 5000, 2001]);
    const metadata = parquetMetadata(new Uint8Array(file).buffer);
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([5000, 5000, 2001]);
    expect(Number(metadata.num_rows)).toBe(12001);

    const one: Record<string, string>[] = parse((await bytesOf(csvFile(columns, exportRows(db, 'program_engagement_monthly', columns, TENANT, PROGRAMS[0])))).toString('utf8'), { columns: true });
    expect(one.length).toBe(all.rows[0].n);
    expect(new Set(one.map((r) => r.program_id))).toEqual(new Set([PROGRAMS[0]]));
  });
});
