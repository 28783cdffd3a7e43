import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { inputProblems } from '../http/input-checks';
import { IMPORT_RECORD_KINDS, IMPORT_RECORD_SCHEMA, PARTICIPANT_CSV_COLUMNS, REQUIRED_PARTICIPANT_CSV_COLUMNS, type ImportRecord, type ImportRecordKind } from './import-format';

/** A field of a rejected row and what is wrong with it. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** One row of an import file: the record, or why it cannot be read (the row is rejected with a 400). */
export interface ImportLine {
  /** 1-based line of the file (CSV: the row's first line; the header is line 1). */
  line: number;
  record?: ImportRecord;
  kind?: string;
  /** The pairing a row names, read even from a row that is otherwise invalid (so its rows are not waited for). */
  pairingRef?: string;
  problems?: FieldProblem[];
}

export type ImportFileFormat = 'ndjson' | 'csv';

/** At most this many bytes in one line (one record): a longer one is rejected without being held in memory. */
export const MAX_LINE_BYTES = 64 * 1024;

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(IMPORT_RECORD_SCHEMA);
const validators = new Map<string, ValidateFunction>(
  IMPORT_RECORD_KINDS.map((kind) => [kind, ajv.compile({ $ref: `${IMPORT_RECORD_SCHEMA.$id}#/$defs/${kind}` })]),
);

const fieldOf = (error: ErrorObject): string => {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const child = error.keyword === 'required' ? error.params.missingProperty : error.keyword === 'additionalProperties' ? error.params.additionalProperty : undefined;
  return [path, child].filter((p) => p !== undefined && p !== '').join('.') || 'record';
};

/** The record if it is valid against its kind's schema, else every problem by field. */
export function validateImportRecord(value: unknown): { record?: ImportRecord; kind?: string; pairingRef?: string; problems?: FieldProblem[] } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problems: [{ field: 'record', message: 'a line must be a JSON object' }] };
  // What the input screening refuses in any request (NUL, lone surrogates, deep nesting) is refused in a row too.
  const screened = inputProblems(value, 'record', 4);
  if (screened.length > 0) return { problems: screened.map((p) => ({ field: p.field, message: p.messages.join('; ') })) };
  const kind = (value as { record?: unknown }).record;
  const validate = typeof kind === 'string' ? validators.get(kind) : undefined;
  if (!validate) return { problems: [{ field: 'record', message: `record must be one of: ${IMPORT_RECORD_KINDS.join(', ')}` }] };
  if (validate(value)) return { record: value as ImportRecord, kind: kind as string };
  const pairingRef = (value as { pairingRef?: unknown }).pairingRef;
  const problems = (validate.errors ?? []).map((e) => {
    const field = fieldOf(e);
    const message = e.keyword === 'additionalProperties' ? `${field} is not a field of a ${kind} record` : `${field} ${e.message}`;
    return { field, message };
  });
  return { kind: kind as string, ...(typeof pairingRef === 'string' ? { pairingRef } : {}), problems: dedupe(problems) };
}

const dedupe = (problems: FieldProblem[]) => [...new Map(problems.map((p) => [`${p.field}\u0000${p.message}`, p])).values()];

/** Splits a byte stream into lines without ever holding more than one line (≤ MAX_LINE_BYTES) and a chunk. */
async function* lines(body: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: number; text?: string; tooLong?: boolean }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 0;
  for await (const chunk of body) {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let newline = buffer.indexOf(10); newline !== -1; newline = buffer.indexOf(10)) {
      line++;
      const head = buffer.subarray(0, newline);
      buffer = buffer.subarray(newline + 1);
      if (tooLong || pendingBytes + head.length > MAX_LINE_BYTES) yield { line, tooLong: true };
      else yield { line, text: Buffer.concat([...pending, head]).toString('utf8') };
      pending = [];
      pendingBytes = 0;
      tooLong = false;
    }
    if (tooLong) continue;
    if (pendingBytes + buffer.length > MAX_LINE_BYTES) {
      tooLong = true;
      pending = [];
      pendingBytes = 0;
    } else if (buffer.length > 0) {
      pending.push(Buffer.from(buffer));
      pendingBytes += buffer.length;
    }
  }
  if (tooLong || pendingBytes > 0) yield { line: line + 1, ...(tooLong ? { tooLong: true } : { text: Buffer.concat(pending).toString('utf8') }) };
}

