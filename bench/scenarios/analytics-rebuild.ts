import type { KafkaMessage } from 'kafkajs';
import { Database, EVENT_STORE_MIGRATIONS, runWrites } from '@tandem/event-store';
import { ContractRegistry, replayTopics, type ReceivedEvent } from '@tandem/messaging';
import { inSequence, integrationBatchWrites, integrationHandlers } from '@tandem/platform';
import { FeedbackSubmitted, SESSION_TRACKING_CONTRACTS, SessionCompleted, TrainingHoursCredited } from '@tandem/session-tracking-contracts';
import { createTestDataSource } from '@tandem/testing';
import { analyticsService } from '../../apps/analytics/src/analytics.module';
import { ANALYTICS_INTEGRATION_PROJECTIONS } from '../../apps/analytics/src/projections';
import { DataGenerator } from '../generator';
import { commandCpu, commandCpuSince } from '../lib/cpu';
import { comparePairs, DIAGNOSTIC_PAIRS, type Scenario } from '../lib/harness';
import { benchKafka, deleteTopics } from '../lib/infra';
import { median, now } from '../lib/stats';

const TENANT = 'bench';
const GOAL_EVENTS_PER_SECOND = 50_000;

/**
 * Analytics rebuilt from the public streams (issue 16): N session-tracking events on one topic (each confirmed session
 * brings its SessionCompleted, one FeedbackSubmitted and the two sides' TrainingHoursCredited) of 20 programs,
 * replayed into every analytics read model from offset 0 in one transaction. Ours: the rebuild command's own path,
 * `replayTopics` (CloudEvents parsing, schema validation, the inbox rows) with analytics' declared projections, whose
 * insert-only writes take a fetched batch's events, with their inbox rows, in one statement. Baseline: a raw kafkajs
 * `eachBatch` applying the same projection functions to the parsed payloads, grouped the same way, in one transaction
 * — the same writes, without validation or inbox. Goals: ≥ 50k events/s and the ratio.
 */
