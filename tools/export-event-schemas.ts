#!/usr/bin/env node
// Writes the published event catalogue to docs/events: every public integration event's JSON Schema
// (docs/events/<context>/<Name>.v<version>.json), the AsyncAPI 3 document of every topic (asyncapi.json) and the
// README with keys, order, replay guidance and an example of every message — all rendered by @tandem/event-catalog
// from the contracts libraries, so integrators can read or generate code from them without our code.
// `--check` fails when the committed files differ from the contracts (run by the test suite).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderedCatalogFiles, staleFiles } from '@tandem/event-catalog';

const OUT = resolve(__dirname, '..', __dirname.includes('/dist/') ? '..' : '', 'docs/events');

const rendered = renderedCatalogFiles();
const stale = staleFiles(rendered, OUT);
if (process.argv.includes('--check')) {
  for (const file of stale) process.stderr.write(`stale: docs/events/${file}\n`);
  if (stale.length) {
    process.stderr.write('run `npm run contracts` and commit the result\n');
    process.exit(1);
  }
} else {
  for (const file of stale) {
    mkdirSync(dirname(join(OUT, file)), { recursive: true });
    writeFileSync(join(OUT, file), rendered.get(file)!);
    process.stdout.write(`wrote docs/events/${file}\n`);
  }
}
