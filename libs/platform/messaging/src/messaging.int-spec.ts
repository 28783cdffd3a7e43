import { Database, EventStore, EVENT_STORE_MIGRATIONS, newId } from '@tandem/event-store';
import { createTestDataSource, eventually, testInfra, uniqueSuffix } from '@tandem/testing';
import { traceparentOf } from '@tandem/tracing';
import type { Kafka, KafkaMessage } from 'kafkajs';
import pino from 'pino';
import { ContractRegistry } from './contracts';
import { IntegrationEventConsumer } from './consumer';
import { THING_COUNTED_TYPE, ThingCounted } from './testing/thing-counted';
import { createKafka, ensureTopics, type KafkaSettings } from './kafka';
import { OutboxNotifier, OutboxRelay } from './relay';

const TYPE = THING_COUNTED_TYPE;
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

describe('outbox relay and consumer over real Kafka and PostgreSQL', () => {
  let settings: KafkaSettings;
  let kafka: Kafka;
  let producerSide: Awaited<ReturnType<typeof createTestDataSource>>;
  let consumerSide: Awaited<ReturnType<typeof createTestDataSource>>;
  let producerDb: Database;
  let consumerDb: Database;
  let store: EventStore;
  const registry = new ContractRegistry([ThingCounted]);
  let topic: string;
  let dlqTopic: string;
  const running: { stop(): Promise<void> }[] = [];

  beforeAll(async () => {
    settings = { brokers: testInfra.kafkaBrokers, clientId: 'messaging-test', topicPrefix: `t${uniqueSuffix()}.`, partitions: 3 };
    kafka = createKafka(settings, logger);
    topic = `${settings.topicPrefix}mentoring.testing.v1`;
    dlqTopic = `${settings.topicPrefix}mentoring.dlq.readside`;
    await ensureTopics(kafka, settings, [topic, dlqTopic]);
    producerSide = await createTestDataSource('msg_producer', EVENT_STORE_MIGRATIONS);
    consumerSide = await createTestDataSource('msg_consumer', EVENT_STORE_MIGRATIONS);
    producerDb = new Database(producerSide.dataSource);
    consumerDb = new Database(consumerSide.dataSource);
    store = new EventStore(producerDb);
    await consumerDb.query(`CREATE TABLE things (consumer text, tenant_id text, thing_id text, n int, PRIMARY KEY (consumer, tenant_id, thing_id, n))`);
  });

  afterEach(async () => {
    while (running.length) await running.pop()!.stop();
  });

  afterAll(async () => {
    await producerSide?.close();
    await consumerSide?.close();
  });

  /** Appends one event per n to the thing's stream, with its integration event in the same statement. */
  async function count(thingId: string, from: number, to: number) {
    for (let n = from; n < to; n++) {
      const payload = { tenantId: 'acme', thingId, n };
      const outbox = [registry.toOutboxMessage(settings, ThingCounted, payload, { messageId: newId(), time: new Date(), correlationId: 'c' })];
      await store.append('acme', `Thing-${thingId}`, [{ type: 'Counted', data: payload, metadata: { correlationId: 'c' } }], {
        expectedVersion: n,
        outbox,
      });
    }
  }

  function relay(): OutboxRelay {
    const r = new OutboxRelay(producerDb, kafka, logger, { service: 'producer', batchSize: 7 });
    r.start();
    running.push(r);
    return r;
  }

  const insertThing = (name: string) => async (e: { payload: any }, tx: any) => {
    await tx.query(`INSERT INTO things VALUES ($1, $2, $3, $4)`, [name, e.payload.tenantId, e.payload.thingId, e.payload.n]);
  };

  async function consumer(name: string, handler = insertThing(name), maxAttempts = 3) {
    const c = new IntegrationEventConsumer(consumerDb, kafka, registry, logger, {
      name, topics: [topic], dlqTopic, handlers: new Map([[TYPE, handler]]), maxAttempts, retryBackoffMs: 10,
    });
    await c.start();
    running.push(c);
    return c;
  }

  const rowsFor = async (thingId: string) =>
    (await consumerDb.query<{ n: number }>(`SELECT n FROM things WHERE thing_id = $1 ORDER BY n`, [thingId])).rows.map((r) => r.n);

  /** Reads the topic from the start until `expected` messages match, then a little longer to catch duplicates. */
  async function readTopic(name: string, expected: number, matches: (m: KafkaMessage) => boolean = () => true): Promise<KafkaMessage[]> {
    const seen: KafkaMessage[] = [];
    const reader = kafka.consumer({ groupId: `reader-${uniqueSuffix()}`, maxWaitTimeInMs: 100 });
    await reader.connect();
    await reader.subscribe({ topics: [name], fromBeginning: true });
    await reader.run({ eachMessage: async ({ message }) => void (matches(message) && seen.push(message)) });
    try {
      await eventually(`${expected} messages on ${name}`, async () => (seen.length >= expected ? true : undefined));
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await reader.disconnect();
    }
    return seen;
  }

  it('publishes in commit order with CloudEvents headers, keyed by aggregate, into a deduplicating read model', async () => {
    await count('a', 0, 20);
    relay();
    await consumer('readside-1');
    expect(await eventually('20 rows', async () => ((await rowsFor('a')).length === 20 ? rowsFor('a') : undefined))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    const messages = await readTopic(topic, 20);
    const ofA = messages.filter((m) => m.key?.toString() === 'a');
    expect(ofA.map((m) => JSON.parse(m.value!.toString()).n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    const h = Object.fromEntries(Object.entries(ofA[0].headers!).map(([k, v]) => [k, v!.toString()]));
    expect(h).toMatchObject({ ce_specversion: '1.0', ce_type: TYPE, ce_source: '/tandem/testing', ce_subject: 'things/a', ce_tenantid: 'acme' });
    expect(h.ce_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(h.ce_time).toString()).not.toBe('Invalid Date');
  });

  it('replaces a consumer that stopped fetching, and the new member resumes from the committed offsets', async () => {
    const c = new IntegrationEventConsumer(consumerDb, kafka, registry, logger, {
      name: 'readside-stall', topics: [topic], dlqTopic, handlers: new Map([[TYPE, insertThing('readside-stall')]]), stallMs: 3_000,
    });
    await c.start();
    running.push(c);
    relay();
    await count('stall', 0, 3);
    await eventually('3 rows', async () => ((await rowsFor('stall')).length === 3 ? true : undefined));
    // Silent the way a wedged client is: no crash, no fetch, nothing said (white-box: the kafkajs consumer inside).
    await (c as any).consumer.stop();
    await count('stall', 3, 6);
    await eventually('the consumer to be replaced', async () => (c.groupState().recoveries > 0 ? true : undefined));
    expect(await eventually('6 rows', async () => ((await rowsFor('stall')).length === 6 ? rowsFor('stall') : undefined))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(c.groupState()).toMatchObject({ joined: true, recoveries: 1 });
  });

  it('loses and duplicates nothing when the relay is killed and restarted mid-stream', async () => {
    await consumer('readside-2');
    const first = relay();
    await count('b', 0, 30);
    await eventually('some published', async () => (first.status().published > 0 ? true : undefined));
    await first.stop();
    running.splice(running.indexOf(first), 1);
    await count('b', 30, 60);
    const second = relay();
    await eventually('60 rows', async () => ((await rowsFor('b')).length === 60 ? true : undefined));
    expect(await rowsFor('b')).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(second.status().leader).toBe(true);
  });

  it('relays a large transaction in small batches in order, each message once', async () => {
    const payloads = Array.from({ length: 150 }, (_, n) => ({ tenantId: 'acme', thingId: 'bulk', n }));
    await store.append('acme', 'Thing-bulk', [{ type: 'Counted', data: {}, metadata: { correlationId: 'c' } }], {
      expectedVersion: 'no_stream',
      outbox: payloads.map((p) => registry.toOutboxMessage(settings, ThingCounted, p, { messageId: newId(), time: new Date(), correlationId: 'c' })),
    });
    const small = new OutboxRelay(producerDb, kafka, logger, { service: 'small-batches', batchSize: 7 });
    small.start();
    running.push(small);
    const ofBulk = await readTopic(topic, 150, (m) => m.key?.toString() === 'bulk');
    expect(ofBulk.map((m) => JSON.parse(m.value!.toString()).n)).toEqual(payloads.map((p) => p.n));
  });

  it('wakes on a commit, not at its poll: in its own process, after a transaction commits, and on another replica\'s NOTIFY', async () => {
    // A poll of a minute: only a wake-up can publish within the test's few seconds.
    const sleepy = new OutboxRelay(producerDb, kafka, logger, { service: 'woken', idleMs: 60_000 });
    sleepy.start();
    running.push(sleepy);
    await eventually('the lease', async () => (sleepy.leading ? true : undefined), { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 200)); // now in its idle pause
    const published = async (n: number) => eventually(`${n} published`, async () => (sleepy.status().published >= n ? true : undefined), { timeoutMs: 5_000 });

    await count('wake', 0, 1); // autocommit append in this process
    await published(1);

    await producerDb.transaction(async (tx) => {
      const payload = { tenantId: 'acme', thingId: 'wake', n: 1 };
      const outbox = [registry.toOutboxMessage(settings, ThingCounted, payload, { messageId: newId(), time: new Date(), correlationId: 'c' })];
      await store.append('acme', 'Thing-wake', [{ type: 'Counted', data: payload, metadata: { correlationId: 'c' } }], { expectedVersion: 1, outbox }, tx);
      await new Promise((r) => setTimeout(r, 300));
    });
    await published(2);

    // Another replica: its own pool and signal, no relay of its own; it NOTIFYs after its commit.
    const otherReplica = new Database(producerSide.dataSource);
    const notifier = new OutboxNotifier(otherReplica);
    otherReplica.outboxCommitted.subscribe(() => notifier.notify());
    const payload = { tenantId: 'acme', thingId: 'wake', n: 2 };
    await new EventStore(otherReplica).append('acme', 'Thing-wake', [{ type: 'Counted', data: payload, metadata: { correlationId: 'c' } }], {
      expectedVersion: 2,
      outbox: [registry.toOutboxMessage(settings, ThingCounted, payload, { messageId: newId(), time: new Date(), correlationId: 'c' })],
    });
    await published(3);
    const ofWake = await readTopic(topic, 3, (m) => m.key?.toString() === 'wake');
    expect(ofWake.map((m) => JSON.parse(m.value!.toString()).n)).toEqual([0, 1, 2]);
  });

  it('prunes outbox rows once published and past their retention', async () => {
    const pruning = new OutboxRelay(producerDb, kafka, logger, { service: 'pruner', retentionMs: 0, pruneEveryMs: 0 });
    await count('r', 0, 5);
    pruning.start();
    running.push(pruning);
    await eventually('outbox emptied', async () => {
      const { rows } = await producerDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM messaging.outbox`);
      return rows[0].n === 0 ? true : undefined;
    });
    expect(pruning.status().published).toBeGreaterThanOrEqual(5);
  });

  it('lets only one of two relay replicas hold the lease', async () => {
    const a = relay();
    await eventually('a leads', async () => (a.status().leader ? true : undefined));
    const b = relay();
    await new Promise((r) => setTimeout(r, 300));
    expect(b.status().leader).toBe(false);
    await a.stop();
    running.splice(running.indexOf(a), 1);
    await eventually('b takes over', async () => (b.status().leader ? true : undefined), { timeoutMs: 5000 });
  });

  it('changes nothing when the same message is delivered twice', async () => {
    relay();
    await count('c', 0, 3);
    await consumer('readside-3');
    await eventually('3 rows', async () => ((await rowsFor('c')).length === 3 ? true : undefined));
    // Replay the whole topic into the same consumer name: every message is a duplicate for its inbox.
    await running.pop()!.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId: 'readside-3', topic, earliest: true });
    await admin.disconnect();
    await consumer('readside-3');
    await count('c', 3, 4);
    await eventually('4 rows', async () => ((await rowsFor('c')).length === 4 ? true : undefined));
    expect(await rowsFor('c')).toEqual([0, 1, 2, 3]);
  });

  it('dead-letters a poison message and a message whose handler keeps failing, and keeps the partition moving', async () => {
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({
      topic,
      messages: [
        { key: 'p', value: 'not json', headers: { ce_id: newId(), ce_type: TYPE } },
        { key: 'p', value: JSON.stringify({ tenantId: 'acme', thingId: 'p', n: -1 }), headers: { ce_id: newId(), ce_type: TYPE } },
        { key: 'p', value: JSON.stringify({ tenantId: 'acme', thingId: 'p', n: 13 }), headers: { ce_id: newId(), ce_type: TYPE } },
        { key: 'p', value: JSON.stringify({ tenantId: 'acme', thingId: 'p', n: 1 }), headers: { ce_id: newId(), ce_type: TYPE } },
      ],
    });
    await raw.disconnect();
    let calls = 0;
    await consumer('readside-4', async (e, tx) => {
      if (e.payload.thingId === 'p' && e.payload.n === 13) {
        calls++;
        throw new Error('thirteen is unlucky');
      }
      await insertThing('readside-4')(e, tx);
    });
    await eventually('the good message', async () => ((await rowsFor('p')).length === 1 ? true : undefined));
    expect(await rowsFor('p')).toEqual([1]);
    expect(calls).toBe(3);
    const dead = (await readTopic(dlqTopic, 3)).filter((m) => m.headers?.dlq_consumer?.toString() === 'readside-4');
    const reasons = dead.map((m) => m.headers!.dlq_error_message!.toString());
    expect(reasons).toEqual([
      'Message value is not JSON',
      expect.stringContaining('/n must be >= 0'),
      'thirteen is unlucky',
    ]);
    expect(dead[2].headers!.dlq_attempts!.toString()).toBe('3');
    expect(dead[2].headers!.dlq_original_topic!.toString()).toBe(topic);
  });

  describe('trace context', () => {
    const W3C = /^00-(?!0{32})([0-9a-f]{32})-(?!0{16})([0-9a-f]{16})-[0-9a-f]{2}$/;
    const traceIdOf = (traceparent: string) => W3C.exec(traceparent)?.[1];
    const spanIdOf = (traceparent: string) => W3C.exec(traceparent)?.[2];
    const inbound = (n: number) => `00-${(n + 1).toString(16).padStart(32, '7')}-${(n + 1).toString(16).padStart(16, '5')}-01`;

    /** 12 messages on a topic of their own (one partition): 10 with a trace, one without, one malformed. */
    async function sendTraced(thingId: string): Promise<string> {
      const tracedTopic = `${settings.topicPrefix}mentoring.traced-${thingId}.v1`;
      await ensureTopics(kafka, { ...settings, partitions: 1 }, [tracedTopic]);
      const headers = (n: number): Record<string, string> =>
        n < 10 ? { traceparent: inbound(n), ce_traceparent: inbound(n) } : n === 10 ? {} : { traceparent: '00-xyz-malformed-01' };
      const raw = kafka.producer();
      await raw.connect();
      await raw.send({
        topic: tracedTopic,
        messages: Array.from({ length: 12 }, (_, n) => ({
          key: thingId,
          value: JSON.stringify({ tenantId: 'acme', thingId, n }),
          headers: { ce_id: newId(), ce_type: TYPE, ...headers(n) },
        })),
      });
      await raw.disconnect();
      return tracedTopic;
    }

    /** Records, in the handler's transaction, the trace context the handler runs in (committed work only). */
    async function tracedConsumer(name: string, tracedTopic: string, failOnce?: number) {
      await consumerDb.query(`CREATE TABLE IF NOT EXISTS traced (consumer text, n int, traceparent text, txid bigint, PRIMARY KEY (consumer, n))`);
      let failed = false;
      const c = new IntegrationEventConsumer(consumerDb, kafka, registry, logger, {
        name, topics: [tracedTopic], dlqTopic, retryBackoffMs: 10,
        handlers: new Map([[TYPE, async (e: { payload: any }, tx: any) => {
          await tx.query(`INSERT INTO traced VALUES ($1, $2, $3, txid_current())`, [name, e.payload.n, traceparentOf()]);
          if (e.payload.n === failOnce && !failed) {
            failed = true;
            throw new Error('fails once');
          }
        }]]),
      });
      await c.start();
      running.push(c);
      return eventually('12 handled', async () => {
        const { rows } = await consumerDb.query<{ n: number; traceparent: string; txid: string }>(`SELECT n, traceparent, txid FROM traced WHERE consumer = $1 ORDER BY n`, [name]);
        return rows.length === 12 ? rows : undefined;
      });
    }

    function expectEachMessageInItsOwnChildSpan(rows: { n: number; traceparent: string }[]) {
      for (const { traceparent } of rows) expect(traceparent).toMatch(W3C);
      for (const { n, traceparent } of rows.slice(0, 10)) {
        expect(traceIdOf(traceparent)).toBe(traceIdOf(inbound(n))); // continues the message's trace
        expect(spanIdOf(traceparent)).not.toBe(spanIdOf(inbound(n))); // in a span of its own
      }
      const traceIds = rows.map((r) => traceIdOf(r.traceparent));
      expect(new Set(traceIds).size).toBe(12); // without or with a malformed header: a new trace each
      expect(new Set(rows.map((r) => spanIdOf(r.traceparent))).size).toBe(12);
    }

    it('handles each message of a batch that shares one transaction in a child span of its own trace', async () => {
      const rows = await tracedConsumer('traced-fast', await sendTraced('fast'));
      expect(new Set(rows.map((r) => r.txid)).size).toBe(1); // the fast path: one transaction for the chunk
      expectEachMessageInItsOwnChildSpan(rows);
    });

    it('keeps each message in its own trace when a failed chunk is replayed message by message', async () => {
      const rows = await tracedConsumer('traced-slow', await sendTraced('slow'), 4);
      expect(new Set(rows.map((r) => r.txid)).size).toBe(12); // the slow path: one transaction per message
      expectEachMessageInItsOwnChildSpan(rows);
    });
  });

  it('handles a message once when its id comes twice in one batch (in either letter case), and the next one as usual', async () => {
    const id = newId();
    const value = (n: number) => JSON.stringify({ tenantId: 'acme', thingId: 'twice', n });
    const raw = kafka.producer();
    await raw.connect();
    await raw.send({
      topic,
      messages: [
        { key: 'twice', value: value(0), headers: { ce_id: id.toUpperCase(), ce_type: TYPE } },
        { key: 'twice', value: value(1), headers: { ce_id: id, ce_type: TYPE } },
        { key: 'twice', value: value(2), headers: { ce_id: newId(), ce_type: TYPE } },
      ],
    });
    await raw.disconnect();
    await consumer('readside-5');
    await eventually('the last message', async () => ((await rowsFor('twice')).includes(2) ? true : undefined));
    expect(await rowsFor('twice')).toEqual([0, 2]);
    const inbox = await consumerDb.query<{ n: string }>(`SELECT count(*) AS n FROM messaging.inbox WHERE consumer = 'readside-5' AND message_id = $1`, [id]);
    expect(inbox.rows[0].n).toBe('1');
  });
});
