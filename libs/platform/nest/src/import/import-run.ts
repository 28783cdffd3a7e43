import { ConcurrencyError } from '@tandem/event-store';
import { DomainError, type DomainErrorKind } from '@tandem/kernel';
import type { ImportRecord } from './import-format';
import type { FieldProblem, ImportLine } from './import-stream';

/** What importing one row did: wrote it, found it already there (a re-upload), or left it to another service. */
export type RowOutcome = 'imported' | 'unchanged' | 'skipped';

export interface ImportCounts {
  read: number;
  imported: number;
  unchanged: number;
  skipped: number;
  rejected: number;
}

/** A rejected row in the report: the status and code a single request for it would have got, and the fields. */
export interface RejectedRow {
  type: 'rejected';
  line: number;
  record: string | null;
  ref: string | null;
  /** The pairing the row belongs to (pairing, session, feedback, goal and outcome records). */
  pairingRef: string | null;
  status: number;
  code: string;
  message: string;
  errors: FieldProblem[];
}

/** The lines of the streamed report (NDJSON): progress, every rejected row, and the summary last. */
export type ImportReportLine = ({ type: 'progress' } & ImportCounts) | RejectedRow | ({ type: 'summary'; importId: string } & ImportCounts);

const STATUS_OF: Record<DomainErrorKind, number> = { invalid: 400, not_found: 404, conflict: 409, forbidden: 403 };

const pairingRefOf = (record: ImportRecord | undefined): string | null => (record && 'pairingRef' in record ? record.pairingRef : null);

/** The old platform's reference of a record, for the report. */
export function refOf(record: ImportRecord | undefined): string | null {
  if (!record) return null;
  switch (record.record) {
    case 'participant':
      return `${record.role}:${record.employeeId}`;
    case 'pairing':
      return record.pairingRef;
    case 'session':
    case 'feedback':
      return record.record === 'feedback' ? `${record.sessionRef}:${record.by}` : record.sessionRef;
    case 'goal':
      return record.goalRef;
    case 'outcome':
      return record.outcomeRef;
  }
}

function rejection(line: ImportLine, error: unknown, onUnexpected: (error: unknown, line: number) => void): RejectedRow {
  const base = { type: 'rejected' as const, line: line.line, record: line.record?.record ?? line.kind ?? null, ref: refOf(line.record), pairingRef: pairingRefOf(line.record) };
  if (error instanceof DomainError) {
    const field = typeof error.details?.field === 'string' ? error.details.field : undefined;
    return { ...base, status: STATUS_OF[error.kind], code: error.code, message: error.message, errors: field ? [{ field, message: error.message }] : [] };
  }
  if (error instanceof ConcurrencyError) {
    return { ...base, status: 409, code: 'concurrency.conflict', message: 'The row changed concurrently; upload the file again', errors: [] };
  }
  onUnexpected(error, line.line);
  return { ...base, status: 500, code: 'import.row_failed', message: 'The row could not be imported; nothing of it was written', errors: [] };
}

/**
 * Runs an import in file order (a row may refer to one above it) and yields the report as it goes: each rejected
 * row, a progress line every `progressEvery` rows read, the summary last. Each row is all or nothing (the handler
 * runs it in one transaction); a rejected row never stops the others. Rows `independent` of each other (e.g.
 * participants) run up to `concurrency` at a time; any other row waits until those before it are done. Memory stays
 * bounded: nothing is kept but the counts and the rows in flight.
 */
export async function* runImport(
  lines: AsyncIterable<ImportLine>,
  handle: (record: ImportRecord, line: number) => Promise<RowOutcome>,
  options: {
    importId: string;
    progressEvery?: number;
    onUnexpected: (error: unknown, line: number) => void;
    /** The record kinds this service imports: an invalid row of another kind is the other service's to report (skipped here). */
    owns?: readonly string[];
    concurrency?: number;
    independent?: (record: ImportRecord) => boolean;
  },
): AsyncGenerator<ImportReportLine> {
  const counts: ImportCounts = { read: 0, imported: 0, unchanged: 0, skipped: 0, rejected: 0 };
  const every = options.progressEvery ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const inFlight = new Set<Promise<void>>();
  const done: RejectedRow[] = [];
  const run = (line: ImportLine & { record: ImportRecord }) =>
    handle(line.record, line.line).then(
      (outcome) => void counts[outcome]++,
      (error: unknown) => {
        counts.rejected++;
        done.push(rejection(line, error, options.onUnexpected));
      },
    );
  const start = (line: ImportLine & { record: ImportRecord }) => {
    const promise: Promise<void> = run(line).finally(() => inFlight.delete(promise));
    inFlight.add(promise);
  };
  for await (const line of lines) {
    counts.read++;
    if (line.problems && line.kind && options.owns && !options.owns.includes(line.kind)) {
      counts.skipped++;
    } else if (line.problems || !line.record) {
      counts.rejected++;
      yield {
        type: 'rejected', line: line.line, record: line.kind ?? null, ref: null, pairingRef: line.pairingRef ?? null, status: 400, code: 'import.invalid_row',
        message: (line.problems ?? []).map((p) => p.message).join('; ') || 'invalid row', errors: line.problems ?? [],
      };
    } else {
      const row = line as ImportLine & { record: ImportRecord };
      const parallel = concurrency > 1 && (options.independent?.(row.record) ?? false);
      if (!parallel) await Promise.all(inFlight);
      start(row);
      if (!parallel) await Promise.all(inFlight);
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    yield* done.splice(0);
    if (counts.read % every === 0) yield { type: 'progress', ...counts };
  }
  await Promise.all(inFlight);
  yield* done.splice(0);
  yield { type: 'summary', importId: options.importId, ...counts };
}

/** The report as NDJSON text, line by line (what the import endpoints stream back). */
export async function* ndjsonLines(report: AsyncIterable<ImportReportLine>): AsyncGenerator<string> {
  for await (const line of report) yield `${JSON.stringify(line)}\n`;
}
