import { createHash } from 'node:crypto';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/** Visible ASCII, no spaces: what UUIDs, ULIDs and base64 keys are made of, and safe to store and log. */
const KEY_PATTERN = /^[\x21-\x7e]+$/;

/** Methods that change nothing: a key on them is ignored (repeating them is already safe). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const honoursIdempotencyKey = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase());

/** Why a header value is not a usable key, or undefined when it is. */
export function idempotencyKeyProblem(value: string | string[]): string | undefined {
  if (Array.isArray(value)) return `${IDEMPOTENCY_HEADER} must be sent once`;
  if (value.length === 0 || value.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    return `${IDEMPOTENCY_HEADER} must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters long (got ${value.length})`;
  }
  if (!KEY_PATTERN.test(value)) return `${IDEMPOTENCY_HEADER} may only contain visible ASCII characters (no spaces or control characters)`;
  return undefined;
}

/** What an idempotency key is scoped to: who asks, in which tenant, for which operation. */
export interface IdempotencyScope {
  tenantId: string;
  subject: string;
  method: string;
  /** The route template, e.g. `/pairings/:pairingId/sessions`. */
  route: string;
  params: Record<string, string>;
}

/** `POST /pairings/:pairingId/sessions` — the operation as a person reads it (no parameter values). */
export const operationName = (scope: Pick<IdempotencyScope, 'method' | 'route'>): string => `${scope.method.toUpperCase()} ${scope.route}`;

/** `POST /pairings/1b9d…/sessions/log` — the operation with its path values (URL-encoded), for the caller's own messages. */
export const operationPath = (scope: Pick<IdempotencyScope, 'method' | 'route' | 'params'>): string =>
  `${scope.method.toUpperCase()} ${scope.route.replace(/:(\w+)/g, (whole, name: string) => (name in scope.params ? encodePathValue(scope.params[name]) : whole))}`;

function encodePathValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(JSON.stringify(value).slice(1, -1)); // a lone surrogate: written as its \u escape
  }
}

/**
 * The key as the command path uses it: a hash of the client's key together with its scope. Ids derived from it
 * (new resources, events) therefore differ between callers, tenants and operations even for the same client key,
 * so one caller's key can never address another caller's resource.
 */
export function scopedIdempotencyKey(scope: IdempotencyScope, key: string): string {
  return sha256([scope.tenantId, scope.subject, operationName(scope), canonicalJson(scope.params), key]);
}

/** The operation alone (method, route and path parameter values), to tell a key reused elsewhere. */
export const operationHash = (scope: IdempotencyScope): string => sha256([operationName(scope), canonicalJson(scope.params)]);

/**
 * The request a key is bound to: its JSON body, its query string (a write whose query differs asks for something
 * else) and its If-Match precondition, each in a canonical form, so object key order and query parameter order
 * do not matter but every value does.
 */
export function requestFingerprint(request: { body?: unknown; query?: unknown; ifMatch?: string }): string {
  return sha256([canonicalJson(request.body ?? null), canonicalJson(request.query ?? {}), request.ifMatch ?? '']);
}

const sha256 = (parts: string[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** A raw piece of JSON syntax on the work stack (as opposed to a value still to be written). */
class Syntax {
  constructor(readonly text: string) {}
}

/**
 * JSON with object keys sorted, written with an explicit stack instead of recursion, so a body nested thousands
 * of levels deep is fingerprinted (and then refused by validation) rather than overflowing the call stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item instanceof Syntax) {
      out.push(item.text);
    } else if (Array.isArray(item)) {
      const parts: unknown[] = [new Syntax('[')];
      item.forEach((element, index) => parts.push(...(index > 0 ? [new Syntax(',')] : []), element === undefined ? null : element));
      parts.push(new Syntax(']'));
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    } else if (item !== null && typeof item === 'object') {
      const keys = Object.keys(item).filter((k) => (item as Record<string, unknown>)[k] !== undefined).sort();
      const parts: unknown[] = [new Syntax('{')];
      keys.forEach((key, index) => parts.push(new Syntax(`${index > 0 ? ',' : ''}${JSON.stringify(key)}:`), (item as Record<string, unknown>)[key]));
      parts.push(new Syntax('}'));
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]);
    } else {
      out.push(JSON.stringify(item) ?? 'null');
    }
  }
  return out.join('');
}

/**
 * Which outcomes are the final answer for a key. A 2xx or a 4xx is: replaying it tells the client what happened
 * (to try something else, use a new key). A 5xx, 408, 425 or 429 is not: the reservation is released, so a
 * retry with the same key runs again (deterministic ids keep a re-run that follows a partial write from
 * writing twice).
 */
export const isFinalOutcome = (status: number): boolean => status >= 200 && status < 500 && ![408, 425, 429].includes(status);
