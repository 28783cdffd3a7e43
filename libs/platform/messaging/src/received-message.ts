import type { IHeaders, KafkaMessage } from 'kafkajs';
import { PoisonMessageError, type ContractRegistry, type ReceivedEvent } from './contracts';

// What a Kafka message means to a consumer: its CloudEvents attributes and its payload, checked against its contract.

export const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A header's value as text (kafkajs gives a buffer, a string or a list of them). */
export function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

/** The received event, or a PoisonMessageError naming what is wrong (missing headers, bad JSON, schema violation). */
export function parseMessage(contracts: ContractRegistry, topic: string, partition: number, message: KafkaMessage): ReceivedEvent {
  const id = header(message.headers, 'ce_id');
  const type = header(message.headers, 'ce_type');
  if (!id || !type) throw new PoisonMessageError('Missing CloudEvents headers ce_id / ce_type');
  if (!isUuid(id)) throw new PoisonMessageError(`ce_id ${id} is not a UUID`);
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(message.value?.toString() ?? '');
  } catch {
    throw new PoisonMessageError('Message value is not JSON');
  }
  if (contracts.has(type)) contracts.validate(type, payload);
  return {
    id,
    type,
    source: header(message.headers, 'ce_source') ?? '',
    subject: header(message.headers, 'ce_subject'),
    time: header(message.headers, 'ce_time') ?? new Date(Number(message.timestamp)).toISOString(),
    tenantId: header(message.headers, 'ce_tenantid') ?? String(payload.tenantId ?? ''),
    correlationId: header(message.headers, 'ce_correlationid'),
    causationId: header(message.headers, 'ce_causationid'),
    importId: header(message.headers, 'ce_importid'),
    payload,
    topic,
    partition,
    offset: message.offset,
  };
}
