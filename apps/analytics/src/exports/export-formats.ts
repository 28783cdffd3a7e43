import { stringify } from 'csv-stringify/sync';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ExportColumn } from './exports.queries';

/** Byte chunks of one export file, produced batch by batch: one batch of rows in memory at a time. */
export type ExportFile = AsyncGenerator<Uint8Array | string>;

const text = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** RFC 4180 CSV with a header row; timestamps in ISO 8601 (UTC), empty for null. */
export async function* csvFile(columns: ExportColumn[], batches: AsyncIterable<Record<string, unknown>[]>): ExportFile {
  yield stringify([columns.map((c) => c.name)]);
  for await (const rows of batches) {
    yield stringify(rows.map((row) => columns.map((c) => text(row[c.name]))));
  }
}

/**
 * Parquet with one row group per batch (snappy, column statistics), written as each batch arrives: the writer
 * keeps only the current row group and the footer's metadata, whatever the number of rows.
 */
export async function* parquetFile(columns: ExportColumn[], batches: AsyncIterable<Record<string, unknown>[]>): ExportFile {
  const bytes = new ByteWriter();
  const drain = () => {
    const chunk = bytes.getBytes().slice();
    bytes.index = 0; // offsets in the file are kept by the writer (bytes.offset), not by the buffer index
    return chunk;
  };
  const writer = new ParquetWriter({ writer: bytes, schema: parquetSchema(columns), createdBy: 'tandem analytics export' });
  for await (const rows of batches) {
    writer.write({
      columnData: columns.map((c) => ({ name: c.name, type: c.parquet, data: rows.map((row) => parquetValue(c, row[c.name])) })),
      rowGroupSize: rows.length,
    });
    yield drain();
  }
  writer.finish();
  yield drain();
}

function parquetValue(column: ExportColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (column.parquet === 'INT64') return BigInt(value as string | number);
  return value;
}

function parquetSchema(columns: ExportColumn[]) {
  const element = (c: ExportColumn) => {
    const optional = { name: c.name, repetition_type: 'OPTIONAL' as const };
    switch (c.parquet) {
      case 'STRING':
        return { ...optional, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
      case 'TIMESTAMP':
        return { ...optional, type: 'INT64' as const, converted_type: 'TIMESTAMP_MILLIS' as const };
      default:
        return { ...optional, type: c.parquet };
    }
  };
  return [{ name: 'root', num_children: columns.length }, ...columns.map(element)];
}
