import type { OpenAPIObject } from '@nestjs/swagger';
import { documentIdempotency } from './idempotency.openapi';

const documentOf = (paths: Record<string, unknown>) => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths }) as OpenAPIObject;

describe('documentIdempotency', () => {
  it('declares the header and its 400/409/422 on every write operation, and on no read', () => {
    type Operation = { parameters?: { name: string; description?: string }[]; responses: Record<string, { description: string }> };
    const { paths } = documentIdempotency(
      documentOf({
        '/programs': {
          get: { responses: { 200: { description: 'ok' } } },
          post: { parameters: [{ name: 'Idempotency-Key', in: 'header', description: 'Retrying creates the program once' }], responses: { 201: { description: 'created' } } },
        },
        '/programs/{programId}': {
          put: { parameters: [{ name: 'programId', in: 'path' }], responses: { 409: { description: 'No longer a draft' } } },
          delete: { responses: {} },
        },
      }),
    ) as unknown as { paths: Record<string, Record<string, Operation>> };
    const get = paths['/programs'].get;
    expect(get.parameters ?? []).toHaveLength(0);
    expect(Object.keys(get.responses)).toEqual(['200']);

    for (const operation of [paths['/programs'].post, paths['/programs/{programId}'].put, paths['/programs/{programId}'].delete]) {
      const headers = operation.parameters!.filter((p) => p.name === 'Idempotency-Key');
      expect(headers).toEqual([expect.objectContaining({ in: 'header', required: false, schema: expect.objectContaining({ maxLength: 255 }) })]);
      expect(operation.responses['409'].description).toContain('idempotency.in_progress');
      expect(operation.responses['422'].description).toContain('idempotency.key_reused');
      expect(operation.responses['400'].description).toContain('idempotency.invalid_key');
    }
    const post = paths['/programs'].post;
    expect(post.parameters![0].description).toMatch(/^Retrying creates the program once\. Optional\. The key belongs to you/);
    const put = paths['/programs/{programId}'].put;
    expect(put.parameters).toEqual([expect.objectContaining({ name: 'programId' }), expect.objectContaining({ name: 'Idempotency-Key' })]);
    expect(put.responses['409'].description).toMatch(/^No longer a draft; or `idempotency.in_progress`/);
  });
});
