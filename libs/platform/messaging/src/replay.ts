import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { oneStatement, type Database, type SqlWrite, type Transaction } from '@tandem/event-store';
import { PoisonMessageError, type ContractRegistry, type ReceivedEvent } from './contracts';
import { inboxInsert, type IntegrationEventHandler } from './consumer';
import { parseMessage } from './received-message';

/** The writes of many events of one type at once, for insert-only types (rows keyed by their own event). */
export type BatchWrites = (events: ReceivedEvent[]) => SqlWrite[];

export interface ReplayOptions {
  /** The consumer whose read models are rebuilt: its group must be idle, its inbox is brought up to date. */
  consumer: string;
  /** Full topic names, replayed from their first offset. */
  topics: string[];
  handlers: Map<string, IntegrationEventHandler>;
  /**
   * Types whose writes commute (insert-only, keyed by their event), as the writes of many events at once: a fetched
   * batch's events of such types are written together with their inbox rows in ONE statement (oneStatement), before
   * the next event of another type — one round trip where there was one per event.
   */
  batchWrites?: Map<string, BatchWrites>;
  /** The tables the handlers alone write: emptied first. */
  tables: readonly string[];
  progress?: (line: string) => void;
  /** A progress line every this many events. */
  progressEvery?: number;
}

export interface ReplayResult {
  /** Events applied, per CloudEvents type. */
  applied: Record<string, number>;
  /** Events on the topics no handler takes, dead-lettered before, or not parseable (skipped like the consumer skips them). */
  skipped: number;
}

type Watermarks = Map<string, { partition: number; low: bigint; high: bigint }[]>;

/**
 * Rebuilds a consumer's read models from the topics themselves: empties the tables its handlers own, then applies
 * every event the topics held when the replay began (up to each partition's high watermark, in partition order,
 * as the consumer would have), in ONE transaction — readers keep the old rows until it commits. Every applied event
 * is recorded in the consumer's inbox, so the live consumer, resuming from its committed offsets, applies nothing
 * twice; events the consumer dead-lettered stay out, as they are out of the live read models.
 *
 * Refuses to run while the consumer's group has members (stop the service's consumers first), and when a partition
 * no longer starts at offset 0 (retention deleted events the read models were built from).
 */
