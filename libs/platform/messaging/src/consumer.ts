import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { isDatabaseUnavailable, oneStatement, type Database, type SqlWrite, type Transaction } from '@tandem/event-store';
import { SpanKind, withSpanFromHeaders } from '@tandem/tracing';
import type { ContractRegistry, ReceivedEvent } from './contracts';
import { messagingMetrics } from './metrics';
import { header, isUuid, parseMessage } from './received-message';

export type IntegrationEventHandler = (event: ReceivedEvent<any>, tx: Transaction) => Promise<void>;

export interface ConsumerOptions {
  /** Consumer group and inbox name, e.g. `analytics`. */
  name: string;
  /** Full topic names to subscribe to. */
  topics: string[];
  /** Handlers by CloudEvents type; other types on the topics are acknowledged and ignored. */
  handlers: Map<string, IntegrationEventHandler>;
  dlqTopic: string;
  /** Attempts before a failing message is dead-lettered. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  /** A consumer that neither fetches nor handles a batch for this long is replaced (see `checkProgress`). */
  stallMs?: number;
}

export interface PartitionStatus {
  topic: string;
  partition: number;
  lastOffset: string;
  lag: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `work` to settle, or `ms` at most; never rejects. */
async function settledWithin(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work?.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Messages handled in one database transaction on the fast path. */
const CHUNK = 100;

const INBOX_INSERT = `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type)
  VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`;

/**
 * Records messages of one partition in a consumer's inbox, one statement for all of them (a message already there
 * stays: ON CONFLICT DO NOTHING). The rows go as one JSON array: one table function to materialize, not one per
 * column (see EventStore.append). The consumer's fast path adds RETURNING to learn which messages are new; a replay
 * sends it together with the read models' writes (oneStatement).
 */
export const inboxInsert = (consumer: string, topic: string, partition: number, messages: readonly { id: string; offset: string; type: string }[]): SqlWrite => (param) =>
  `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type)
  SELECT ${param(consumer)}, m.id, ${param(topic)}, ${param(partition)}, m.off, m.type
  FROM ROWS FROM (jsonb_to_recordset(${param(JSON.stringify(messages.map((m) => ({ id: m.id, off: m.offset, type: m.type }))))}::jsonb) AS (id uuid, off bigint, type text)) WITH ORDINALITY AS m(id, off, type, n)
  ORDER BY m.n ON CONFLICT DO NOTHING`;

/** Errors of the database connection itself: wait them out, never dead-letter a message because of them. */
function isTransientInfrastructureError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return isDatabaseUnavailable(error) || code === '40001' || code === '40P01';
}

/**
 * Consumes other contexts' integration events into this service's read models.
 *
 * Each message is recorded in the inbox `(consumer, message id)` and handled in the same database transaction; a
 * duplicate hits the inbox and changes nothing. The Kafka offset is committed after the transaction.
 *
 * Fast path: up to 100 messages of a batch share one transaction (one commit and flush instead of one per message).
 * If anything in the chunk fails — unparseable, schema-invalid, a handler error — the chunk is rolled back and
 * replayed message by message: bad messages are dead-lettered at once, a handler that keeps failing is
 * dead-lettered after `maxAttempts` with the error in the headers, and the partition moves on. Database outages are
 * waited out without counting.
 */
export class IntegrationEventConsumer {
  private consumer: Consumer | undefined;
  private dlqProducer: Producer | undefined;
  private readonly positions = new Map<string, PartitionStatus>();
  private group: { joined: boolean; lastError: string | null } = { joined: false, lastError: null };
  private stopping = false;
  private recovering = false;
  private recoveries = 0;
  private batchesInFlight = 0;
  private lastProgressAt = 0;
  private watchdog: NodeJS.Timeout | undefined;
  private recovery: Promise<void> | undefined;
  private readonly metrics = {
    consumed: messagingMetrics.consumed(),
    lag: messagingMetrics.consumerLag(),
    offset: messagingMetrics.consumerOffset(),
  };
  private readonly options: Required<ConsumerOptions>;

