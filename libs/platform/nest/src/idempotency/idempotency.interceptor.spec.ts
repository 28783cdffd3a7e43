import { requestIdempotencyKey, type IdempotentRequest } from './idempotency.interceptor';

const request = (overrides: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  method: 'POST',
  url: '/pairings/A/sessions/log',
  routeOptions: { url: '/pairings/:pairingId/sessions/log' },
  params: { pairingId: 'A' },
  headers: { 'idempotency-key': 'k1' },
  caller: { tenantId: 'acme', userId: 'max', roles: ['mentee'] },
  ...overrides,
});

// What the command path derives ids from, straight from the request: scoped even where the interceptor never ran.
describe('requestIdempotencyKey', () => {
  it('is a hash of the key with its caller and operation, stable for a retry', () => {
    expect(requestIdempotencyKey(request())).toMatch(/^[0-9a-f]{64}$/);
    expect(requestIdempotencyKey(request())).toBe(requestIdempotencyKey(request()));
    expect(requestIdempotencyKey(request())).not.toBe('k1');
  });

  it("differs for another caller, tenant or pairing with the same client key, so ids never collide", () => {
    const keys = [
      requestIdempotencyKey(request()),
      requestIdempotencyKey(request({ caller: { tenantId: 'acme', userId: 'carl', roles: ['mentee'] } })),
      requestIdempotencyKey(request({ caller: { tenantId: 'globex', userId: 'max', roles: ['mentee'] } })),
      requestIdempotencyKey(request({ params: { pairingId: 'C' }, url: '/pairings/C/sessions/log' })),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is absent without a key or without a verified caller', () => {
    expect(requestIdempotencyKey(request({ headers: {} }))).toBeUndefined();
    expect(requestIdempotencyKey(request({ caller: undefined }))).toBeUndefined();
  });
});
