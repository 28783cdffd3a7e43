import { cloudEventHeaders, cloudEventType, type IntegrationEventContract } from '@tandem/kernel';

const KAFKA_BINDING = '0.5.0';
/** The AsyncAPI parser validates JSON Schema draft-07 payloads offline; our schemas use no later keyword. */
const PAYLOAD_FORMAT = 'application/schema+json;version=draft-07';

const channelId = (topic: string) => topic.replace(/^mentoring\./, '').replace(/\.v(\d+)$/, '-v$1').replace(/\./g, '-');
const messageId = (c: IntegrationEventContract<any>) => `${c.name}V${c.version}`;

/** A message as it is on the topic: its key, its CloudEvents headers and its value, for the contract's example. */
export function exampleMessage(contract: IntegrationEventContract<any>) {
  const headers = cloudEventHeaders(contract, contract.example, {
    messageId: '0190c6a2-7d1e-7b3c-9a4f-2e6d8c0b1a3f',
    time: new Date('2026-11-26T08:12:00.000Z'),
    correlationId: '0190c6a2-7c00-7f00-8a00-000000000001',
    causationId: '0190c6a2-7c00-7f00-8a00-000000000002',
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  });
  return { key: contract.key(contract.example), headers, payload: contract.example };
}

/** The CloudEvents binary-mode headers of one event type, as a JSON Schema (draft-07). */
function headersSchema(contract: IntegrationEventContract<any>) {
  const text = (description: string) => ({ type: 'string', description });
  return {
    type: 'object',
    required: ['ce_specversion', 'ce_id', 'ce_source', 'ce_type', 'ce_time', 'ce_subject', 'ce_dataschema', 'content-type', 'ce_tenantid', 'ce_correlationid', 'ce_traceparent', 'traceparent'],
    properties: {
      ce_specversion: { const: '1.0' },
      ce_id: { ...text('Unique id of the event: deduplicate on it (delivery is at least once).'), format: 'uuid' },
      ce_source: { const: `/tandem/${contract.context}` },
      ce_type: { const: cloudEventType(contract) },
      ce_time: { ...text('When the occurrence happened: when the producing service recorded it, or the original time of imported history.'), format: 'date-time' },
      ce_subject: text('What the event is about, as a path, e.g. `pairings/<id>/sessions/<id>`.'),
      ce_dataschema: { const: contract.schema.$id },
      'content-type': { const: 'application/json' },
      ce_tenantid: text('The tenant (organization); equal to the payload\'s `tenantId`.'),
      ce_correlationid: text('The request or event chain this event belongs to.'),
      ce_causationid: text('The id of the event or request that caused this one, when there is one.'),
      ce_importid: text('Present on imported history only: the import that wrote it (its `ce_time` is the original time).'),
      ce_traceparent: text('W3C trace context of the producing span.'),
      traceparent: text('The same trace context as a plain W3C header, for tracing tools.'),
    },
  };
}

/**
 * JSON Schema draft 2020-12 → draft-07 inside the AsyncAPI document: the same keywords without the dialect and id
 * markers, and local definitions (`$defs`, e.g. a recursive rule) hoisted into `components.schemas` under the
 * message's name, since a `$ref` inside the document resolves against the document, not against the payload.
 */
function asDraft07(schema: Readonly<Record<string, unknown>>, prefix: string, hoisted: Record<string, unknown>) {
  const { $schema: _dialect, $id: _id, $defs, ...rest } = schema;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) =>
        key === '$ref' && typeof inner === 'string' && inner.startsWith('#/$defs/')
          ? [key, `#/components/schemas/${prefix}_${inner.slice('#/$defs/'.length)}`]
          : [key, rewrite(inner)],
      ),
    );
  };
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) hoisted[`${prefix}_${name}`] = rewrite(definition);
  return rewrite(rest);
}

/**
 * The AsyncAPI 3 document of every public topic: one channel per topic, one `send` operation per channel (the
 * suite publishes; integrators receive), and per event type its headers, payload schema, Kafka key and an example.
 */
export function asyncApiDocument(contracts: IntegrationEventContract<any>[], keyField: (c: IntegrationEventContract<any>) => string) {
  const topics = [...new Set(contracts.map((c) => c.topic))];
  const schemas: Record<string, unknown> = {};
  const onTopic = (topic: string) => contracts.filter((c) => c.topic === topic);
  const keyNote = (c: IntegrationEventContract<any>) => {
    const field = keyField(c);
    return `Kafka key: the payload's \`${field}\`. Every event of \`${c.topic}\` with the same \`${field}\` is on one partition, in the order it happened; there is no order between different keys or across topics.`;
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Tandem public events',
      version: '1.0.0',
      description: [
        'The integration events the Tandem services publish to Kafka, in CloudEvents 1.0 binary mode (the message',
        'value is the JSON payload; the CloudEvents attributes are `ce_*` headers). Consume with a consumer group of',
        'your own, deduplicate on `ce_id`, ignore event types you do not know. Topic names get the deployment\'s',
        '`KAFKA_TOPIC_PREFIX` in front. docs/events/README.md explains order, replay and retention.',
      ].join(' '),
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: '{brokers}',
        protocol: 'kafka',
        description: "The deployment's Kafka cluster (the services' KAFKA_BROKERS).",
        variables: { brokers: { default: 'localhost:19092', description: 'A bootstrap broker, host:port.' } },
      },
    },
    channels: Object.fromEntries(
      topics.map((topic) => [
        channelId(topic),
        {
          address: topic,
          title: topic,
          description: `Keyed by ${[...new Set(onTopic(topic).map(keyField))].map((k) => `\`${k}\``).join(', ')}.`,
          messages: Object.fromEntries(onTopic(topic).map((c) => [messageId(c), { $ref: `#/components/messages/${messageId(c)}` }])),
          bindings: { kafka: { topic, bindingVersion: KAFKA_BINDING } },
        },
      ]),
    ),
    operations: Object.fromEntries(
      topics.map((topic) => [
        `publish-${channelId(topic)}`,
        {
          action: 'send',
          title: `Tandem publishes to ${topic}`,
          channel: { $ref: `#/channels/${channelId(topic)}` },
          messages: onTopic(topic).map((c) => ({ $ref: `#/channels/${channelId(topic)}/messages/${messageId(c)}` })),
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        contracts.map((c) => {
          const example = exampleMessage(c);
          return [
            messageId(c),
            {
              name: cloudEventType(c),
              title: `${c.name} v${c.version}`,
              summary: String(c.schema.description ?? ''),
              description: keyNote(c),
              contentType: 'application/json',
              correlationId: { location: '$message.header#/ce_correlationid' },
              headers: { schemaFormat: PAYLOAD_FORMAT, schema: headersSchema(c) },
              payload: { schemaFormat: PAYLOAD_FORMAT, schema: asDraft07(c.schema, messageId(c), schemas) },
              bindings: { kafka: { key: { type: 'string', description: `The payload's ${keyField(c)}.` }, bindingVersion: KAFKA_BINDING } },
              examples: [{ name: `${c.name}Example`, headers: example.headers, payload: example.payload }],
            },
          ];
        }),
      ),
      schemas,
    },
  };
}
