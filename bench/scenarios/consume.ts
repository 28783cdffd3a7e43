import { cloudEventType } from '@tandem/kernel';
import { ProgramCreated, type ProgramCreatedV1 } from '@tandem/enrollment-contracts';
import type { SqlExecutor } from '@tandem/event-store';
import { IntegrationEventConsumer } from '@tandem/messaging';
import type { KafkaMessage } from 'kafkajs';
import { DataGenerator } from '../generator';
import { comparePairs, DIAGNOSTIC_PAIRS, type Scenario } from '../lib/harness';
import { benchKafka, benchLogger, deleteTopics, freshEventStoreDatabase } from '../lib/infra';
import { programCreatedMessages, registry } from '../lib/messages';
import { now, sleep, waitFor } from '../lib/stats';

const READ_MODEL_DDL = `
  CREATE SCHEMA IF NOT EXISTS bench_read;
  CREATE TABLE bench_read.programs (
    tenant_id          text        NOT NULL,
    program_id         text        NOT NULL,
    name               text        NOT NULL,
    status             text        NOT NULL,
    lifecycle_kind     text        NOT NULL,
    starts_on          date,
    ends_on            date,
    max_pairs          integer,
    sessions_per_month numeric     NOT NULL,
    session_minutes    integer     NOT NULL,
    objectives         jsonb       NOT NULL,
    sponsor_name       text,
    created_at         timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, program_id)
  )`;