  constructor(
    private readonly db: Database,
    private readonly kafka: Kafka,
    private readonly contracts: ContractRegistry,
    private readonly logger: Logger,
    options: ConsumerOptions,
  ) {
    this.options = { maxAttempts: 5, retryBackoffMs: 200, stallMs: 60_000, ...options };
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.dlqProducer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.dlqProducer.connect();
    await this.runConsumer();
    this.lastProgressAt = Date.now();
    this.watchdog = setInterval(() => void this.checkProgress(), Math.min(5_000, this.options.stallMs / 2));
    this.watchdog.unref();
    this.logger.info({ consumer: this.options.name, topics: this.options.topics }, 'consumer started');
  }

  /** One kafkajs consumer in the group; replaced by `recover` when kafkajs stops restarting it or it stalls. */
  private async runConsumer(): Promise<void> {
    const { name, topics } = this.options;
    // A short session lets the group drop a dead member (crashed pod, restarted broker) in seconds, not 30 s;
    // maxWaitTimeInMs keeps delivery latency low (kafkajs defaults to 5 s).
    const consumer = this.kafka.consumer({
      groupId: name,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer; // set first, so stop() also cleans up after a start that failed half-way
    const current = () => this.consumer === consumer; // events of a replaced consumer change nothing
    consumer.on(consumer.events.GROUP_JOIN, () => current() && (this.group = { joined: true, lastError: null }));
    consumer.on(consumer.events.FETCH_START, () => current() && (this.lastProgressAt = Date.now()));
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!current()) return;
      const message = String(payload.error?.message ?? payload.error);
      this.group = { joined: false, lastError: message };
      this.lastProgressAt = Date.now(); // a crash kafkajs restarts from is not a stall (a broker away looks like this)
      // kafkajs restarts itself after Kafka's retriable errors only; after any other it stays stopped for good.
      if (!payload.restart) void this.recover(`kafkajs stopped the consumer after: ${message}`);
    });
    // Offsets are also committed at the end of every batch; the interval bounds redelivery within long batches.
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommitInterval: 1000,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        this.batchesInFlight++;
        try {
          for (let start = 0; start < batch.messages.length; start += CHUNK) {
            if (!isRunning() || isStale()) break;
            const chunk = batch.messages.slice(start, start + CHUNK);
            if (!(await this.handleTogether(batch.topic, batch.partition, chunk))) {
              for (const message of chunk) await this.handle(batch.topic, batch.partition, message, heartbeat);
            }
            const last = chunk[chunk.length - 1];
            for (const message of chunk) resolveOffset(message.offset);
            this.record(batch.topic, batch.partition, last.offset, Number(batch.highWatermark) - Number(last.offset) - 1);
            await heartbeat();
            await commitOffsetsIfNecessary();
          }
        } finally {
          this.batchesInFlight--;
          this.lastProgressAt = Date.now();
        }
      },
    });
  }

  /**
   * The watchdog: a consumer that has not fetched for `stallMs` while no batch is in flight is replaced. kafkajs
   * keeps fetching every `maxWaitTimeInMs` even when nothing arrives, and restarts itself after Kafka's own errors
   * (a broker away shows as crashes and restarts, which count as progress); silence means it is stuck.
   */
  private async checkProgress(): Promise<void> {
    if (this.stopping || this.recovering || this.batchesInFlight > 0) return;
    const silentMs = Date.now() - this.lastProgressAt;
    if (silentMs >= this.options.stallMs) await this.recover(`no fetch for ${Math.round(silentMs / 1000)} s`);
  }

  /** Replaces the kafkajs consumer with a new member of the same group; it resumes from the committed offsets. */
  private recover(reason: string): Promise<void> {
    if (this.stopping || this.recovering) return Promise.resolve();
    this.recovering = true;
    this.recovery = this.replaceConsumer(reason);
    return this.recovery;
  }

  private async replaceConsumer(reason: string): Promise<void> {
    this.recoveries++;
    this.logger.error({ consumer: this.options.name, reason, recoveries: this.recoveries }, 'consumer stopped making progress; replacing it');
    try {
      const stuck = this.consumer;
      this.consumer = undefined;
      // A consumer stuck inside a batch may never finish disconnecting: give it a bound, the group drops it anyway.
      await settledWithin(stuck?.disconnect(), 10_000);
      await sleep(1_000); // a failure that repeats at once (a missing table) is retried at a walking pace
      if (!this.stopping) await this.runConsumer();
    } catch (error) {
      // Kafka away: the watchdog tries again after the next silent `stallMs`.
      this.group = { joined: false, lastError: String((error as Error).message ?? error) };
    } finally {
      this.lastProgressAt = Date.now();
      this.recovering = false;
    }
  }

  /** Finishes the message in flight, commits its offset, leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.watchdog);
    await this.recovery;
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    this.consumer = undefined;
    this.dlqProducer = undefined;
  }

  status(): PartitionStatus[] {
    return [...this.positions.values()];
  }

  /**
   * Whether this member is in its group, the last error that made kafkajs restart it (it keeps retrying), and how
   * many times the watchdog replaced a consumer kafkajs had given up on or that had stalled.
   */
  groupState(): { joined: boolean; lastError: string | null; recoveries: number } {
    return { ...this.group, recoveries: this.recoveries };
  }

  private record(topic: string, partition: number, offset: string, lag: number): void {
    this.positions.set(`${topic}/${partition}`, { topic, partition, lastOffset: offset, lag: Math.max(0, lag) });
    const labels = { consumer: this.options.name, topic, partition: String(partition) };
    this.metrics.lag.set(labels, Math.max(0, lag));
    this.metrics.offset.set(labels, Number(offset));
  }

  /** The fast path: the whole chunk in one transaction, or nothing (false) when any message needs the slow path. */
  private async handleTogether(topic: string, partition: number, messages: KafkaMessage[]): Promise<boolean> {
    let events: ReceivedEvent[];
    try {
      events = messages.map((message) => parseMessage(this.contracts, topic, partition, message));
    } catch {
      return false;
    }
    const outcomes = { processed: 0, duplicate: 0, ignored: 0 };
    const handled = events.filter((event) => this.options.handlers.has(event.type));
    outcomes.ignored = events.length - handled.length;
    try {
      await this.db.transaction(async (tx) => {
        if (handled.length === 0) return;
        // One inbox statement for the chunk: the messages not seen before come back (a repeated id once, in
        // PostgreSQL's lowercase form of the UUID).
        const inbox = oneStatement([inboxInsert(this.options.name, topic, partition, handled)]);
        const { rows } = await tx.query<{ message_id: string }>(`${inbox.text} RETURNING message_id::text`, inbox.values, 'messaging_inbox_insert_many');
        const fresh = new Set(rows.map((r) => r.message_id));
        for (const [i, event] of events.entries()) {
          const handler = this.options.handlers.get(event.type);
          if (!handler) continue;
          if (!fresh.delete(event.id.toLowerCase())) {
            outcomes.duplicate++;
            continue;
          }
          // Each message in its own span: the events it causes continue its trace, even in a shared transaction.
          await this.inSpanOf(messages[i], event, () => handler(event, tx));
          outcomes.processed++;
        }
      });
    } catch {
      return false;
    }
    for (const [outcome, n] of Object.entries(outcomes)) {
      if (n > 0) this.metrics.consumed.inc({ consumer: this.options.name, topic, outcome }, n);
    }
    return true;
  }

  /** The slow path, one message at a time: retries, dead-lettering, outages waited out. */
  private async handle(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>) {
    const count = (outcome: string) => this.metrics.consumed.inc({ consumer: this.options.name, topic, outcome });
    let event: ReceivedEvent;
    try {
      event = parseMessage(this.contracts, topic, partition, message);
    } catch (error) {
      await this.deadLetter(topic, partition, message, error, 1, header(message.headers, 'ce_id'));
      return count('dead_lettered');
    }
    const handler = this.options.handlers.get(event.type);
    if (!handler) return count('ignored');

    let failures = 0; // handler failures; database outages are waited out and not counted
    for (let wait = 0; ; wait++) {
      try {
        const fresh = await this.db.transaction(async (tx) => {
          const inserted = await tx.query(INBOX_INSERT, [this.options.name, event.id, topic, partition, message.offset, event.type], 'messaging_inbox_insert');
          if (inserted.rows.length === 0) return false;
          await this.inSpanOf(message, event, () => handler(event, tx));
          return true;
        });
        return count(fresh ? 'processed' : 'duplicate');
      } catch (error) {
        const transient = isTransientInfrastructureError(error);
        if (!transient) failures++;
        if (!transient && failures >= this.options.maxAttempts) {
          await this.deadLetter(topic, partition, message, error, failures, event.id, event.type);
          return count('dead_lettered');
        }
        this.logger.warn(
          { err: error, consumer: this.options.name, topic, partition, offset: message.offset, failures, transient },
          'handler failed; retrying',
        );
        await sleep(Math.min(10_000, this.options.retryBackoffMs * 2 ** Math.min(wait, 6)));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  /** Handles one message in a child span of the trace its `traceparent` header carries (a new trace without one). */
  private inSpanOf<T>(message: KafkaMessage, event: ReceivedEvent, work: () => Promise<T>): Promise<T> {
    return withSpanFromHeaders(message.headers ?? {}, `process ${event.topic}`, work, {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': event.topic,
        'messaging.destination.partition.id': String(event.partition),
        'messaging.consumer.group.name': this.options.name,
        'messaging.message.id': event.id,
        'messaging.kafka.offset': Number(event.offset),
        'cloudevents.event_type': event.type,
      },
    });
  }

  private async deadLetter(
    topic: string,
    partition: number,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
    messageId?: string,
    type = 'unknown',
  ) {
    const err = error as Error;
    // A message redelivered after a rebalance must not be dead-lettered (and retried) twice.
    if (messageId && (await this.alreadyInInbox(messageId))) return;
    this.logger.error({ err, consumer: this.options.name, topic, partition, offset: message.offset, attempts },
      'message dead-lettered');
    await this.dlqProducer!.send({
      topic: this.options.dlqTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            dlq_consumer: this.options.name,
            dlq_original_topic: topic,
            dlq_original_partition: String(partition),
            dlq_original_offset: message.offset,
            dlq_error_type: err?.name ?? 'Error',
            dlq_error_message: String(err?.message ?? error).slice(0, 2000),
            dlq_attempts: String(attempts),
            dlq_failed_at: new Date().toISOString(),
          },
        },
      ],
    }).catch(async (error: unknown) => {
      // A producer whose send failed is never used again (kafkajs rolled its sequence numbers back): see kafka.ts.
      await this.renewDlqProducer();
      throw error;
    });
    if (messageId && isUuid(messageId)) {
      await this.db.query(
        `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, 'dead_lettered') ON CONFLICT DO NOTHING`,
        [this.options.name, messageId, topic, partition, message.offset, type],
      );
    }
  }

  private async renewDlqProducer(): Promise<void> {
    const failed = this.dlqProducer;
    this.dlqProducer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await failed?.disconnect().catch(() => undefined);
    await this.dlqProducer.connect().catch(() => undefined); // Kafka away: the next failed send renews it again
  }

  private async alreadyInInbox(messageId: string): Promise<boolean> {
    if (!isUuid(messageId)) return false;
    const { rows } = await this.db.query(`SELECT 1 FROM messaging.inbox WHERE consumer = $1 AND message_id = $2`, [
      this.options.name,
      messageId,
    ]);
    return rows.length > 0;
  }
}
