import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { cloudEventHeaders, cloudEventType, type IntegrationEventContract, type MessageContext, type PayloadOf } from '@tandem/kernel';
import type { OutboxMessage } from '@tandem/event-store';
import { topicName, type KafkaSettings } from './kafka';

/**
 * What a consumer receives: the payload plus the CloudEvents context it came with. Its trace context is not a
 * field: the consumer handles each message in a child span of it, so the events a handler produces continue the
 * trace (same trace id, a new span id) without copying the header.
 */
export interface ReceivedEvent<Payload = Record<string, unknown>> {
  id: string;
  /** CloudEvents type, e.g. `tandem.enrollment.ProgramCreated.v1`. */
  type: string;
  source: string;
  subject?: string;
  time: string;
  tenantId: string;
  correlationId?: string;
  causationId?: string;
  /** The import that produced the event (CloudEvents extension `importid`), when it is imported history. */
  importId?: string;
  payload: Payload;
  topic: string;
  partition: number;
  offset: string;
}

/** A message that can never be processed (bad JSON, missing headers, schema violation): dead-letter it. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

/**
 * The contracts a service knows, with compiled JSON Schema validators. Producers validate before the outbox
 * write (a bad payload fails the command, nothing is half-written); consumers validate what they receive.
 */
export class ContractRegistry {
  private readonly byType = new Map<string, { contract: IntegrationEventContract; validate: ValidateFunction }>();
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });

  constructor(contracts: IntegrationEventContract<any>[]) {
    addFormats(this.ajv);
    for (const contract of contracts) {
      this.byType.set(cloudEventType(contract), { contract, validate: this.ajv.compile(contract.schema) });
    }
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** Throws PoisonMessageError naming every schema violation. */
  validate(type: string, payload: unknown): void {
    const entry = this.byType.get(type);
    if (!entry) throw new PoisonMessageError(`Unknown event type ${type}`);
    if (!entry.validate(payload)) {
      const problems = (entry.validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      throw new PoisonMessageError(`${type} payload violates its schema: ${problems}`);
    }
  }

  /** An outbox row with CloudEvents 1.0 binary-mode Kafka headers. */
  toOutboxMessage<C extends IntegrationEventContract<any>>(
    settings: Pick<KafkaSettings, 'topicPrefix'>,
    contract: C,
    payload: PayloadOf<C>,
    context: MessageContext,
  ): OutboxMessage {
    const type = cloudEventType(contract);
    this.validate(type, payload);
    const headers = cloudEventHeaders(contract, payload, context);
    return {
      messageId: context.messageId,
      topic: topicName(settings, contract.topic),
      key: contract.key(payload),
      type,
      tenantId: payload.tenantId,
      payload: JSON.stringify(payload),
      headers,
    };
  }
}
