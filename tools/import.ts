#!/usr/bin/env node
// Imports a file in the one import format (docs/import) into a program: enrollment's part (participants, pairings),
// then session tracking's (sessions, feedback, goals, outcomes), each streamed, waiting for the pairings to arrive.
//   npm run -s import -- --program <id> --file history.ndjson [--token <jwt> | TANDEM_TOKEN=<jwt>]
//       [--enrollment http://127.0.0.1:3001] [--session-tracking http://127.0.0.1:3002] [--wait 120]
//   npm run -s import -- --program <id> --file participants.csv      (participants only)
//   npm run -s import -- --write-schema                              (docs/import/import-record.schema.json)
// Prints progress on stderr, every rejected row and each service's summary as NDJSON on stdout; exits 0 when every
// row was imported or unchanged, 2 when rows were rejected, 1 when the import could not run.
import { createReadStream, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { IMPORT_RECORD_SCHEMA, importFile } from '@tandem/platform';

export const SCHEMA_FILE = 'docs/import/import-record.schema.json';

const { values } = parseArgs({
  options: {
    program: { type: 'string' },
    file: { type: 'string' },
    token: { type: 'string', default: process.env.TANDEM_TOKEN },
    enrollment: { type: 'string', default: process.env.ENROLLMENT_URL ?? 'http://127.0.0.1:3001' },
    'session-tracking': { type: 'string', default: process.env.SESSION_TRACKING_URL ?? 'http://127.0.0.1:3002' },
    format: { type: 'string' },
    wait: { type: 'string', default: '120' },
    'write-schema': { type: 'boolean', default: false },
  },
});

async function main(): Promise<number> {
  if (values['write-schema']) {
    writeFileSync(SCHEMA_FILE, `${JSON.stringify(IMPORT_RECORD_SCHEMA, null, 2)}\n`);
    process.stderr.write(`wrote ${SCHEMA_FILE}\n`);
    return 0;
  }
  const { program, file, token } = values;
  if (!program || !file || !token) {
    process.stderr.write('usage: npm run -s import -- --program <programId> --file <file.ndjson|file.csv> [--token <jwt>] (see docs/import)\n');
    return 1;
  }
  const format = values.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'ndjson');
  if (format !== 'csv' && format !== 'ndjson') {
    process.stderr.write(`--format is csv or ndjson, not ${format}\n`);
    return 1;
  }
  let rejected = 0;
  const out = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const result = await importFile({
    programId: program,
    token,
    enrollmentUrl: values.enrollment!,
    sessionTrackingUrl: values['session-tracking'],
    format,
    open: () => createReadStream(file),
    waitForPairingsMs: Number(values.wait) * 1000,
    onProgress: (service, p) => process.stderr.write(`${service}: ${p.read} rows read, ${p.imported} imported, ${p.unchanged} unchanged, ${p.rejected} rejected\n`),
    onRejected: (service, row) => {
      rejected++;
      out({ service, ...row });
    },
  });
  out({ service: 'enrollment', type: 'summary', importId: result.importId, ...result.enrollment });
  if (result.sessionTracking) out({ service: 'session-tracking', type: 'summary', importId: result.importId, ...result.sessionTracking });
  return rejected > 0 ? 2 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
