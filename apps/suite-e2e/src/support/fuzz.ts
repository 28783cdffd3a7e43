/**
 * Bad-input cases for one operation of an OpenAPI document: the classes of input that once answered 500
 * (NUL, lone surrogates, deep nesting, missing required objects, out-of-range paging, junk path ids) plus
 * generic type confusion. Operations come from the document, never from a hand-written list.
 */

export interface Schema {
  $ref?: string;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  example?: unknown;
}

export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** One request to send: `path` and `query` are already URL-encoded (some cases are deliberately malformed). */
export interface FuzzCase {
  kind: string;
  path: string;
  query: string;
  /** Raw request body (JSON text, possibly malformed or hostile); undefined for none. */
  body?: string;
  /** True when the input is one the issue names: the answer must be exactly 400. Otherwise only "no 5xx". */
  mustBe400: boolean;
}

const LONE_SURROGATE_UTF8 = '%ED%A0%80'; // U+D800 as (invalid) UTF-8 bytes: a lone surrogate cannot travel otherwise in a URL

/** Hints for property names whose format the schema does not spell out (so a baseline passes validation). */
const VALUE_HINTS: Record<string, unknown> = {
  timeZone: 'Europe/London',
  email: 'fuzz@example.com',
  period: new Date().toISOString().slice(0, 7),
};

export class SchemaSampler {
  constructor(
    private readonly document: OpenApiDocument,
    /** Real ids by property or parameter name (programId, sessionId, mentorApplicationId…). */
    private readonly ids: Record<string, string>,
  ) {}

  resolve(schema: Schema | undefined): Schema {
    let current = schema ?? {};
    for (let guard = 0; guard < 20; guard++) {
      if (current.$ref) current = this.document.components?.schemas?.[current.$ref.split('/').pop()!] ?? {};
      else if (current.allOf) current = current.allOf.reduce<Schema>((merged, part) => ({ ...merged, ...this.resolve(part) }), { ...current, allOf: undefined });
      else return current;
    }
    return current;
  }

  /** A valid-looking value for a schema: its example, default or enum first, else one built from type and bounds. */
  sample(schema: Schema | undefined, name = ''): unknown {
    const s = this.resolve(schema);
    if (this.ids[name] !== undefined) return this.ids[name];
    if (s.example !== undefined) return s.example;
    if (s.default !== undefined) return s.default;
    if (s.enum?.length) return s.enum[0];
    if (VALUE_HINTS[name] !== undefined) return VALUE_HINTS[name];
    switch (s.type) {
      case 'integer':
      case 'number':
        return Math.max(s.minimum ?? 1, Math.min(s.maximum ?? 1, 1));
      case 'boolean':
        return true;
      case 'array':
        return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => this.sample(s.items, singular(name)));
      case 'string':
        return sampleString(s);
      default:
        if (s.properties) {
          // Required properties, and the optional ones the document gives an example for (as a client would fill in).
          const required = new Set(s.required ?? []);
          return Object.fromEntries(
            Object.entries(s.properties)
              .filter(([property, propertySchema]) => required.has(property) || this.resolve(propertySchema).example !== undefined)
              .map(([property, propertySchema]) => [property, this.sample(propertySchema, property)]),
          );
        }
        return {};
    }
  }
}

function singular(name: string): string {
  return name.endsWith('s') ? name.slice(0, -1) : name;
}

function sampleString(s: Schema): string {
  if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
  if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  if (s.format === 'date') return new Date().toISOString().slice(0, 10);
  if (s.format === 'email') return 'fuzz@example.com';
  const length = Math.max(s.minLength ?? 1, Math.min(s.maxLength ?? 12, 12));
  return 'fuzz text x'.padEnd(length, 'x').slice(0, Math.max(length, 1));
}

/** Every leaf of a JSON value, with the path to reach it (array items included). */
function leaves(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leaves(child, [...path, key]));
  return [{ path, value }];
}

/** Every property path of objects in a JSON value (where a property can be removed or replaced). */
function properties(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => properties(item, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => [[...path, key], ...properties(child, [...path, key])]);
  return [];
}

function withValue(root: unknown, path: (string | number)[], replace: (parent: any, key: string | number) => void): unknown {
  const copy = structuredClone(root);
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  replace(parent, path[path.length - 1]);
  return copy;
}

const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/**
 * The bad-input cases of one operation. `pathOf(overrides)` builds the URL path with real ids, except for the
 * overridden (already encoded) parameters; `baselineBody` is a well-formed body (undefined when it takes none).
 */
