import { Database } from '@tandem/event-store';

/** The reports analysts can export: every `reporting.*` view (the spec checks none is missing). */
export const EXPORTABLE_REPORTS = ['programs', 'program_impact', 'program_engagement_monthly'] as const;
export type ExportableReport = (typeof EXPORTABLE_REPORTS)[number];

/** How a column is written: its SQL read (numbers as float8, dates as text) and its Parquet type. */
export interface ExportColumn {
  name: string;
  select: string;
  parquet: 'STRING' | 'INT32' | 'INT64' | 'DOUBLE' | 'BOOLEAN' | 'TIMESTAMP';
}

const BY_SQL_TYPE: Record<string, Pick<ExportColumn, 'parquet'> & { cast?: string }> = {
  integer: { parquet: 'INT32' },
  smallint: { parquet: 'INT32' },
  bigint: { parquet: 'INT64' },
  numeric: { parquet: 'DOUBLE', cast: 'float8' },
  'double precision': { parquet: 'DOUBLE' },
  real: { parquet: 'DOUBLE', cast: 'float8' },
  boolean: { parquet: 'BOOLEAN' },
  'timestamp with time zone': { parquet: 'TIMESTAMP' },
};

/** The columns of a report in their order (tenant_id left out: an export is of one tenant). */
export async function exportColumns(db: Database, report: ExportableReport): Promise<ExportColumn[]> {
  const { rows } = await db.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_schema = 'analytics' AND table_name = $1 AND column_name <> 'tenant_id' ORDER BY ordinal_position`,
    [`report_${report}`],
  );
  return rows.map(({ column_name: name, data_type }) => {
    const known = BY_SQL_TYPE[data_type];
    const cast = known ? known.cast : 'text'; // text, dates and anything else: their text form
    return { name, select: cast ? `${name}::${cast} AS ${name}` : name, parquet: known?.parquet ?? 'STRING' };
  });
}

/** The tenant's rows of a report (optionally one program's), in batches through a cursor: bounded memory. */
export function exportRows(db: Database, report: ExportableReport, columns: ExportColumn[], tenantId: string, programId?: string) {
  const params: unknown[] = [tenantId];
  if (programId) params.push(programId);
  const order = columns.some((c) => c.name === 'month') ? 'program_id, month' : 'program_id';
  return db.batches<Record<string, unknown>>(
    `SELECT ${columns.map((c) => c.select).join(', ')} FROM analytics.report_${report}
     WHERE tenant_id = $1 ${programId ? 'AND program_id = $2' : ''} ORDER BY ${order}`,
    params,
  );
}
