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
  /** Type-only marker; never set at run time. */
  readonly __payload?: Payload;
}

export type PayloadOf<C> = C extends IntegrationEventContract<infer P> ? P : never;

/** CloudEvents `type` of a contract, e.g. `tandem.enrollment.ProgramCreated.v1`. */
export function cloudEventType(contract: Pick<IntegrationEventContract, 'context' | 'name' | 'version'>): string {
  return `tandem.${contract.context}.${contract.name}.v${contract.version}`;
}

/** Declares a contract; its schema gets the standard `$schema`, `$id` and `title` from the name and version. */
export function defineContract<Payload extends { tenantId: string }>(
  contract: Omit<IntegrationEventContract<Payload>, '__payload'>,
): IntegrationEventContract<Payload> {
  return {
    ...contract,
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: `https://tandem.dev/schemas/${contract.context}/${contract.name}.v${contract.version}.json`,
      title: `${contract.name} v${contract.version}`,
      ...contract.schema,
    },
  };
}