/** The same read-model write for both sides (what analytics' ProgramCreated projector stores). */
function insertProgram(db: SqlExecutor, p: ProgramCreatedV1) {
  const cohort = p.lifecycle.kind === 'cohort' ? p.lifecycle : null;
  return db.query(
    `INSERT INTO bench_read.programs (tenant_id, program_id, name, status, lifecycle_kind, starts_on, ends_on, max_pairs,
       sessions_per_month, session_minutes, objectives, sponsor_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, p.name, p.status, p.lifecycle.kind, cohort?.startsOn ?? null, cohort?.endsOn ?? null, p.capacity.maxPairs,
      p.expectations.sessionsPerMonth, p.expectations.sessionMinutes, JSON.stringify(p.objectives), p.sponsor?.name ?? null, p.createdAt],
  );
}

/**
 * Consume into a read model. N ProgramCreated messages are produced to a fresh topic once; every run reads all
 * of them with a fresh consumer group. Ours: IntegrationEventConsumer (parse + schema validation, then one
 * transaction per message: inbox row + the INSERT; offsets committed after). Baseline: kafkajs `eachBatch`
 * doing the same INSERT (autocommit, no inbox). Rate is timed from the first message handled to the last row
 * committed, so group joins (equal for both) are left out.
 */
export const consumeScenario: Scenario = {
  id: 'consume',
  title: 'Consume into a read model',
  async run(ctx) {
    const bench = await freshEventStoreDatabase('consume');
    const k = benchKafka('bench-consume');
    const topics: string[] = [];
    try {
      const { db } = bench;
      await db.query(READ_MODEL_DDL);
      const n = ctx.quick ? 2000 : 4000;
      const [topic, dlq] = await k.topics('mentoring.enrollment.v1', 'mentoring.dlq.bench');
      topics.push(topic, dlq);
      const gen = new DataGenerator({ seed: ctx.seed + 5 });
      const messages = programCreatedMessages(gen, k.settings, n);
      const producer = k.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      for (let i = 0; i < n; i += 500) {
        await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages: messages.slice(i, i + 500).map((m) => ({ key: m.key, value: m.payload, headers: m.headers })) }] });
      }
      await producer.disconnect();
      ctx.log(`[consume] produced ${n} ProgramCreated messages to ${topic}`);

      const type = cloudEventType(ProgramCreated);
      const rowCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_read.programs')).rows[0].n;
      let group = 0;

      const ours = async () => {
        let first = 0;
        const seen = new Set<string>();
        const consumer = new IntegrationEventConsumer(db, k.kafka, registry, benchLogger, {
          name: `bench-ours-${group++}`,
          topics: [topic],
          dlqTopic: dlq,
          handlers: new Map([
            [type, async (event, tx) => {
              if (!first) first = now();
              await insertProgram(tx, event.payload as ProgramCreatedV1);
              seen.add(event.id);
            }],
          ]),
        });
        await consumer.start();
        try {
          await waitFor('ours to handle every message', () => seen.size >= n, 300_000, 2);
          await waitFor('the last transaction to commit', async () => (await rowCount()) >= n, 10_000, 1);
          return { ops: n, seconds: (now() - first) / 1000 };
        } finally {
          await consumer.stop();
        }
      };

      type BatchWork = (messages: KafkaMessage[], partition: number) => Promise<void>;
      /** A raw kafkajs consumer (same settings as ours) running `work` over each batch's messages. */
      const rawConsumer = async (work: BatchWork, count: () => number, markFirst: () => void) => {
        const consumer = k.kafka.consumer({
          groupId: `bench-raw-${group++}`,
          maxWaitTimeInMs: 100,
          sessionTimeout: 10_000,
          heartbeatInterval: 1_000,
          allowAutoTopicCreation: false,
        });
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          autoCommitInterval: 1000,
          eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
            if (!isRunning() || isStale()) return;
            markFirst();
            await work(batch.messages, batch.partition);
            for (const message of batch.messages) resolveOffset(message.offset);
            await heartbeat();
          },
        });
        try {
          await waitFor('the raw consumer to finish every message', () => count() >= n, 300_000, 2);
        } finally {
          await consumer.disconnect();
        }
      };
      const timed = async (work: (done: (k: number) => void) => BatchWork) => {
        let first = 0;
        let done = 0;
        await rawConsumer(work((k) => (done += k)), () => done, () => {
          if (!first) first = now();
        });
        return { ops: n, seconds: (now() - first) / 1000 };
      };

      // The baseline: the same INSERT per message, autocommit, no inbox.
      const baseline = () =>
        timed((done) => async (messages) => {
          for (const message of messages) {
            await insertProgram(db, JSON.parse(message.value!.toString()));
            done(1);
          }
        });

      const inboxSql = `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type)
                        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`;
      // DIAGNOSTIC: ours' unit of work in raw pg — per message BEGIN, inbox row, INSERT, COMMIT (no TypeORM, no schema validation).
      const rawTxInbox = () =>
        timed((done) => async (messages, partition) => {
          for (const message of messages) {
            const client = await db.pool.connect();
            try {
              await client.query('BEGIN');
              const id = message.headers!.ce_id!.toString();
              const fresh = await client.query(inboxSql, [`raw-${group}`, id, topic, partition, message.offset, type]);
              if (fresh.rows.length) await insertProgram(client as unknown as SqlExecutor, JSON.parse(message.value!.toString()));
              await client.query('COMMIT');
            } finally {
              client.release();
            }
            done(1);
          }
        });
      // DIAGNOSTIC: one transaction per Kafka batch (≤ 100 messages): multi-row inbox insert, the INSERTs, one COMMIT.
      const rawBatchTx = () =>
        timed((done) => async (messages, partition) => {
          for (let i = 0; i < messages.length; i += 100) {
            const chunk = messages.slice(i, i + 100);
            const client = await db.pool.connect();
            try {
              await client.query('BEGIN');
              const { rows: fresh } = await client.query<{ message_id: string }>(
                `INSERT INTO messaging.inbox (consumer, message_id, topic, kafka_partition, kafka_offset, event_type)
                 SELECT $1, m.id, $2, $3, m.off, $4 FROM unnest($5::uuid[], $6::bigint[]) AS m(id, off)
                 ON CONFLICT DO NOTHING RETURNING message_id::text`,
                [`raw-${group}`, topic, partition, type, chunk.map((m) => m.headers!.ce_id!.toString()), chunk.map((m) => m.offset)],
              );
              const freshIds = new Set(fresh.map((r) => r.message_id));
              for (const m of chunk) {
                if (freshIds.has(m.headers!.ce_id!.toString())) await insertProgram(client as unknown as SqlExecutor, JSON.parse(m.value!.toString()));
              }
              await client.query('COMMIT');
            } finally {
              client.release();
            }
            done(chunk.length);
          }
        });

      const row = await comparePairs(ctx, {
        id: 'consume',
        scenario: 'consume into a read model',
        unit: 'msg/s',
        goal: '≥ 0.9×',
        minRatio: 0.9,
        reset: async () => {
          await db.query('TRUNCATE bench_read.programs, messaging.inbox');
          await sleep(50);
        },
        baseline: () => baseline(),
        ours: () => ours(),
      });
      row.notes.push(`${n} messages per run on 3 partitions, one consumer; timed from first message to last row committed`);
      const rows = [row];
      if (ctx.diagnose) {
        for (const [id, scenario, variant] of [
          ['diag-consume-raw-tx-inbox', 'diagnostic: raw pg, per message BEGIN + inbox + INSERT + COMMIT', rawTxInbox],
          ['diag-consume-batch-tx', 'diagnostic: raw pg, one transaction per Kafka batch (≤100): inbox rows + INSERTs', rawBatchTx],
        ] as const) {
          rows.push(
            await comparePairs(ctx, {
              id, scenario, unit: 'msg/s', goal: '—',
        pairs: DIAGNOSTIC_PAIRS,
              reset: async () => {
                await db.query('TRUNCATE bench_read.programs, messaging.inbox');
                await sleep(50);
              },
              baseline: () => baseline(),
              ours: () => variant(),
            }),
          );
        }
      }
      return rows;
    } finally {
      await deleteTopics(k.kafka, topics);
      await bench.close();
    }
  },
};
