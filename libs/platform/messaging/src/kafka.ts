import { Kafka, logLevel, type Admin, type KafkaConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** How a service reaches Kafka. Everything Kafka-specific stays behind this library's API. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic name: lets several deployments (or test runs) share one cluster. */
  topicPrefix?: string;
  /** Partitions for topics this service creates. */
  partitions?: number;
  replicationFactor?: number;
  ssl?: boolean;
  sasl?: KafkaConfig['sasl'];
}

// We key every message explicitly; the v2 partitioner notice is noise in our logs.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * kafkajs warns at every idempotent producer's creation unless its retries are unbounded. Ours are bounded on
 * purpose (a send must fail, so the relay can report it, back off and shut down in time) and that is safe here:
 * a producer whose send failed is never used again (the relay and the dead-letter path make a new one, with a new
 * producer id, so no sequence number is reused), and a batch sent twice is absorbed by the consumers' inboxes.
 * docs/architecture.md, "Outbox → Kafka relay".
 */
const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

export interface KafkaClientOptions {
  retry?: KafkaConfig['retry'];
  connectionTimeout?: number;
  requestTimeout?: number;
  /** kafkajs's own log lines go to debug (for clients whose failures the caller reports itself). */
  quiet?: boolean;
}

export function createKafka(settings: KafkaSettings, logger: Logger, options: KafkaClientOptions = {}): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl,
    sasl: settings.sasl,
    connectionTimeout: options.connectionTimeout ?? 3000,
    requestTimeout: options.requestTimeout,
    retry: options.retry ?? { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        if (message === BOUNDED_RETRIES_WARNING) return;
        log[options.quiet ? 'debug' : (LEVELS[level] ?? 'info')](rest, message);
      },
  });
}

export const topicName = (settings: Pick<KafkaSettings, 'topicPrefix'>, base: string): string =>
  `${settings.topicPrefix ?? ''}${base}`;

/**
 * Creates the topics that do not exist yet (brokers here run with auto-creation disabled) and checks that every
 * partition has a leader. Throws while the broker is absent, starting, creating topics or electing leaders: the
 * caller retries (MessagingRuntime waits it out at start-up).
 */
export async function ensureTopics(kafka: Kafka, settings: KafkaSettings, topics: string[]): Promise<void> {
  const wanted = [...new Set(topics)];
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      try {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({
            topic,
            numPartitions: settings.partitions ?? 6,
            replicationFactor: settings.replicationFactor ?? 1,
            // The topics are the replay source of the consumers' read models (replay.ts): they keep every event.
            configEntries: [{ name: 'retention.ms', value: '-1' }],
          })),
        });
      } catch (error) {
        // Another replica created it in the meantime.
        if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
      }
    }
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics: wanted });
    const leaderless = metadata.flatMap((t) => t.partitions.filter((p) => p.leader < 0).map((p) => `${t.name}/${p.partitionId}`));
    if (leaderless.length > 0) throw new Error(`partitions without a leader yet: ${leaderless.join(', ')}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Whether the cluster answers a metadata request, and why not (give it a client with few retries: it is polled). */
export async function probeKafka(kafka: Kafka): Promise<{ reachable: boolean; error?: string }> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return { reachable: true };
  } catch (error) {
    return { reachable: false, error: (error as Error).message };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
