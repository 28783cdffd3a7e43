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

export function createKafka(settings: KafkaSettings, logger: Logger): Kafka {
  const log = logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    ssl: settings.ssl,
    sasl: settings.sasl,
    connectionTimeout: 3000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        log[LEVELS[level] ?? 'info'](rest, message);
      },
  });
}

export const topicName = (settings: Pick<KafkaSettings, 'topicPrefix'>, base: string): string =>
  `${settings.topicPrefix ?? ''}${base}`;

/** Creates the topics that do not exist yet (brokers here run with auto-creation disabled). */
export async function ensureTopics(kafka: Kafka, settings: KafkaSettings, topics: string[]): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: settings.partitions ?? 6,
        replicationFactor: settings.replicationFactor ?? 1,
      })),
    });
  } catch (error) {
    // Another replica created it in the meantime.
    if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
  } finally {
    await admin.disconnect();
  }
}

/** True when the cluster answers a metadata request: the readiness check. */
export async function kafkaReachable(kafka: Kafka): Promise<boolean> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
