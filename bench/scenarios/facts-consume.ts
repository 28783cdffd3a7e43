import type { QueryRunner } from 'typeorm';
import type { KafkaMessage } from 'kafkajs';
import { cloudEventType } from '@tandem/kernel';
import { EventStore, Projections, type Transaction } from '@tandem/event-store';
import { ContractRegistry, IntegrationEventConsumer } from '@tandem/messaging';
import { causedOutboxMessage, type Clock, type MessagingRuntime } from '@tandem/platform';
import { RECOGNITION_CONTRACTS } from '@tandem/recognition-contracts';
import { SessionCompleted, type SessionCompletedV1 } from '@tandem/session-tracking-contracts';
import { ActivitySubscribers } from '../../apps/recognition/src/activity/activity.subscriber';
import { AwardWriter } from '../../apps/recognition/src/awards/awards.commands';
import { BadgeRules } from '../../apps/recognition/src/badge-rules/badge-rules.commands';
import { programBadgeRules } from '../../apps/recognition/src/badge-rules/badge-rules.queries';
import { recordFacts } from '../../apps/recognition/src/facts/facts.projection';
import { BadgeDefinitions1763700000300 } from '../../apps/recognition/src/migrations/1763700000300-badge-definitions';
import { Programs1763700000310 } from '../../apps/recognition/src/migrations/1763700000310-programs';
import { Awards1763700000320 } from '../../apps/recognition/src/migrations/1763700000320-awards';
import { FactsByKind1763700000330 } from '../../apps/recognition/src/migrations/1763700000330-facts-by-kind';
import { AwardOnFactsChanged } from '../../apps/recognition/src/policies/award-on-facts.policy';
import { RECOGNITION_PROJECTIONS } from '../../apps/recognition/src/projections';
import { DataGenerator } from '../generator';
import { comparePairs, DIAGNOSTIC_PAIRS, type Scenario } from '../lib/harness';
import { benchKafka, benchLogger, deleteTopics, freshEventStoreDatabase } from '../lib/infra';
import { now, sleep, waitFor } from '../lib/stats';

const TENANT = 'bench';
const NOW = '2026-11-02T10:00:00.000Z';

/**
 * Recognition's facts consumption: N `SessionCompleted` messages (2 facts each: the mentor's and the mentee's) of
 * one program, consumed with a fresh group every run. Ours: recognition's own path — `IntegrationEventConsumer`
 * (parse, schema validation, inbox row, up to 100 messages per transaction) into its `SessionCompleted` fact subscriber
 * (the facts INSERT, then the award policy). Baseline: a raw kafkajs `eachBatch` doing the same SQL per message
 * (the same facts INSERT and the same policy) in one transaction per ≤ 100 messages, without inbox, envelope parsing
 * or schema validation. The program's
 * badges are not known yet in the main row (the policy only looks them up), as when session tracking's events arrive
 * before enrollment's; the diagnostic row gives the program its three default badges, so both sides also evaluate
 * and award. Timed from the first message handled to the last row committed.
 */