export const analyticsRebuildScenario: Scenario = {
  id: 'analytics-rebuild',
  title: 'Analytics: rebuild from the topics vs raw eachBatch',
  async run(ctx) {
    const n = ctx.quick ? 100_000 : 1_000_000;
    const { dataSource, close } = await createTestDataSource('bench_analytics_rebuild', [...EVENT_STORE_MIGRATIONS, ...analyticsService.migrations]);
    const db = new Database(dataSource);
    const k = benchKafka('bench-analytics-rebuild');
    const topics: string[] = [];
    try {
      const [topic] = await k.topics(SessionCompleted.topic);
      topics.push(topic);
      await produce(ctx, k, topic, n);

      const projections = ANALYTICS_INTEGRATION_PROJECTIONS;
      const handlers = new Map([...integrationHandlers(projections)].map(([type, all]) => [type, inSequence(all)]));
      const batchWrites = integrationBatchWrites(projections);
      const tables = [...new Set(projections.flatMap((p) => p.tables))];
      const registry = new ContractRegistry(SESSION_TRACKING_CONTRACTS);
      let run = 0;

      const ours = async () => {
        const started = now();
        const result = await replayTopics(k.kafka, db, registry, { consumer: `bench-analytics-${run++}`, topics: [topic], handlers, batchWrites, tables });
        const applied = Object.values(result.applied).reduce((a, b) => a + b, 0);
        if (applied !== n) throw new Error(`replay applied ${applied} of ${n} events`);
        return { ops: n, seconds: (now() - started) / 1000 };
      };

      /** Every message on the topic from offset 0 through a raw kafkajs `eachBatch`, each fetched batch handed to `each`. */
      const readAll = async (each: (messages: KafkaMessage[]) => Promise<void>) => {
        const consumer = k.kafka.consumer({ groupId: `bench-raw-${run++}`, allowAutoTopicCreation: false });
        let done = 0;
        await consumer.connect();
        try {
          await consumer.subscribe({ topics: [topic], fromBeginning: true });
          await new Promise<void>((resolve, reject) => {
            consumer
              .run({
                autoCommit: false,
                eachBatch: async ({ batch }) => {
                  try {
                    await each(batch.messages);
                    done += batch.messages.length;
                    if (done >= n) resolve();
                  } catch (error) {
                    reject(error);
                  }
                },
              })
              .catch(reject);
          });
        } finally {
          await consumer.disconnect();
        }
      };

      /** The same projection functions over the parsed payloads, grouped as the replay groups them, one transaction, no validation, no inbox. */
      const baseline = async () => {
        const started = now();
        await db.transaction(async (tx) => {
          for (const table of tables) await tx.query(`DELETE FROM ${table}`);
          await readAll(async (messages) => {
            // The same writes as the replay: a batch's events of insert-only types in one statement.
            const grouped = new Map<string, ReceivedEvent[]>();
            const flush = async () => {
              if (grouped.size > 0) await runWrites(tx, [...grouped].flatMap(([type, events]) => batchWrites.get(type)!(events)));
              grouped.clear();
            };
            for (const message of messages) {
              const event = rawEvent(message);
              if (batchWrites.has(event.type)) {
                if (!grouped.has(event.type)) grouped.set(event.type, []);
                grouped.get(event.type)!.push(event);
              } else {
                await flush();
                await handlers.get(event.type)!(event, tx);
              }
            }
            await flush();
          });
        });
        return { ops: n, seconds: (now() - started) / 1000 };
      };

      /** kafkajs alone: the raw `eachBatch` that only takes the messages — what the library costs before any work. */
      const kafkajsAlone = async () => {
        const started = now();
        await readAll(async () => undefined);
        return { ops: n, seconds: (now() - started) / 1000 };
      };

      // Where the time goes: the CPU each side's run costs per event, in this process (kafkajs, parsing, the
      // statements) and in PostgreSQL (every backend and its writers) — at 50k events/s the two cores give 40 µs.
      const cpu: Record<'ours' | 'baseline' | 'kafkajs', { node: number; postgres: number }[]> = { ours: [], baseline: [], kafkajs: [] };
      const metered = (side: keyof typeof cpu, measure: () => Promise<{ ops: number; seconds: number }>) => async () => {
        const node = process.cpuUsage();
        const postgres = commandCpu('postgres');
        const result = await measure();
        const used = process.cpuUsage(node);
        cpu[side].push({ node: (used.user + used.system) / result.ops, postgres: (commandCpuSince('postgres', postgres) * 1e6) / result.ops });
        return result;
      };
      const perEvent = (side: keyof typeof cpu) =>
        `Node ${median(cpu[side].map((c) => c.node)).toFixed(1)} µs + PostgreSQL ${median(cpu[side].map((c) => c.postgres)).toFixed(1)} µs`;

      // Every run starts from the same state, as a rebuild in service does (autovacuum has been by since the last
      // one): the previous run's rows still there to be replaced, its dead rows vacuumed, no inbox rows of the
      // consumers of earlier runs (each of ours' runs is a new consumer, whose inbox rows it writes).
      const reset = async () => {
        await db.query(`DELETE FROM messaging.inbox`);
        await db.query(`VACUUM ${[...tables, 'messaging.inbox'].join(', ')}`);
      };

      const row = await comparePairs(ctx, {
        id: 'analytics-rebuild',
        scenario: `analytics rebuilt from the topics, ${n.toLocaleString('en')} events`,
        unit: 'events/s',
        goal: `≥ ${GOAL_EVENTS_PER_SECOND / 1000}k events/s (and the ratio)`,
        pairs: 5,
        reset,
        baseline: metered('baseline', baseline),
        ours: metered('ours', ours),
      });
      row.met = (row.ours ?? 0) >= GOAL_EVENTS_PER_SECOND;
      row.notes.push(`${n / 4} confirmed sessions × (SessionCompleted, FeedbackSubmitted, 2 × TrainingHoursCredited) of 20 programs on 3 partitions`);
      row.notes.push(`CPU per event (median of the runs): ours ${perEvent('ours')}, baseline ${perEvent('baseline')}`);
      if (ctx.diagnose) {
        // kafkajs alone, measured on its own (its figures are the ceiling, not a comparison: no pairs, so the
        // baseline is not run again).
        const alone: number[] = [];
        for (let i = 0; i < DIAGNOSTIC_PAIRS; i++) {
          const { ops, seconds } = await metered('kafkajs', kafkajsAlone)();
          alone.push(ops / seconds);
        }
        row.notes.push(`diagnostic, kafkajs alone (a raw eachBatch that only takes the messages, ${DIAGNOSTIC_PAIRS} runs): median ${Math.round(median(alone)).toLocaleString('en')} events/s, CPU per event ${perEvent('kafkajs')}`);
      }
      return [row];
    } finally {
      await deleteTopics(k.kafka, topics);
      await close();
    }
  },
};

