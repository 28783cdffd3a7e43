import {
  canonicalJson,
  honoursIdempotencyKey,
  idempotencyKeyProblem,
  isFinalOutcome,
  operationHash,
  operationPath,
  requestFingerprint,
  scopedIdempotencyKey,
  type IdempotencyScope,
} from './idempotency-key';

const scope: IdempotencyScope = { tenantId: 'acme', subject: 'max', method: 'POST', route: '/pairings/:pairingId/sessions/log', params: { pairingId: 'A' } };

describe('the Idempotency-Key header', () => {
  it('accepts 1 to 255 visible ASCII characters', () => {
    for (const key of ['k', 'a1b2-c3d4', '8e03978e-40d5-43e8-bc93-6894a57f9324', 'x'.repeat(255), 'base64+/=_~:.!']) {
      expect(idempotencyKeyProblem(key)).toBeUndefined();
    }
  });

  it('refuses an empty, too long, repeated or non-visible key, naming the header', () => {
    for (const key of ['', 'x'.repeat(256), 'with space', 'tab\tkey', 'nul\u0000key', 'clé', 'emoji😀', ['a', 'b']]) {
      expect(idempotencyKeyProblem(key)).toMatch(/^Idempotency-Key /);
    }
  });

  it('is honoured on writes only', () => {
    expect(['POST', 'PUT', 'PATCH', 'DELETE', 'post'].map(honoursIdempotencyKey)).toEqual([true, true, true, true, true]);
    expect(['GET', 'HEAD', 'OPTIONS'].map(honoursIdempotencyKey)).toEqual([false, false, false]);
  });
});

describe('the scoped key', () => {
  const base = scopedIdempotencyKey(scope, 'k1');

  it('is the same for the same caller, operation and key', () => {
    expect(scopedIdempotencyKey({ ...scope }, 'k1')).toBe(base);
    expect(scopedIdempotencyKey({ ...scope, params: { b: '2', a: '1' } }, 'k1')).toBe(scopedIdempotencyKey({ ...scope, params: { a: '1', b: '2' } }, 'k1'));
  });

  it('differs for another tenant, caller, method, route, path parameter or key', () => {
    const variants = [
      scopedIdempotencyKey({ ...scope, tenantId: 'globex' }, 'k1'),
      scopedIdempotencyKey({ ...scope, subject: 'carl' }, 'k1'),
      scopedIdempotencyKey({ ...scope, method: 'PUT' }, 'k1'),
      scopedIdempotencyKey({ ...scope, route: '/pairings/:pairingId/sessions' }, 'k1'),
      scopedIdempotencyKey({ ...scope, params: { pairingId: 'C' } }, 'k1'),
      scopedIdempotencyKey(scope, 'k2'),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('cannot be forged by moving text between its parts', () => {
    expect(scopedIdempotencyKey({ ...scope, tenantId: 'acme', subject: 'max' }, 'k1')).not.toBe(scopedIdempotencyKey({ ...scope, tenantId: 'acm', subject: 'emax' }, 'k1'));
  });

  it('tells operations apart by path parameter values, not only by route', () => {
    expect(operationHash(scope)).not.toBe(operationHash({ ...scope, params: { pairingId: 'C' } }));
    expect(operationHash(scope)).toBe(operationHash({ ...scope, subject: 'someone else' }));
  });

  it('names the operation with its path values, encoded so that any value can be stored and shown', () => {
    expect(operationPath(scope)).toBe('POST /pairings/A/sessions/log');
    expect(operationPath({ ...scope, params: { pairingId: 'a\u0000b/c' } })).toBe('POST /pairings/a%00b%2Fc/sessions/log');
    expect(operationPath({ ...scope, params: { pairingId: 'a\ud800b' } })).toBe('POST /pairings/a%5Cud800b/sessions/log');
  });
});

describe('the request fingerprint', () => {
  const body = { occurredAt: '2026-12-01T10:00:00Z', minutes: 50, topics: ['career', 'kafka'], nested: { b: 1, a: [1, { y: 2, x: 1 }] } };

  it('ignores object key order and query parameter order', () => {
    const reordered = { nested: { a: [1, { x: 1, y: 2 }], b: 1 }, topics: ['career', 'kafka'], minutes: 50, occurredAt: '2026-12-01T10:00:00Z' };
    expect(requestFingerprint({ body: reordered, query: { b: '2', a: '1' } })).toBe(requestFingerprint({ body, query: { a: '1', b: '2' } }));
  });

  it('changes with any value of the body, the query string or If-Match', () => {
    const fingerprints = [
      requestFingerprint({ body }),
      requestFingerprint({ body: { ...body, minutes: 51 } }),
      requestFingerprint({ body: { ...body, topics: ['kafka', 'career'] } }),
      requestFingerprint({ body: { ...body, minutes: '50' } }),
      requestFingerprint({ body, query: { dryRun: 'true' } }),
      requestFingerprint({ body, ifMatch: '"3"' }),
      requestFingerprint({}),
      requestFingerprint({ body: {} }),
    ];
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
  });

  it('writes canonical JSON like JSON.stringify with sorted keys', () => {
    const value = { b: [1, 'two', null, true, { d: 4, c: 3 }], a: 'é"\\\u2028', u: undefined, n: -1.5e-7 };
    expect(canonicalJson(value)).toBe(JSON.stringify({ a: value.a, b: [1, 'two', null, true, { c: 3, d: 4 }], n: value.n }));
    expect(canonicalJson([undefined])).toBe('[null]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('fingerprints a body nested 100,000 levels deep without overflowing the stack', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { x: deep };
    expect(requestFingerprint({ body: deep })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('which outcomes are final for a key', () => {
  it('keeps successes and client errors, and lets 5xx and "try again" answers run again', () => {
    expect([200, 201, 204, 400, 403, 404, 409, 422].every(isFinalOutcome)).toBe(true);
    expect([408, 425, 429, 500, 502, 503].some(isFinalOutcome)).toBe(false);
  });
});
