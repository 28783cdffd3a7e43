import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The house style of a service, checked on its source tree (docs/architecture.md, "House style"): where each kind
 * of code lives, one way to store read models, files a reviewer can read, and no folder-level import loops.
 * Each service's `house-style.spec.ts` asserts the list is empty, so the convention cannot drift.
 */
export const HOUSE_STYLE = {
  maxLines: 400,
  /**
   * What marks a kind of code (a decorator, a projection declaration) and the file it must live in:
   * `<feature>/<feature><ending>`.
   */
  placements: [
    { marker: /@Controller\(/, file: '.http.ts', what: 'controller' },
    { marker: /@CommandHandler\(/, file: '.commands.ts', what: 'command handler' },
    { marker: /@SubscribesTo\(/, file: '.subscriber.ts', what: 'subscriber' },
    { marker: /\b(projection|integrationProjection)(<[^>]*>)?\(\{/, file: '.projection.ts', what: 'projection' },
  ],
  /** Read models are written with explicit SQL through the Transaction, never through an ORM. */
  forbidden: [
    { pattern: /@Entity\(/, why: 'a TypeORM entity (read models are explicit SQL; TypeORM is only the DataSource and migrations)' },
    { pattern: /\btx\.manager\b|\.manager\.(upsert|save|insert|update)\(/, why: "an ORM write through the transaction's manager" },
    { pattern: /INSERT INTO [\w.]+ VALUES/i, why: 'an INSERT without a column list' },
  ],
} as const;

const isTest = (file: string) => /\.(spec|int-spec|e2e-spec)\.ts$/.test(file);
const isExempt = (path: string) => path.split(sep).includes('migrations') || path.split(sep).includes('testing');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !isTest(entry.name) ? [path] : [];
  });
}

/** Every breach of the house style under `srcDir` (an app's `src`), as readable lines; empty when it complies. */
export function houseStyleViolations(srcDir: string): string[] {
  const root = resolve(srcDir);
  const problems: string[] = [];
  const folderImports = new Map<string, Set<string>>();
  const topFolder = (path: string) => relative(root, path).split(sep)[0];

  for (const file of sourceFiles(root)) {
    const name = relative(root, file);
    if (isExempt(file)) continue;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length;
    if (lines > HOUSE_STYLE.maxLines) problems.push(`${name}: ${lines} lines (at most ${HOUSE_STYLE.maxLines})`);
    for (const { marker, file: ending, what } of HOUSE_STYLE.placements) {
      if (!marker.test(text)) continue;
      const feature = basename(dirname(file));
      if (!file.endsWith(ending)) problems.push(`${name}: a ${what} belongs in a *${ending} file`);
      else if (basename(file) !== `${feature}${ending}`) problems.push(`${name}: a ${what} belongs in ${feature}/${feature}${ending} (its feature's file)`);
    }
    for (const { pattern, why } of HOUSE_STYLE.forbidden) {
      if (pattern.test(text)) problems.push(`${name}: ${why}`);
    }
    const from = topFolder(file);
    if (!name.includes(sep)) continue; // files at the root (module, main) wire the folders together
    for (const [, target] of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = topFolder(resolve(dirname(file), target));
      if (to !== from && !to.startsWith('..') && to.includes('.') === false) {
        folderImports.set(from, (folderImports.get(from) ?? new Set()).add(to));
      }
    }
  }
  problems.push(...importLoops(folderImports));
  return problems;
}

/** Folder-level cycles (a → b → … → a), each reported once. */
function importLoops(edges: Map<string, Set<string>>): string[] {
  const loops = new Set<string>();
  const walk = (start: string, at: string, path: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) {
        const cycle = [...path, start];
        const rotations = cycle.slice(0, -1).map((_, i) => [...cycle.slice(i, -1), ...cycle.slice(0, i)]);
        loops.add(rotations.map((r) => r.join(' → ')).sort()[0]);
      } else if (!path.includes(next)) {
        walk(start, next, [...path, next]);
      }
    }
  };
  for (const folder of edges.keys()) walk(folder, folder, [folder]);
  return [...loops].map((loop) => `folder import loop: ${loop} → ${loop.split(' → ')[0]}`);
}
