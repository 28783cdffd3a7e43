export * from './idempotency-key';
export * from './idempotency.store';
export * from './idempotency.schema';
export * from './idempotency.interceptor';
export * from './idempotency.openapi';
