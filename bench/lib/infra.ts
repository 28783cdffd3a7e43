import { Database, EventStore, EVENT_STORE_MIGRATIONS } from '@tandem/event-store';
import { createKafka, ensureTopics, type KafkaSettings } from '@tandem/messaging';
import { createTestDataSource, testInfra, uniqueSuffix } from '@tandem/testing';
import type { Kafka } from 'kafkajs';
import pino from 'pino';

/** Library logs stay quiet unless something is wrong. */
export const benchLogger = pino({ level: process.env.BENCH_LOG_LEVEL ?? 'error' });

export interface BenchDatabase {
  db: Database;
  store: EventStore;
  name: string;
  url: string;
  close(): Promise<void>;
}

/** Every database the run created, dropped at the end even when a scenario fails. */
const open = new Set<BenchDatabase>();

/** A fresh database with the event store / messaging schema (the product's own migration). */
export async function freshEventStoreDatabase(label: string): Promise<BenchDatabase> {
  const { dataSource, database, close } = await createTestDataSource(`bench_${label}`, EVENT_STORE_MIGRATIONS);
  const db = new Database(dataSource);
  const handle: BenchDatabase = {
    db,
    store: new EventStore(db),
    name: database.name,
    url: database.url,
    async close() {
      open.delete(handle);
      await close();
    },
  };
  open.add(handle);
  return handle;
}

export async function closeAllDatabases(): Promise<void> {
  for (const handle of [...open]) await handle.close().catch(() => undefined);
}

export interface BenchKafka {
  kafka: Kafka;
  settings: KafkaSettings;
  /** Creates fresh topics (prefixed with this run's namespace) and returns their full names. */
  topics(...bases: string[]): Promise<string[]>;
}

export function benchKafka(clientId: string, partitions = 3): BenchKafka {
  const settings: KafkaSettings = {
    brokers: testInfra.kafkaBrokers,
    clientId,
    topicPrefix: `bench${uniqueSuffix()}.`,
    partitions,
    replicationFactor: 1,
  };
  const kafka = createKafka(settings, benchLogger);
  return {
    kafka,
    settings,
    async topics(...bases) {
      const names = bases.map((b) => `${settings.topicPrefix}${b}`);
      await ensureTopics(kafka, settings, names);
      return names;
    },
  };
}

/** Deletes this run's topics (best effort: a leftover bench topic is harmless). */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // ignore
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Deletes the topics of a suite started by apps/suite-e2e's `startSuite` (its namespace is `e2e<suffix>.`, the
 * suffix its tenant `acme-<suffix>` carries; `suite.stop()` drops its databases but leaves the topics). Best effort.
 */
export async function deleteSuiteTopics(suite: { tenant: string }): Promise<void> {
  const prefix = `e2e${suite.tenant.replace(/^acme-/, '')}.`;
  const kafka = createKafka({ brokers: testInfra.kafkaBrokers, clientId: 'bench-cleanup' }, benchLogger);
  const admin = kafka.admin();
  try {
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 10_000 });
  } catch {
    // ignore: a leftover topic is harmless
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Waits until every consumer group of a suite (named after its `e2e<suffix>.` namespace) has committed up to the end
 * of every topic partition it has committed on — twice in a row, `intervalMs` apart, so work that a consumer's own
 * outbox publishes in between is seen — or until `timeoutMs`. Returns the lag left (0 when quiet).
 */
export async function waitForSuiteQuiet(suite: { tenant: string }, timeoutMs: number, intervalMs = 250): Promise<number> {
  const prefix = `e2e${suite.tenant.replace(/^acme-/, '')}.`;
  const kafka = createKafka({ brokers: testInfra.kafkaBrokers, clientId: 'bench-drain' }, benchLogger);
  const admin = kafka.admin();
  const deadline = Date.now() + timeoutMs;
  let lag = Infinity;
  try {
    await admin.connect();
    let quietRounds = 0;
    while (Date.now() < deadline) {
      const { groups } = await admin.listGroups();
      lag = 0;
      const ends = new Map<string, Map<number, number>>();
      for (const { groupId } of groups.filter((g) => g.groupId.startsWith(prefix))) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
          if (!ends.has(topic)) ends.set(topic, new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)])));
          for (const p of partitions) {
            const committed = Number(p.offset);
            if (committed >= 0) lag += Math.max(0, (ends.get(topic)!.get(p.partition) ?? 0) - committed);
          }
        }
      }
      quietRounds = lag === 0 ? quietRounds + 1 : 0;
      if (quietRounds >= 2) return 0;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    return lag;
  } catch {
    return lag; // best effort: the caller also waited for its own commands to arrive
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Rows per multi-row statement when bulk-loading with `unnest` arrays. */
export const LOAD_CHUNK = 5000;
