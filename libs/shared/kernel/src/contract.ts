/**
 * A public integration event contract: what enterprise consumers of our Kafka topics depend on.
 * A breaking change is a new contract with a higher `version`, never an edit of an old one.
 */
export interface IntegrationEventContract<Payload extends { tenantId: string } = { tenantId: string } & Record<string, unknown>> {
  /** Bounded context that publishes it, e.g. `enrollment`. */
  readonly context: string;
  /** Past-tense fact, e.g. `ProgramCreated`. */
  readonly name: string;
  readonly version: number;
  /** Base topic name (before any deployment prefix), e.g. `mentoring.enrollment.v1`. */
  readonly topic: string;
  /** JSON Schema (draft 2020-12) of the payload. */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Kafka key: the aggregate the event is about, so one aggregate's events stay in order. */
  readonly key: (payload: Payload) => string;
  /** CloudEvents `subject`, e.g. `programs/<id>`. */
  readonly subject: (payload: Payload) => string;
  /**
   * A realistic payload, valid against the schema: the example message of the published catalogue and AsyncAPI
   * document, and the value from which the catalogue names the payload field that is the Kafka key.
   */
  readonly example: Payload;
  /** Type-only marker; never set at run time. */
  readonly __payload?: Payload;
}

export type PayloadOf<C> = C extends IntegrationEventContract<infer P> ? P : never;

/** CloudEvents `type` of a contract, e.g. `tandem.enrollment.ProgramCreated.v1`. */
export function cloudEventType(contract: Pick<IntegrationEventContract, 'context' | 'name' | 'version'>): string {
  return `tandem.${contract.context}.${contract.name}.v${contract.version}`;
}

/** What a message carries besides its payload, from the producing side. */
export interface MessageContext {
  messageId: string;
  time: Date;
  correlationId: string;
  causationId?: string;
  traceparent?: string;
  /** The import that wrote the cause (CloudEvents extension `importid`): the event is history, not news. */
  importId?: string;
}

/** The `$id` of a contract's schema and the CloudEvents `dataschema` of its messages. */
export function schemaUrl(contract: Pick<IntegrationEventContract, 'context' | 'name' | 'version'>): string {
  return `https://tandem.dev/schemas/${contract.context}/${contract.name}.v${contract.version}.json`;
}

/** CloudEvents 1.0 binary-mode Kafka headers of one message (the payload is the message value). */
export function cloudEventHeaders<C extends IntegrationEventContract<any>>(
  contract: C,
  payload: PayloadOf<C>,
  context: MessageContext,
): Record<string, string> {
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: context.messageId,
    ce_source: `/tandem/${contract.context}`,
    ce_type: cloudEventType(contract),
    ce_time: context.time.toISOString(),
    ce_subject: contract.subject(payload),
    ce_dataschema: schemaUrl(contract),
    'content-type': 'application/json',
    ce_tenantid: payload.tenantId,
    ce_correlationid: context.correlationId,
  };
  if (context.causationId) headers.ce_causationid = context.causationId;
  if (context.importId) headers.ce_importid = context.importId;
  if (context.traceparent) {
    headers.ce_traceparent = context.traceparent;
    headers.traceparent = context.traceparent;
  }
  return headers;
}

/** Declares a contract; its schema gets the standard `$schema`, `$id` and `title` from the name and version. */
export function defineContract<Payload extends { tenantId: string }>(
  contract: Omit<IntegrationEventContract<Payload>, '__payload'>,
): IntegrationEventContract<Payload> {
  return {
    ...contract,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: schemaUrl(contract),
      title: `${contract.name} v${contract.version}`,
      ...contract.schema,
    },
  };
}