export const factsConsumeScenario: Scenario = {
  id: 'facts-consume',
  title: 'Recognition: facts consumption vs raw eachBatch',
  async run(ctx) {
    const bench = await freshEventStoreDatabase('facts_consume');
    const k = benchKafka('bench-facts-consume');
    const topics: string[] = [];
    try {
      const { db } = bench;
      const runner = { query: (sql: string) => db.query(sql) } as unknown as QueryRunner;
      for (const m of [new BadgeDefinitions1763700000300(), new Programs1763700000310(), new Awards1763700000320(), new FactsByKind1763700000330()]) await m.up(runner);
      const n = ctx.quick ? 2000 : 4000;
      const [topic, dlq] = await k.topics(SessionCompleted.topic, 'mentoring.dlq.bench');
      topics.push(topic, dlq);

      const gen = new DataGenerator({ seed: ctx.seed + 12 });
      const programId = gen.uuid();
      const registry = new ContractRegistry([SessionCompleted, ...RECOGNITION_CONTRACTS]);
      const mentors = Array.from({ length: 100 }, () => gen.uuid());
      const base = Date.parse('2026-01-05T09:00:00.000Z');
      const messages = Array.from({ length: n }, (_, i) => {
        const occurredAt = new Date(base + i * 3_600_000).toISOString();
        const payload: SessionCompletedV1 = {
          tenantId: TENANT, programId, pairingId: gen.uuid(), mentorUserId: mentors[i % mentors.length], menteeUserId: `mentee-${i % 300}`,
          sessionId: gen.uuid(), occurredAt, minutes: 45, format: 'video', logged: false, reportedByRole: 'mentor', confirmedAt: occurredAt,
        };
        return registry.toOutboxMessage(k.settings, SessionCompleted, payload, { messageId: gen.uuid(), time: new Date(occurredAt), correlationId: gen.uuid(), causationId: gen.uuid() });
      });
      const producer = k.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      for (let i = 0; i < n; i += 500) {
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(i, i + 500).map((m) => ({ key: m.key, value: m.payload, headers: m.headers })) }] });
      }
      await producer.disconnect();
      ctx.log(`[facts-consume] produced ${n} SessionCompleted messages to ${topic}`);

      // Recognition's own objects, as its module wires them (outbox rows built as MessagingRuntime builds them).
      const store = new EventStore(db, new Projections(RECOGNITION_PROJECTIONS));
      const messaging = {
        outboxMessage: (contract, payload, cause) => causedOutboxMessage(registry, k.settings, contract, payload, cause),
      } as Pick<MessagingRuntime, 'outboxMessage'> as MessagingRuntime;
      const clock: Clock = { now: () => new Date(NOW) };
      const awards = new AwardWriter(store, messaging);
      const policy = new AwardOnFactsChanged(awards);
      const FactsFromSessionCompleted = ActivitySubscribers.find((s) => s.name === 'FactsFromSessionCompleted')!;
      const subscriber = new FactsFromSessionCompleted(policy, clock);
      const type = cloudEventType(SessionCompleted);
      const factRows = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM recognition.facts')).rows[0].n;
      let group = 0;

      const ours = async () => {
        let first = 0;
        let handled = 0;
        const consumer = new IntegrationEventConsumer(db, k.kafka, registry, benchLogger, {
          name: `bench-ours-${group++}`,
          topics: [topic],
          dlqTopic: dlq,
          handlers: new Map([
            [type, async (event, tx) => {
              if (!first) first = now();
              await subscriber.handle(event, tx);
              handled++;
            }],
          ]),
        });
        await consumer.start();
        try {
          await waitFor('ours to handle every message', () => handled >= n, 300_000, 2);
          await waitFor('the last transaction to commit', async () => (await factRows()) >= 2 * n, 10_000, 1);
          return { ops: n, seconds: (now() - first) / 1000 };
        } finally {
          await consumer.stop();
        }
      };

      /**
       * The same statements per message as ours' subscriber and policy: the facts INSERT, then the policy itself (the
       * badge lookup; when the program has badges, each person's facts and awards, and the awards' appends).
       */
      const sameSql = async (tx: Transaction, message: KafkaMessage) => {
        const p = JSON.parse(message.value!.toString()) as SessionCompletedV1;
        const eventId = message.headers!.ce_id!.toString();
        const session = { tenantId: p.tenantId, programId: p.programId, eventId, kind: 'session' as const, occurredAt: p.occurredAt, value: 1, ref: p.sessionId };
        const people = await recordFacts(tx, [
          { ...session, personId: p.mentorUserId, role: 'mentor', counterpart: p.menteeUserId },
          { ...session, personId: p.menteeUserId, role: 'mentee', counterpart: p.mentorUserId },
        ]);
        const context = { tenantId: p.tenantId, actor: { id: 'system:recognition' }, correlationId: eventId, causationId: eventId, idempotencyKey: eventId };
        await policy.apply(tx, context, { programId: p.programId, personIds: people, correctedEventIds: [], at: NOW });
      };
      /** A raw kafkajs `eachBatch`: the same SQL, one transaction per ≤ 100 messages (as ours), no inbox, no parsing of the envelope, no validation. */
      const INBOX_ROWS = `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type)
        SELECT $1, m.id, $2, $3, m.off, $4 FROM unnest($5::uuid[], $6::bigint[]) AS m(id, off) ON CONFLICT DO NOTHING`;
      /** `withInbox`: DIAGNOSTIC — the baseline also writes the chunk's inbox rows (ours' one extra statement). */
      const baseline = async (withInbox = false) => {
        let first = 0;
        let done = 0;
        const consumer = k.kafka.consumer({ groupId: `bench-raw-${group++}`, maxWaitTimeInMs: 100, sessionTimeout: 10_000, heartbeatInterval: 1_000, allowAutoTopicCreation: false });
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          autoCommitInterval: 1000,
          eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
            if (!isRunning() || isStale()) return;
            if (!first) first = now();
            for (let i = 0; i < batch.messages.length; i += 100) {
              const chunk = batch.messages.slice(i, i + 100);
              await db.transaction(async (tx) => {
                if (withInbox) {
                  await tx.query(INBOX_ROWS, [`raw-${group}`, topic, batch.partition, type, chunk.map((m) => m.headers!.ce_id!.toString()), chunk.map((m) => m.offset)]);
                }
                for (const message of chunk) await sameSql(tx, message);
              });
              for (const message of chunk) resolveOffset(message.offset);
              done += chunk.length;
              await heartbeat();
            }
          },
        });
        try {
          await waitFor('the raw consumer to finish every message', () => done >= n, 300_000, 2);
        } finally {
          await consumer.disconnect();
        }
        return { ops: n, seconds: (now() - first) / 1000 };
      };

      const reset = async () => {
        await db.query(`TRUNCATE recognition.facts, recognition.awards, messaging.inbox, messaging.outbox`);
        await db.query(`DELETE FROM event_store.events WHERE stream_id LIKE 'Award-%'`);
        await sleep(50);
      };
      const row = await comparePairs(ctx, {
        id: 'facts-consume',
        scenario: 'recognition facts consumption (SessionCompleted)',
        unit: 'msg/s',
        goal: '≥ 0.9×',
        minRatio: 0.9,
        reset,
        baseline: () => baseline(),
        ours: () => ours(),
      });
      row.notes.push(`${n} SessionCompleted messages (${2 * n} facts) per run on 3 partitions, one consumer; the program's badges not known yet`);
      const rows = [row];
      if (ctx.diagnose) {
        rows.push(
          await comparePairs(ctx, {
            id: 'diag-facts-consume-inbox',
            scenario: 'diagnostic: the baseline also writes the inbox rows of each chunk (one statement)',
            unit: 'msg/s',
            goal: '—',
            pairs: DIAGNOSTIC_PAIRS,
            reset,
            baseline: () => baseline(true),
            ours: () => ours(),
          }),
        );
        const context = { tenantId: TENANT, actor: { id: 'system:recognition' }, correlationId: 'bench' };
        await db.transaction((tx) => new BadgeRules(store, messaging, awards).setUpDefaults(tx, programId, NOW, context));
        const badges = await programBadgeRules(db, TENANT, programId, true);
        const awarding = await comparePairs(ctx, {
          id: 'diag-facts-consume-awarding',
          scenario: `diagnostic: both with the program's ${badges.length} default badges (evaluated, awarded)`,
          unit: 'msg/s',
          goal: '—',
          pairs: DIAGNOSTIC_PAIRS,
          reset,
          baseline: () => baseline(),
          ours: () => ours(),
        });
        const { rows: awarded } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM recognition.awards`);
        awarding.notes.push(`awards after the last run: ${awarded[0].n}`);
        rows.push(awarding);
      }
      return rows;
    } finally {
      await deleteTopics(k.kafka, topics);
      await bench.close();
    }
  },
};
