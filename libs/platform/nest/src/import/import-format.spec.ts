import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { IllegalStateError, InvalidCommandError } from '@tandem/kernel';
import { IMPORT_RECORD_SCHEMA, importedId } from './import-format';
import { runImport, type ImportReportLine } from './import-run';
import { csvParticipantRecords, importFormatOf, MAX_LINE_BYTES, ndjsonRecords, validateImportRecord, type ImportLine } from './import-stream';

const ROOT = join(__dirname, '../../../../..');
const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
};
const chunks = (...parts: string[]) => Readable.from(parts.map((p) => Buffer.from(p)));

describe('import format', () => {
  it('is published as docs/import/import-record.schema.json (npm run -s import -- --write-schema)', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'docs/import/import-record.schema.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(IMPORT_RECORD_SCHEMA)));
  });

  it('reads every record of the example files as valid', async () => {
    const ndjson = await collect(ndjsonRecords(createReadStream(join(ROOT, 'docs/import/example.ndjson'))));
    expect(ndjson.length).toBeGreaterThanOrEqual(10);
    expect(ndjson.filter((l) => l.problems)).toEqual([]);
    expect(new Set(ndjson.map((l) => l.record!.record))).toEqual(new Set(['participant', 'pairing', 'session', 'feedback', 'goal', 'outcome']));
    const csv = await collect(csvParticipantRecords(createReadStream(join(ROOT, 'docs/import/participants-example.csv'))));
    expect(csv.filter((l) => l.problems)).toEqual([]);
    expect(csv.map((l) => l.record)).toEqual([
      expect.objectContaining({ record: 'participant', employeeId: 'E-10442', languages: ['en', 'fr'], skillsOffered: ['architecture', 'kafka'], mentorCapacity: 2, publicAcknowledgementConsent: true }),
      expect.objectContaining({ record: 'participant', employeeId: 'E-20817', goals: ['Lead a design review'], managerEmployeeId: 'E-10001' }),
    ]);
    expect(csv[1].record).not.toHaveProperty('mentorCapacity');
  });

  it('names every bad field of a row', () => {
    const { problems } = validateImportRecord({ record: 'session', sessionRef: 's', pairingRef: 'p', occurredAt: 'yesterday', minutes: 0, format: 'video', extra: 1 });
    expect(problems!.map((p) => p.field).sort()).toEqual(['extra', 'minutes', 'occurredAt', 'reportedBy']);
    expect(validateImportRecord({ record: 'badge' }).problems).toEqual([{ field: 'record', message: expect.stringContaining('participant, pairing, session') }]);
    expect(validateImportRecord([1]).problems![0].field).toBe('record');
    expect(validateImportRecord({ record: 'goal', title: 'a\u0000b' }).problems).toEqual([{ field: 'title', message: expect.stringMatching(/NUL/) }]);
    expect(validateImportRecord({ record: 'goal', title: '\ud800' }).problems![0].field).toBe('title');
    expect(validateImportRecord({ record: 'goal', a: { b: { c: { d: { e: 1 } } } } }).problems![0].message).toMatch(/nested too deeply/);
  });

  it('splits lines across chunks, skips blank ones, and rejects bad JSON and over-long lines without holding them', async () => {
    const long = `{"record":"participant","name":"${'x'.repeat(MAX_LINE_BYTES)}"}`;
    const lines = await collect(ndjsonRecords(chunks('{"record":"go', 'al"}\n\n', 'not json\r\n', long.slice(0, 40_000), long.slice(40_000), '\n{"record":"feedback","pairingRef":"p-1"}')));
    expect(lines.map((l) => [l.line, l.kind ?? null, l.problems?.[0].field ?? null])).toEqual([
      [1, 'goal', 'goalRef'],
      [3, null, 'record'],
      [4, null, 'record'],
      [5, 'feedback', 'sessionRef'],
    ]);
    expect(lines[2].problems![0].message).toMatch(/at most 65536 bytes/);
    expect(lines[3].pairingRef).toBe('p-1');
  });

  it('refuses a CSV header naming unknown or missing columns, and rows with the wrong number of cells', async () => {
    const badHeader = await collect(csvParticipantRecords(chunks('employeeId,name,shoeSize\nE-1,Ada,38\n')));
    expect(badHeader).toHaveLength(1);
    expect(badHeader[0].problems!.map((p) => p.field)).toEqual(['header.shoeSize', 'header.userId', 'header.email', 'header.role', 'header.timeZone']);
    const rows = await collect(csvParticipantRecords(chunks('employeeId,userId,name,email,role,timeZone\nE-1,u1,Ada,ada@example.com,mentor,Europe/London\nE-2,u2,Bob\nE-3,u3,Cy,not-an-email,boss,UTC\n')));
    expect(rows.map((r) => [r.line, r.problems?.map((p) => p.field) ?? []])).toEqual([
      [2, []],
      [3, ['row']],
      [4, ['email', 'role']],
    ]);
  });

  it('knows its content types', () => {
    expect(importFormatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(importFormatOf('application/x-ndjson')).toBe('ndjson');
    expect(importFormatOf('application/json')).toBeUndefined();
  });

  it('derives the same id for the same reference, and another for another tenant or program', () => {
    expect(importedId('t', 'p', 'session', 's-1')).toBe(importedId('t', 'p', 'session', 's-1'));
    expect(importedId('t', 'p', 'session', 's-1')).not.toBe(importedId('t2', 'p', 'session', 's-1'));
    expect(importedId('t', 'p', 'session', 's-1')).not.toBe(importedId('t', 'p2', 'session', 's-1'));
  });
});

