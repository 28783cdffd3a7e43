import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ImportFileFormat } from './import-stream';
import type { ImportCounts, ImportReportLine, RejectedRow } from './import-run';

/**
 * The client side of an import (what `npm run import` runs): posts one file to enrollment, then to session
 * tracking, each as a stream, and reads each report as it comes. Session tracking answers 409
 * `import.pairing_not_yet_known` for pairings whose events have not reached it yet: the client waits and posts the
 * file again (idempotent: what was imported is reported unchanged) until none is pending or the wait is over.
 */
export interface ImportFileOptions {
  programId: string;
  token: string;
  enrollmentUrl: string;
  /** Where session tracking listens; without it only enrollment's part is imported. */
  sessionTrackingUrl?: string;
  format: ImportFileFormat;
  /** Opens the file (again): it is read once per post, never held in memory. */
  open: () => Readable;
  importId?: string;
  /** How long to keep posting the history while pairings are still on their way (default 120 s). */
  waitForPairingsMs?: number;
  onProgress?: (service: ImportService, line: ImportReportLine & { type: 'progress' }) => void;
  /** Every rejected row of the final pass of each service. */
  onRejected?: (service: ImportService, line: RejectedRow) => void;
}

export type ImportService = 'enrollment' | 'session-tracking';

export interface ImportFileResult {
  importId: string;
  enrollment: ImportCounts;
  sessionTracking?: ImportCounts & { passes: number };
}

const PENDING_PAIRING = 'import.pairing_not_yet_known';
const CONTENT_TYPE: Record<ImportFileFormat, string> = { ndjson: 'application/x-ndjson', csv: 'text/csv' };

/** Posts one upload and reads its streamed report line by line; answers the summary and the rejected rows. */
export async function postImport(
  url: string,
  token: string,
  format: ImportFileFormat,
  body: Readable,
  importId: string,
  onProgress?: (line: ImportReportLine & { type: 'progress' }) => void,
): Promise<{ summary: ImportCounts; rejected: RejectedRow[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': CONTENT_TYPE[format], 'x-import-id': importId },
    body: Readable.toWeb(body) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 200 || !response.body) {
    throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  }
  const rejected: RejectedRow[] = [];
  let summary: ImportCounts | undefined;
  let pending = '';
  const handle = (text: string) => {
    if (text.trim() === '') return;
    const line = JSON.parse(text) as ImportReportLine;
    if (line.type === 'progress') onProgress?.(line);
    else if (line.type === 'rejected') rejected.push(line);
    else summary = line;
  };
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop()!;
    lines.forEach(handle);
  }
  handle(pending + decoder.decode());
  if (!summary) throw new Error(`${url}: the report ended without a summary (the import was interrupted)`);
  return { summary, rejected };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Imports one file into a program: enrollment's part, then session tracking's (waiting for the pairings to arrive). */
export async function importFile(options: ImportFileOptions): Promise<ImportFileResult> {
  const importId = options.importId ?? randomUUID();
  const path = `/programs/${options.programId}/imports`;
  const enrollment = await postImport(`${options.enrollmentUrl}${path}`, options.token, options.format, options.open(), importId, (l) => options.onProgress?.('enrollment', l));
  enrollment.rejected.forEach((r) => options.onRejected?.('enrollment', r));
  const result: ImportFileResult = { importId, enrollment: enrollment.summary };
  if (!options.sessionTrackingUrl || options.format !== 'ndjson') return result;

  // Pairings enrollment refused never arrive: their rows are reported, not waited for.
  const refused = new Set(enrollment.rejected.filter((r) => r.record === 'pairing' && r.pairingRef !== null).map((r) => r.pairingRef));
  const deadline = Date.now() + (options.waitForPairingsMs ?? 120_000);
  // Rows a pass imported are `unchanged` in the next one: the result counts them once, as imported.
  let importedBefore = 0;
  for (let pass = 1, delay = 500; ; pass++, delay = Math.min(delay * 2, 5_000)) {
    const history = await postImport(`${options.sessionTrackingUrl}${path}`, options.token, 'ndjson', options.open(), importId, (l) => options.onProgress?.('session-tracking', l));
    const waiting = history.rejected.some((r) => r.code === PENDING_PAIRING && !refused.has(r.pairingRef));
    if (!waiting || Date.now() + delay > deadline) {
      history.rejected.forEach((r) => options.onRejected?.('session-tracking', r));
      const { summary } = history;
      result.sessionTracking = { ...summary, imported: importedBefore + summary.imported, unchanged: summary.unchanged - importedBefore, passes: pass };
      return result;
    }
    importedBefore += history.summary.imported;
    await sleep(delay);
  }
}
