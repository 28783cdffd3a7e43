import type { FieldError } from './validation';

/** Deeper JSON than this is refused before any code walks it (no request of Tandem needs more than ~5 levels). */
export const MAX_JSON_DEPTH = 32;
/** At most this many problems are reported for one request (a hostile body could otherwise produce millions). */
const MAX_REPORTED = 20;

const NUL = '\u0000';
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// C0 and C1 control characters and DEL (Unicode category Cc).
const CONTROL = /\p{Cc}/u;

/**
 * What is wrong with one string of user input, if anything: PostgreSQL cannot store NUL in text or jsonb,
 * and a lone UTF-16 surrogate cannot be encoded as UTF-8 — storing either means failing or altering the text.
 */
export function textProblem(value: string): string | undefined {
  if (value.includes(NUL)) return 'must not contain the NUL character (U+0000)';
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (it contains a lone UTF-16 surrogate)';
  return undefined;
}

/**
 * The problems of a parsed request part (JSON body, query or path parameters): nesting deeper than `maxDepth`,
 * and NUL or lone surrogates in any string or key. Iterative, so a hostile depth cannot overflow the stack.
 * `root` names the part itself when it is a bare value (e.g. a JSON body that is only a string).
 */
export function inputProblems(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): FieldError[] {
  const problems: FieldError[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (pending.length > 0 && problems.length < MAX_REPORTED) {
    const { value: current, path, depth } = pending.pop()!;
    const field = path || root;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) problems.push({ field, messages: [`${field} ${problem}`] });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) {
      problems.push({ field, messages: [`${field} is nested too deeply (at most ${maxDepth} levels)`] });
      continue;
    }
    const entries = Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = path ? `${path}.${key}` : key;
      const keyProblem = textProblem(key);
      if (keyProblem) problems.push({ field: childPath, messages: [`the name of ${JSON.stringify(childPath)} ${keyProblem}`] });
      else pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return problems.slice(0, MAX_REPORTED);
}

/** What is wrong with an identity-provider subject (a user id such as `demo-pm`), if anything. */
export function subjectProblem(value: string): string | undefined {
  if (value.length < 1 || value.length > 255) return 'must be 1 to 255 characters long';
  if (CONTROL.test(value)) return 'must not contain control characters';
  return textProblem(value);
}

/**
 * A query parameter read as an integer only when written in plain decimal digits (`1e2`, `1.0`, `0x10`, ` 5`
 * stay strings and fail the integer check), so the value the caller wrote is the value used.
 */
export function integerFromQuery(value: unknown): unknown {
  return typeof value === 'string' && /^-?\d{1,20}$/.test(value) ? Number(value) : value;
}

/**
 * The query parameters of a raw request URL whose name or value is not valid percent-encoded UTF-8 (e.g. `%ED%A0%80`,
 * a lone surrogate, or `%zz`). The query parser keeps such text undecoded, which would silently filter by the raw
 * bytes; they are refused instead.
 */
export function undecodableQueryParameters(url: string): string[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const undecodable: string[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const [name, value = ''] = pair.split(/=(.*)/s);
    const decode = (text: string) => {
      try {
        return decodeURIComponent(text.replace(/\+/g, ' '));
      } catch {
        return undefined;
      }
    };
    if (decode(name) === undefined || decode(value) === undefined) undecodable.push(decode(name) ?? name);
  }
  return undecodable;
}
