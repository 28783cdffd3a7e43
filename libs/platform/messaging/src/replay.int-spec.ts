import { Database, EventStore, EVENT_STORE_MIGRATIONS, newId, type SqlWrite, type Transaction } from '@tandem/event-store';
import { createTestDataSource, eventually, testInfra, uniqueSuffix } from '@tandem/testing';
import type { Kafka } from 'kafkajs';
import pino from 'pino';
import { ContractRegistry, type ReceivedEvent } from './contracts';
import { IntegrationEventConsumer } from './consumer';
import { THING_COUNTED_TYPE, ThingCounted } from './testing/thing-counted';
import { createKafka, ensureTopics, type KafkaSettings } from './kafka';
import { OutboxRelay } from './relay';
import { replayTopics } from './replay';

const TYPE = THING_COUNTED_TYPE;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('rebuilding a consumer’s read model from the topics (real Kafka and PostgreSQL)', () => {
  let settings: KafkaSettings;
  let kafka: Kafka;
  let sides: Awaited<ReturnType<typeof createTestDataSource>>[] = [];
  let consumerDb: Database;
  let store: EventStore;
  let topic: string;
  const registry = new ContractRegistry([ThingCounted]);
  const GROUP = 'replayed';
  let applied = 0;
  const handlers = new Map([
    [
      TYPE,
      async (e: ReceivedEvent<any>, tx: Transaction) => {
        applied++;
        await tx.query(`INSERT INTO things (thing_id, n, event_id) VALUES ($1, $2, $3)`, [e.payload.thingId, e.payload.n, e.id]);
      },
    ],
  ]);

  beforeAll(async () => {
    settings = { brokers: testInfra.kafkaBrokers, clientId: 'replay-test', topicPrefix: `r${uniqueSuffix()}.`, partitions: 3 };
    kafka = createKafka(settings, logger);
    topic = `${settings.topicPrefix}mentoring.testing.v1`;
    await ensureTopics(kafka, settings, [topic, `${topic}.dlq`]);
    sides = [await createTestDataSource('replay_producer', EVENT_STORE_MIGRATIONS), await createTestDataSource('replay_consumer', EVENT_STORE_MIGRATIONS)];
    store = new EventStore(new Database(sides[0].dataSource));
    consumerDb = new Database(sides[1].dataSource);
    await consumerDb.query(`CREATE TABLE things (thing_id text, n int, event_id uuid, PRIMARY KEY (thing_id, n))`);
  });

  afterAll(async () => {
    for (const side of sides) await side.close();
  });

  async function publish(thingId: string, from: number, to: number) {
    for (let n = from; n < to; n++) {
      const payload = { tenantId: 'acme', thingId, n };
      await store.append('acme', `Thing-${thingId}`, [{ type: 'Counted', data: payload, metadata: { correlationId: 'c' } }], {
        expectedVersion: n === 0 ? 'no_stream' : n,
        outbox: [registry.toOutboxMessage(settings, ThingCounted, payload, { messageId: newId(), time: new Date(), correlationId: 'c' })],
      });
    }
  }

  const rows = async () => (await consumerDb.query<{ thing_id: string; n: number; event_id: string }>(`SELECT thing_id, n, event_id FROM things ORDER BY 1, 2`)).rows;
  const live = () =>
    new IntegrationEventConsumer(consumerDb, kafka, registry, logger, { name: GROUP, topics: [topic], dlqTopic: `${topic}.dlq`, handlers, retryBackoffMs: 10 });

  it('reproduces every row, skips what was dead-lettered, refuses while the live group runs, leaves nothing half-written when a handler fails, and the live consumer then applies nothing twice', async () => {
    const relay = new OutboxRelay(new Database(sides[0].dataSource), kafka, logger, { service: 'replay-producer' });
    relay.start();
    const consumer = live();
    await consumer.start();
    try {
      for (const thing of ['a', 'b', 'c', 'd']) await publish(thing, 0, 10);
      await eventually('40 rows', async () => ((await rows()).length === 40 ? true : undefined), { timeoutMs: 60_000 });
      await expect(replayTopics(kafka, consumerDb, registry, { consumer: GROUP, topics: [topic], handlers, tables: ['things'] })).rejects.toThrow(
        /consumer group replayed has 1 active member\(s\)/,
      );
    } finally {
      await consumer.stop();
    }

    // One event was dead-lettered by the live consumer (so it is not in the read model): the replay leaves it out too.
    const [lost] = await rows();
    await consumerDb.query(`DELETE FROM things WHERE event_id = $1`, [lost.event_id]);
    await consumerDb.query(`UPDATE messaging.inbox SET outcome = 'dead_lettered' WHERE consumer = $1 AND message_id = $2`, [GROUP, lost.event_id]);
    const before = await rows();
    await consumerDb.query(`DELETE FROM things WHERE thing_id IN ('a', 'b')`); // a lost read model

    const lines: string[] = [];
    applied = 0;
    const result = await replayTopics(kafka, consumerDb, registry, { consumer: GROUP, topics: [topic], handlers, tables: ['things'], progress: (l) => lines.push(l), progressEvery: 10 });
    expect(result).toEqual({ applied: { [TYPE]: 39 }, skipped: 1 });
    expect(applied).toBe(39);
    expect(await rows()).toEqual(before);
    expect(lines[0]).toBe(`[rebuild] ${GROUP}: replaying 40 events of 1 topics`);
    expect(lines.at(-1)).toBe(`[rebuild] ${GROUP}: 40/40 events`);

    // The same replay with the type's insert-only write declared for many events at once: the same rows, written
    // with their inbox rows in one statement per fetched batch.
    let calls = 0;
    const batchWrites = new Map([
      [
        TYPE,
        (events: ReceivedEvent<any>[]): SqlWrite[] => {
          calls++;
          return [
            (param) =>
              `INSERT INTO things (thing_id, n, event_id) SELECT * FROM unnest(${param(events.map((e) => e.payload.thingId))}::text[], ${param(events.map((e) => e.payload.n))}::int[], ${param(events.map((e) => e.id))}::uuid[])`,
          ];
        },
      ],
    ]);
    applied = 0;
    const batched = await replayTopics(kafka, consumerDb, registry, { consumer: GROUP, topics: [topic], handlers, batchWrites, tables: ['things'] });
    expect(batched).toEqual({ applied: { [TYPE]: 39 }, skipped: 1 });
    expect([applied, calls]).toEqual([0, expect.any(Number)]);
    expect(calls).toBeLessThanOrEqual(3 * 4); // at most one per fetched batch of each of the 3 partitions
    expect(await rows()).toEqual(before);

    // A batch's statement failing (the read model's own constraint): the replay names the events, nothing is half-written.
    const refused = new Map([[TYPE, (): SqlWrite[] => [(param) => `INSERT INTO things (thing_id, n, event_id) VALUES (${param(null)}, 0, gen_random_uuid())`]]]);
    await expect(replayTopics(kafka, consumerDb, registry, { consumer: GROUP, topics: [topic], handlers, batchWrites: refused, tables: ['things'] })).rejects.toThrow(
      new RegExp(`the writes of \\d+ events \\(${topic.replace(/\./g, '\\.')}/\\d up to @\\d+, ${TYPE.replace(/\./g, '\\.')}\\) failed: .*null value`),
    );
    expect(await rows()).toEqual(before);

    // A handler failing half-way (its writes queued behind earlier batches'): the replay fails naming the event, and
    // the whole transaction rolls back — the read model is the one before, nothing half-written.
    const failing = new Map([
      [
        TYPE,
        async (e: ReceivedEvent<any>, tx: Transaction) => {
          if (e.payload.thingId === 'c' && e.payload.n === 5) throw new Error('boom');
          await handlers.get(TYPE)!(e, tx);
        },
      ],
    ]);
    await expect(replayTopics(kafka, consumerDb, registry, { consumer: GROUP, topics: [topic], handlers: failing, tables: ['things'] })).rejects.toThrow(
      new RegExp(`event [0-9a-f-]{36} \\(${TYPE.replace(/\./g, '\\.')}, ${topic.replace(/\./g, '\\.')}/\\d@\\d+\\) failed: boom`),
    );
    expect(await rows()).toEqual(before);

    // The live group restarts from its very first offset (the worst case): the inbox the replay kept up to date
    // lets through only what is new.
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: GROUP, topic, earliest: true });
    await admin.disconnect();
    applied = 0;
    const again = live();
    await again.start();
    try {
      await publish('e', 0, 3);
      await eventually('the new rows', async () => ((await rows()).length === 42 ? true : undefined), { timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, 500));
      expect(applied).toBe(3);
    } finally {
      await again.stop();
      await relay.stop();
    }
  });
});