export async function replayTopics(kafka: Kafka, db: Database, contracts: ContractRegistry, options: ReplayOptions): Promise<ReplayResult> {
  const { consumer: name, topics, handlers, batchWrites = new Map(), tables, progress = () => undefined, progressEvery = 10_000 } = options;
  const watermarks = await readWatermarks(kafka, name, topics);
  const total = [...watermarks.values()].flat().reduce((n, p) => n + Number(p.high), 0);
  progress(`[rebuild] ${name}: replaying ${total} events of ${topics.length} topics`);

  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL tandem.rebuilding = 'on'`);
    for (const table of new Set(tables)) await tx.query(`DELETE FROM ${table}`);
    const deadLettered = await deadLetteredIds(tx, name);
    const result: ReplayResult = { applied: {}, skipped: 0 };
    let seen = 0;

    const writes = new SequentialWrites();
    const pending = new Set([...watermarks].flatMap(([topic, partitions]) => partitions.filter((p) => p.high > 0n).map((p) => `${topic}/${p.partition}`)));
    if (pending.size === 0) return result;

    // A throwaway group of its own: the replay never moves the live group's offsets.
    const groupId = `${name}.rebuild.${randomUUID()}`;
    const reader = kafka.consumer({ groupId, allowAutoTopicCreation: false });
    try {
      await reader.connect();
      await reader.subscribe({ topics, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        reader
          .run({
            autoCommit: false,
            eachBatch: async ({ batch }) => {
              if (pending.size === 0) return;
              try {
                const high = watermarks.get(batch.topic)!.find((p) => p.partition === batch.partition)!.high;
                const grouped = new Map<string, ReceivedEvent[]>();
                const inbox: ReceivedEvent[] = [];
                const steps: (() => Promise<unknown>)[] = [];
                // The grouped events' writes and every applied event's inbox row, before anything that may depend on
                // them: one statement, built now, while the writes of earlier batches are still on their way.
                const flush = () => {
                  const writes = [...grouped].flatMap(([type, events]) => batchWrites.get(type)!(events));
                  if (inbox.length > 0) writes.push(inboxInsert(name, batch.topic, batch.partition, inbox));
                  if (writes.length === 0) return;
                  const what = `the writes of ${inbox.length} events (${batch.topic}/${batch.partition} up to @${inbox.at(-1)!.offset}${grouped.size ? `, ${[...grouped.keys()].join(', ')}` : ''})`;
                  const { text, values } = oneStatement(writes);
                  steps.push(() =>
                    tx.query(text, values).catch((error: Error) => {
                      throw new Error(`${what} failed: ${error.message}`);
                    }),
                  );
                  grouped.clear();
                  inbox.length = 0;
                };
                for (const message of batch.messages) {
                  if (BigInt(message.offset) >= high) break; // arrived after the replay began: the live consumer's
                  seen++;
                  const event = parseOrSkip(contracts, batch.topic, batch.partition, message);
                  const handler = event && !deadLettered.has(event.id) ? handlers.get(event.type) : undefined;
                  if (!event || !handler) {
                    result.skipped++;
                  } else {
                    if (batchWrites.has(event.type)) {
                      if (!grouped.has(event.type)) grouped.set(event.type, []);
                      grouped.get(event.type)!.push(event);
                    } else {
                      flush();
                      steps.push(() =>
                        handler(event, tx).catch((error: Error) => {
                          throw new Error(`event ${event.id} (${event.type}, ${batch.topic}/${batch.partition}@${message.offset}) failed: ${error.message}`);
                        }),
                      );
                    }
                    inbox.push(event);
                    result.applied[event.type] = (result.applied[event.type] ?? 0) + 1;
                  }
                  if (seen % progressEvery === 0) progress(`[rebuild] ${name}: ${seen}/${total} events`);
                  if (BigInt(message.offset) + 1n >= high) pending.delete(`${batch.topic}/${batch.partition}`);
                }
                flush();
                writes.add(steps);
                if (pending.size === 0) {
                  await writes.drained();
                  resolve();
                } else {
                  await writes.atMost(BATCHES_AHEAD);
                }
              } catch (error) {
                reject(error);
                throw error;
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await writes.settled(); // never leave a write running on the transaction being rolled back
      await reader.disconnect().catch(() => undefined);
      await deleteGroup(kafka, groupId).catch(() => undefined);
    }
    progress(`[rebuild] ${name}: ${seen}/${total} events`);
    return result;
  });
}

/** Fetched batches whose writes may wait behind the one being written: bounds the events held in memory. */
const BATCHES_AHEAD = 2;

/**
 * The replay's writes, one batch's after the other on its one transaction, run while kafkajs fetches and the next
 * batch is parsed: the broker, the parsing and PostgreSQL work at the same time instead of taking turns. The first
 * failure stops every later write and is answered by the next wait.
 */
class SequentialWrites {
  private readonly queued: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | undefined;

  add(steps: readonly (() => Promise<unknown>)[]): void {
    const done = this.tail.then(async () => {
      if (this.failure) return;
      try {
        for (const step of steps) await step();
      } catch (error) {
        this.failure = { error };
      }
    });
    this.tail = done;
    this.queued.push(done);
  }

  /** Waits until at most `n` batches' writes are queued; throws the first failure. */
  async atMost(n: number): Promise<void> {
    while (this.queued.length > n) await this.queued.shift();
    if (this.failure) throw this.failure.error;
  }

  drained(): Promise<void> {
    return this.atMost(0);
  }

  /** Waits for whatever is queued, failed or not. */
  async settled(): Promise<void> {
    await this.tail;
  }
}

/** What each partition holds now; refuses when the live group is active or a partition lost its beginning. */
async function readWatermarks(kafka: Kafka, group: string, topics: string[]): Promise<Watermarks> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([group]);
    const members = groups[0]?.members.length ?? 0;
    if (members > 0) throw new Error(`consumer group ${group} has ${members} active member(s): stop the service's consumers before rebuilding its read models`);
    const watermarks: Watermarks = new Map();
    for (const topic of topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const partitions = offsets.map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) }));
      const truncated = partitions.filter((p) => p.low > 0n);
      if (truncated.length > 0) {
        throw new Error(`${topic} partition ${truncated[0].partition} starts at offset ${truncated[0].low}: earlier events are gone, a rebuild needs the whole stream (see the topics' retention)`);
      }
      watermarks.set(topic, partitions);
    }
    return watermarks;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function deadLetteredIds(tx: Transaction, consumer: string): Promise<Set<string>> {
  const { rows } = await tx.query<{ message_id: string }>(`SELECT message_id FROM messaging.inbox WHERE consumer = $1 AND outcome = 'dead_lettered'`, [consumer]);
  return new Set(rows.map((r) => r.message_id));
}

/** A message the consumer could never parse was dead-lettered by it: the replay skips it the same way. */
function parseOrSkip(...args: Parameters<typeof parseMessage>) {
  try {
    return parseMessage(...args);
  } catch (error) {
    if (error instanceof PoisonMessageError) return undefined;
    throw error;
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