describe('runImport', () => {
  const line = (n: number, record: object): ImportLine => ({ line: n, ...validateImportRecord(record) });
  const session = (ref: string) => ({ record: 'session', sessionRef: ref, pairingRef: 'p', occurredAt: '2026-01-01T10:00:00Z', minutes: 30, format: 'video', reportedBy: 'mentor' });

  it('counts every row, reports each rejected one with the status a single request would get, progress as it goes and the summary last', async () => {
    async function* lines() {
      yield line(1, session('ok'));
      yield line(2, session('again'));
      yield line(3, session('bad-minutes'));
      yield line(4, session('late'));
      yield line(5, { record: 'session' });
      yield line(6, session('boom'));
      yield line(7, { record: 'participant', employeeId: 'E', userId: 'u', name: 'n', email: 'a@b.co', role: 'mentor', timeZone: 'UTC' });
      yield line(8, { record: 'participant', employeeId: 'E' }); // invalid, but another service's to report
    }
    const unexpected: number[] = [];
    const report: ImportReportLine[] = await collect(
      runImport(
        lines(),
        async (record, n) => {
          if (record.record === 'participant') return 'skipped';
          if (n === 2) return 'unchanged';
          if (n === 3) throw new InvalidCommandError('minutes must be a whole number from 1 to 600', 'session.invalid_minutes', { field: 'minutes' });
          if (n === 4) throw new IllegalStateError('not yet', 'import.pairing_not_yet_known', { field: 'pairingRef' });
          if (n === 6) throw new Error('database exploded');
          return 'imported';
        },
        { importId: 'imp-1', progressEvery: 3, owns: ['session'], onUnexpected: (_e, n) => unexpected.push(n) },
      ),
    );
    expect(report.map((l) => (l.type === 'rejected' ? `${l.type}:${l.line}:${l.status}:${l.code}` : l.type))).toEqual([
      'rejected:3:400:session.invalid_minutes', 'progress', 'rejected:4:409:import.pairing_not_yet_known', 'rejected:5:400:import.invalid_row',
      'rejected:6:500:import.row_failed', 'progress', 'summary',
    ]);
    expect(report.find((l) => l.type === 'rejected' && l.line === 3)).toMatchObject({ record: 'session', ref: 'bad-minutes', pairingRef: 'p', errors: [{ field: 'minutes' }] });
    expect(report.at(-1)).toEqual({ type: 'summary', importId: 'imp-1', read: 8, imported: 1, unchanged: 1, skipped: 2, rejected: 4 });
    expect(unexpected).toEqual([6]);
  });

  it('runs independent rows a few at a time, and a dependent row only once every row above it is done', async () => {
    const events: string[] = [];
    let running = 0;
    let most = 0;
    async function* lines() {
      for (let i = 1; i <= 6; i++) yield line(i, { record: 'participant', employeeId: `E${i}`, userId: `u${i}`, name: 'n', email: 'a@b.co', role: 'mentee', timeZone: 'UTC' });
      yield line(7, session('after'));
    }
    const report = await collect(
      runImport(
        lines(),
        async (record, n) => {
          running++;
          most = Math.max(most, running);
          if (record.record === 'session') events.push(`session with ${running - 1} others running`);
          await new Promise((r) => setTimeout(r, 10 * (7 - n)));
          running--;
          if (n === 3) throw new IllegalStateError('duplicate', 'application.duplicate');
          return 'imported';
        },
        { importId: 'imp-2', concurrency: 3, independent: (r) => r.record === 'participant', onUnexpected: () => undefined },
      ),
    );
    expect(most).toBe(3);
    expect(events).toEqual(['session with 0 others running']);
    expect(report.filter((l) => l.type === 'rejected').map((l) => (l as { line: number }).line)).toEqual([3]);
    expect(report.at(-1)).toMatchObject({ type: 'summary', read: 7, imported: 6, rejected: 1 });
  });
});