/** A message as the raw baseline sees it: the type from its header, the payload parsed, nothing checked. */
function rawEvent(message: KafkaMessage): ReceivedEvent {
  const header = (name: string) => message.headers![name]!.toString();
  return { id: header('ce_id'), type: header('ce_type'), payload: JSON.parse(message.value!.toString()) } as ReceivedEvent;
}

/** n events, four per confirmed session, as session tracking's relay publishes them (keyed by pairing). */
async function produce(ctx: Parameters<Scenario['run']>[0], k: ReturnType<typeof benchKafka>, topic: string, n: number) {
  const gen = new DataGenerator({ seed: ctx.seed + 16 });
  const registry = new ContractRegistry(SESSION_TRACKING_CONTRACTS);
  const programs = Array.from({ length: 20 }, () => gen.uuid());
  const base = Date.parse('2026-01-05T09:00:00.000Z');
  const producer = k.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < n / 4; i += 500) {
      const messages = [];
      for (let j = i; j < Math.min(i + 500, n / 4); j++) {
        const at = new Date(base + j * 60_000).toISOString();
        const pair = { tenantId: TENANT, programId: programs[j % programs.length], pairingId: gen.uuid() };
        const sessionId = gen.uuid();
        const month = at.slice(0, 7);
        const events = [
          registry.toOutboxMessage(k.settings, SessionCompleted, { ...SessionCompleted.example, ...pair, sessionId, occurredAt: at, confirmedAt: at, minutes: 45 }, meta(gen, at)),
          registry.toOutboxMessage(k.settings, FeedbackSubmitted, { ...FeedbackSubmitted.example, ...pair, sessionId, rating: 1 + (j % 5), submittedAt: at }, meta(gen, at)),
          ...(['mentor', 'mentee'] as const).map((role) =>
            registry.toOutboxMessage(k.settings, TrainingHoursCredited, { ...TrainingHoursCredited.example, ...pair, sessionId, entryId: gen.uuid(), userId: `${role}-${j % 5000}`, role, occurredAt: at, month, sessionMinutes: 45, minutes: 45, capped: false, creditedAt: at }, meta(gen, at)),
          ),
        ];
        messages.push(...events.map((m) => ({ key: m.key, value: m.payload, headers: m.headers })));
      }
      await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
      if ((i / 500) % 100 === 0) ctx.log(`[analytics-rebuild] produced ${i * 4}/${n} events`);
    }
  } finally {
    await producer.disconnect();
  }
  ctx.log(`[analytics-rebuild] produced ${n} events to ${topic}`);
}

const meta = (gen: DataGenerator, at: string) => ({ messageId: gen.uuid(), time: new Date(at), correlationId: gen.uuid(), causationId: gen.uuid() });