/** The records of an NDJSON file, one per non-blank line, each validated on its own. */
export async function* ndjsonRecords(body: AsyncIterable<Buffer | string>): AsyncGenerator<ImportLine> {
  for await (const { line, text, tooLong } of lines(body)) {
    if (tooLong) {
      yield { line, problems: [{ field: 'record', message: `a line is at most ${MAX_LINE_BYTES} bytes` }] };
      continue;
    }
    const trimmed = text!.replace(/^\uFEFF/, '').trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      yield { line, problems: [{ field: 'record', message: 'the line is not valid JSON' }] };
      continue;
    }
    yield { line, ...validateImportRecord(value) };
  }
}

const LIST_COLUMNS = new Set(['languages', 'skillsOffered', 'skillsSought', 'goals', 'interests']);
const NUMBER_COLUMNS = new Set(['availabilityHoursPerMonth', 'mentorCapacity']);

/** A CSV cell as the JSON value of the participant record (empty cells are left out). */
function cellValue(column: string, cell: string): unknown {
  if (LIST_COLUMNS.has(column)) return cell.split(';').map((item) => item.trim()).filter((item) => item !== '');
  if (NUMBER_COLUMNS.has(column)) return /^-?\d+(\.\d+)?$/.test(cell) ? Number(cell) : cell;
  if (column === 'publicAcknowledgementConsent') return /^(true|yes|1)$/i.test(cell) ? true : /^(false|no|0)$/i.test(cell) ? false : cell;
  return cell;
}

/**
 * The participants of a CSV file (RFC 4180, UTF-8, a header row naming PARTICIPANT_CSV_COLUMNS in any order —
 * the required ones at least). A malformed header rejects line 1 and ends the import; a row with the wrong number
 * of cells, or a value its column does not take, rejects that row only.
 */
export async function* csvParticipantRecords(body: Readable | AsyncIterable<Buffer | string>): AsyncGenerator<ImportLine> {
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_LINE_BYTES, info: true });
  const source = (async () => {
    try {
      for await (const chunk of body) if (!parser.write(chunk)) await new Promise((resume) => parser.once('drain', resume));
      parser.end();
    } catch (error) {
      parser.destroy(error as Error);
    }
  })();
  let header: string[] | undefined;
  try {
    for await (const { record: cells, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!header) {
        const known = new Set<string>(PARTICIPANT_CSV_COLUMNS);
        const problems = [
          ...cells.filter((c) => !known.has(c)).map((c) => ({ field: `header.${c}`, message: `${c} is not a column of a participants file (columns: ${PARTICIPANT_CSV_COLUMNS.join(', ')})` })),
          ...REQUIRED_PARTICIPANT_CSV_COLUMNS.filter((c) => !cells.includes(c)).map((c) => ({ field: `header.${c}`, message: `the header must name the column ${c}` })),
        ];
        if (problems.length > 0) {
          yield { line, problems };
          return;
        }
        header = cells;
        continue;
      }
      if (cells.length !== header.length) {
        yield { line, problems: [{ field: 'row', message: `the row has ${cells.length} cells; the header names ${header.length}` }] };
        continue;
      }
      const value: Record<string, unknown> = { record: 'participant' };
      header.forEach((column, i) => {
        if (cells[i] !== '') value[column] = cellValue(column, cells[i]);
      });
      yield { line, ...validateImportRecord(value) };
    }
  } catch (error) {
    const where = (error as { lines?: number }).lines;
    yield { line: where ?? 0, problems: [{ field: 'file', message: `the CSV cannot be read from here on: ${(error as Error).message}` }] };
  } finally {
    await source;
  }
}

/** The records of an upload in either format. */
export const importRecords = (body: Readable | AsyncIterable<Buffer | string>, format: ImportFileFormat): AsyncGenerator<ImportLine> =>
  format === 'csv' ? csvParticipantRecords(body) : ndjsonRecords(body);

/** The format a content type names, if any (`text/csv`, `application/x-ndjson`). */
export function importFormatOf(contentType: string | undefined): ImportFileFormat | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/jsonl' || type === 'application/ndjson') return 'ndjson';
  return undefined;
}

export const recordKind = (line: ImportLine): ImportRecordKind | undefined => line.record?.record;
