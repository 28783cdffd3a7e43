import { Readable } from 'node:stream';
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { newId, type CommandContext } from '@tandem/event-store';
import { importFormatOf, type ImportFileFormat } from './import-stream';

/** The content types an import endpoint reads as a stream (bootstrap.ts leaves their bodies unread for it). */
export const IMPORT_CONTENT_TYPES = ['application/x-ndjson', 'text/csv'] as const;

/** What an import endpoint needs of Fastify's request: the headers and the raw body stream. */
export interface ImportRequest {
  headers: Record<string, string | string[] | undefined>;
  raw: Readable;
}

/** What it needs of the reply: headers, then the report as a stream. */
export interface ImportReply {
  header(name: string, value: string): ImportReply;
  send(payload: Readable): unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The upload of an import request: its format (from the content type; CSV only where `csv` is allowed), the body
 * as a stream, and the import id (`x-import-id`, a UUID the caller may give so that the parts of one file share
 * it; a new one otherwise).
 */
export function importUpload(request: ImportRequest, formats: ImportFileFormat[]): { format: ImportFileFormat; body: Readable; importId: string } {
  const contentType = request.headers['content-type'];
  const format = importFormatOf(Array.isArray(contentType) ? contentType[0] : contentType);
  if (!format || !formats.includes(format)) {
    const accepted = formats.map((f) => (f === 'csv' ? 'text/csv' : 'application/x-ndjson')).join(' or ');
    throw new UnsupportedMediaTypeException(`An import is uploaded as ${accepted}`);
  }
  const given = request.headers['x-import-id'];
  const importId = Array.isArray(given) ? given[0] : given;
  if (importId !== undefined && !UUID.test(importId)) {
    throw new BadRequestException({ message: 'x-import-id must be a UUID', errors: [{ field: 'x-import-id', messages: ['x-import-id must be a UUID'] }] });
  }
  return { format, body: request.raw, importId: importId ?? newId() };
}

/** Streams the report back (NDJSON) while the import runs: the client reads progress as it happens. */
export function sendImportReport(reply: ImportReply, lines: AsyncIterable<string>): void {
  reply.header('content-type', 'application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').send(Readable.from(lines));
}

/**
 * The context every row of an import runs its commands in: the request's, marked as imported — without the
 * request's idempotency key, which would make the second row look like a retry of the first.
 */
export function importRowContext(context: CommandContext, importId: string): CommandContext {
  const { idempotencyKey: _key, ...base } = context;
  return { ...base, imported: { importId } };
}
