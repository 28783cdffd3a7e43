import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { Client } from 'pg';
import type { IntegrationEventContract, PayloadOf } from '@tandem/kernel';
import { ContractRegistry } from '@tandem/messaging';
import { eventually, testInfra } from '@tandem/testing';
import { currentOrNewTraceparent } from '@tandem/tracing';
import type { Suite } from './suite';

/**
 * Kafka helpers for end-to-end tests: publish contract-valid CloudEvents as another context would, and read
 * back every topic of a run. Used where the producing service does not exist yet (enrollment has no pairing API
 * today, so the tests publish PairingStarted / PairingStatusChanged themselves, exactly as enrollment's outbox
 * relay would: same registry, same CloudEvents headers, keyed by program id).
 */

/** startSuite names the tenant `acme-<suffix>` and prefixes every topic with `e2e<suffix>.`. */
export const runTopicPrefix = (suite: Suite): string => `e2e${suite.tenant.slice('acme-'.length)}.`;

const kafka = () => new Kafka({ clientId: `e2e-${randomUUID().slice(0, 8)}`, brokers: testInfra.kafkaBrokers, logLevel: logLevel.NOTHING });

/** Publishes one integration event of another context onto the run's topic, validated against its contract. */
export async function publishEvent<C extends IntegrationEventContract<any>>(suite: Suite, contract: C, payload: PayloadOf<C>): Promise<string> {
  const messageId = randomUUID();
  const message = new ContractRegistry([contract]).toOutboxMessage({ topicPrefix: runTopicPrefix(suite) }, contract, payload, {
    messageId,
    time: new Date(),
    correlationId: `e2e-${messageId}`,
    traceparent: currentOrNewTraceparent('e2e publish'), // as every producer's events do: a trace of its own
  });
  const producer = kafka().producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic: message.topic, acks: -1, messages: [{ key: message.key, value: message.payload, headers: message.headers }] });
  } finally {
    await producer.disconnect();
  }
  return messageId;
}

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

const headerText = (headers: IHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : String(v ?? '')]));

/**
 * Every message of every topic whose name starts with `prefix`, from the beginning up to each partition's high
 * watermark at the time of the call (so the read has a definite end).
 */
export async function readAllTopics(prefix: string): Promise<{ topics: string[]; messages: ReadMessage[] }> {
  const client = kafka();
  const admin = client.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix)).sort();
  const remaining = new Map<string, bigint>(); // `${topic}/${partition}` → high watermark
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > 0n) remaining.set(`${topic}/${p.partition}`, BigInt(p.high));
  }
  await admin.disconnect();
  const messages: ReadMessage[] = [];
  if (remaining.size === 0) return { topics, messages };
  const consumer = client.consumer({ groupId: `e2e-reader-${randomUUID()}`, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      messages.push({ topic, partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers: headerText(message.headers) });
      const key = `${topic}/${partition}`;
      if (remaining.has(key) && BigInt(message.offset) + 1n >= remaining.get(key)!) remaining.delete(key);
    },
  });
  try {
    await eventually('every partition of the run to be read to its end', async () => (remaining.size === 0 ? true : undefined), { timeoutMs: 60_000, intervalMs: 100 });
  } finally {
    await consumer.disconnect();
  }
  return { topics, messages };
}

/** Messages of one base topic of the run (e.g. `mentoring.session-tracking.v1`), optionally of one CloudEvents type. */
export async function messagesOn(suite: Suite, baseTopic: string, type?: string): Promise<(ReadMessage & { payload: any })[]> {
  const { messages } = await readAllTopics(`${runTopicPrefix(suite)}${baseTopic}`);
  return messages
    .filter((m) => m.topic === `${runTopicPrefix(suite)}${baseTopic}` && (!type || m.headers.ce_type === type))
    .map((m) => ({ ...m, payload: m.value ? JSON.parse(m.value) : null }));
}

/** Polls until `count` messages of a type (matching `where`) are on a topic of the run. */
export async function awaitMessages(suite: Suite, baseTopic: string, type: string, where: (payload: any) => boolean, count = 1) {
  return eventually(`${count} × ${type}`, async () => {
    const found = (await messagesOn(suite, baseTopic, type)).filter((m) => where(m.payload));
    return found.length >= count ? found : undefined;
  }, { timeoutMs: 30_000, intervalMs: 500 });
}

/** Runs SQL against one service's database of the suite. */
export async function sql<Row = Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as Row[];
  } finally {
    await client.end();
  }
}