export function badInputCases(options: {
  method: string;
  pathParameters: string[];
  queryParameters: string[];
  pathOf: (overrides?: Record<string, string>) => string;
  baselineBody?: unknown;
  requiredBodyPaths: (string | number)[][];
}): FuzzCase[] {
  const { method, pathParameters, queryParameters, pathOf, baselineBody } = options;
  const path = pathOf();
  const baseline = baselineBody === undefined ? undefined : JSON.stringify(baselineBody);
  const cases: FuzzCase[] = [];
  const add = (kind: string, mustBe400: boolean, changes: Partial<FuzzCase>) => cases.push({ kind, path, query: '', body: baseline, mustBe400, ...changes });

  for (const name of pathParameters) {
    add(`path ${name}: NUL`, true, { path: pathOf({ [name]: 'a%00b' }) });
    add(`path ${name}: lone surrogate`, true, { path: pathOf({ [name]: `a${LONE_SURROGATE_UTF8}b` }) });
    add(`path ${name}: control character`, true, { path: pathOf({ [name]: 'a%01b' }) });
    add(`path ${name}: 300 characters`, true, { path: pathOf({ [name]: 'x'.repeat(300) }) });
    add(`path ${name}: not an id`, false, { path: pathOf({ [name]: 'not-an-id' }) });
  }

  add('query: unknown parameter', true, { query: '?fuzzUnknown=1' });
  add('query: NUL in a parameter name', true, { query: '?a%00b=1' });
  for (const name of queryParameters) {
    const paging = name === 'limit' || name === 'offset';
    add(`query ${name}: NUL`, true, { query: `?${name}=a%00b` });
    add(`query ${name}: lone surrogate`, true, { query: `?${name}=a${LONE_SURROGATE_UTF8}b` });
    for (const value of ['1e20', '99999999999999999999', '-1', '1.5', '0x10']) add(`query ${name}: ${value}`, paging, { query: `?${name}=${value}` });
    add(`query ${name}: empty`, false, { query: `?${name}=` });
    add(`query ${name}: repeated`, false, { query: `?${name}=1&${name}=2` });
    add(`query ${name}: 10,000 characters`, false, { query: `?${name}=${'x'.repeat(10_000)}` });
  }

  if (method === 'get') return cases;

  // Hostile bodies are refused on every operation that can carry a body, whether or not it declares one.
  add('body: nested 5,000 levels (objects)', true, { body: deepObject(5000) });
  add('body: nested 5,000 levels (arrays)', true, { body: deepArray(5000) });
  add('body: NUL in a bare string', true, { body: JSON.stringify('a\u0000b') });
  add('body: NUL in an unknown property', true, { body: JSON.stringify({ ...(typeof baselineBody === 'object' ? baselineBody : {}), 'fuzz\u0000': 'x' }) });
  add('body: malformed JSON', true, { body: '{"a":' });
  if (baselineBody === undefined) return cases;

  for (const root of ['null', '[]', '"text"', '1', '{}']) add(`body: ${root} instead of an object`, false, { body: root });
  add('body: unknown property', true, { body: JSON.stringify({ ...(baselineBody as object), fuzzUnknown: 1 }) });
  leaves(baselineBody).forEach((leaf, i) => {
    if (leaf.path.length === 0) return;
    const at = leaf.path.join('.');
    const set = (value: unknown) => JSON.stringify(withValue(baselineBody, leaf.path, (parent, key) => (parent[key] = value)));
    add(`body ${at}: NUL`, true, { body: set('a\u0000b') });
    add(`body ${at}: lone surrogate`, true, { body: set('a\ud800b') });
    add(`body ${at}: wrong type`, false, { body: set(typeof leaf.value === 'string' ? 12345 : 'not a number') });
    if (typeof leaf.value === 'number') add(`body ${at}: 1e20`, false, { body: set(1e20) });
    // Depth inside a field, once per body (the root cases above cover depth itself).
    if (i === 0) add(`body ${at}: nested 5,000 levels`, true, { body: set('§DEEP§').replace('"§DEEP§"', deepObject(5000)) });
  });
  for (const property of properties(baselineBody)) {
    const at = property.join('.');
    const required = options.requiredBodyPaths.some((p) => p.join('.') === at);
    add(`body ${at}: missing`, required, { body: JSON.stringify(withValue(baselineBody, property, (parent, key) => (Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key]))) });
    add(`body ${at}: null`, false, { body: JSON.stringify(withValue(baselineBody, property, (parent, key) => (parent[key] = null))) });
  }
  return cases;
}

/** Paths (within a sampled body) of the properties the schema marks required, down through nested objects. */
export function requiredPaths(sampler: SchemaSampler, schema: Schema | undefined, value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const s = sampler.resolve(schema);
  if (Array.isArray(value)) return value.flatMap((item, i) => requiredPaths(sampler, s.items, item, [...path, i]));
  if (value === null || typeof value !== 'object' || !s.properties) return [];
  return Object.keys(value).flatMap((key) => [
    ...((s.required ?? []).includes(key) ? [[...path, key]] : []),
    ...requiredPaths(sampler, s.properties![key], (value as Record<string, unknown>)[key], [...path, key]),
  ]);
}
