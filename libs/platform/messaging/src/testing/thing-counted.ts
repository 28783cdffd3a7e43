import { defineContract } from '@tandem/kernel';

/** The integration event the messaging specs publish and consume (each spec namespaces its topics with a prefix). */
export const ThingCounted = defineContract<{ tenantId: string; thingId: string; n: number }>({
  context: 'testing',
  name: 'ThingCounted',
  version: 1,
  topic: 'mentoring.testing.v1',
  key: (p) => p.thingId,
  subject: (p) => `things/${p.thingId}`,
  example: { tenantId: 'acme', thingId: 'a', n: 0 },
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['tenantId', 'thingId', 'n'],
    properties: { tenantId: { type: 'string' }, thingId: { type: 'string' }, n: { type: 'integer', minimum: 0 } },
  },
});
export const THING_COUNTED_TYPE = 'tandem.testing.ThingCounted.v1';
