import { randomUUID } from 'node:crypto';
import { createKafka } from '@tandem/messaging';
import { testInfra, uniqueSuffix } from '@tandem/testing';
import { Client } from 'pg';
import { SERVICES, startSuite, type Suite } from '../../apps/suite-e2e/src/support/suite';
import { DataGenerator } from '../generator';
import type { BenchContext, ResultRow, Scenario } from '../lib/harness';
import { HttpClient, type HttpResult } from '../lib/http-client';
import { benchLogger, deleteSuiteTopics, waitForSuiteQuiet } from '../lib/infra';
import { k8sMemoryLimitMiB, RssSampler, type MemoryPeak } from '../lib/memory';
import { fmtNumber, fmtPercentiles, fmtRate, LatencyRecorder, now, sleep, type Percentiles } from '../lib/stats';
import { assertBuilt } from './http';

const CHANNEL = 'bench_program_arrived';
/** The fractions of the measured capacity the end-to-end latency is measured at; the goal is judged at 0.5. */
const DEFAULT_FRACTIONS = [0.25, 0.5, 0.75];
const GOAL_FRACTION = 0.5;
const GOAL_P99_MS = 250;

interface Settings {
  /** Closed-loop capacity measurement: requests in flight, warm-up and measured seconds. */
  capacity: { inFlight: number; warmupSeconds: number; seconds: number };
  /** Open-loop phases: a fraction of the capacity each, or one fixed rate (BENCH_LATENCY_RATE). */
  phases: { fraction?: number; fixedRate?: number }[];
  warmupSeconds: number;
  seconds: number;
  /** The measured part of a phase lasts `seconds`, or longer until it has sent this many commands. */
  minCommands: number;
  /** Idle time after a phase's commands have all arrived, before the next phase starts. */
  pauseSeconds: number;
}

function settingsOf(ctx: BenchContext): Settings {
  const env = process.env;
  const number = (name: string, fallback: number) => {
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got ${env[name]})`);
    return value;
  };
  const fractions = env.BENCH_LATENCY_FRACTIONS
    ? env.BENCH_LATENCY_FRACTIONS.split(',').map((f) => Number(f.trim()))
    : DEFAULT_FRACTIONS;
  if (fractions.some((f) => !Number.isFinite(f) || f <= 0 || f > 2)) throw new Error(`BENCH_LATENCY_FRACTIONS must be numbers in (0, 2], e.g. 0.25,0.5,0.75`);
  return {
    capacity: {
      inFlight: number('BENCH_LATENCY_IN_FLIGHT', 32),
      warmupSeconds: ctx.quick ? 2 : 5,
      seconds: number('BENCH_LATENCY_CAPACITY_SECONDS', ctx.quick ? 5 : 20),
    },
    phases: env.BENCH_LATENCY_RATE ? [{ fixedRate: number('BENCH_LATENCY_RATE', 200) }] : fractions.map((fraction) => ({ fraction })),
    warmupSeconds: ctx.quick ? 2 : 5,
    seconds: number('BENCH_LATENCY_SECONDS', ctx.quick ? 5 : 30),
    // Enough commands for a p99 to mean something at a low rate (a slow machine), unless the duration is given.
    minCommands: env.BENCH_LATENCY_SECONDS ? 1 : ctx.quick ? 60 : 300,
    pauseSeconds: ctx.quick ? 1 : 3,
  };
}

interface FixedRatePhase {
  label: string;
  /** The fraction of the capacity, or undefined for a fixed rate. */
  fraction?: number;
  rate: number;
  seconds: number;
  achievedRate: number;
  sendLagMs: number;
  failures: number;
  missing: number;
  /** programId → when its command was due and when its POST answered. */
  due: Map<string, { at: number; responded: number }>;
  started: number;
  post?: Percentiles;
}

/**
 * Command → analytics read model, through the whole suite over real Kafka, relative to capacity, in one run of
 * one started suite:
 *
 * 1. capacity: POST /programs on enrollment (RUN_MODE=all: its relay and the other three services run too) in a
 *    closed loop with 32 requests in flight, after a warm-up — the HTTP command capacity of this suite on this
 *    machine, in requests/s;
 * 2. then open loop at a fixed rate of 25 %, 50 % and 75 % of that capacity (BENCH_LATENCY_FRACTIONS), each with
 *    its own unrecorded warm-up, and a pause once everything sent has arrived before the next phase. Latency counts
 *    from the moment a command was due (so a slow server cannot hide queueing); arrival is the commit of the
 *    `analytics.programs` row, reported by a trigger with NOTIFY to a LISTEN connection (the trigger is added to the
 *    suite's throwaway analytics database only).
 *
 * BENCH_LATENCY_RATE=200 instead runs one phase at that fixed rate (as runs before the capacity-relative goal did;
 * the capacity is still measured and named in the notes). Every request carries a fresh Idempotency-Key, as a
 * client that retries safely does. Each service's RSS is sampled every 250 ms; the memory row gives the peaks during
 * the fixed-rate phases against the Kubernetes memory limit in k8s/.
 */
export const latencyScenario: Scenario = {
  id: 'latency',
  title: 'Command → analytics read model latency, relative to the measured capacity',
  async run(ctx) {
    assertBuilt();
    const settings = settingsOf(ctx);
    let suite: Suite | undefined;
    let listener: Client | undefined;
    let client: HttpClient | undefined;
    let sampler: RssSampler | undefined;
    try {
      ctx.log('[latency] starting the suite (all four services, RUN_MODE=all)');
      suite = await startSuite();
      const started = suite;
      sampler = new RssSampler(SERVICES.map((name) => ({ name, pid: () => started.services[name].pid, metricsUrl: `${started.services[name].url}/metrics` })));
      sampler.start();
      listener = new Client({ connectionString: suite.databases.analytics.url });
      await listener.connect();
      await listener.query(`
        CREATE OR REPLACE FUNCTION public.bench_program_arrived() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify('${CHANNEL}', NEW.program_id); RETURN NEW; END $$`);
      await listener.query(`CREATE TRIGGER bench_program_arrived AFTER INSERT ON analytics.programs
        FOR EACH ROW EXECUTE FUNCTION public.bench_program_arrived()`);
      const arrivals = new Map<string, number>();
      listener.on('notification', (msg) => {
        if (msg.channel === CHANNEL && msg.payload) arrivals.set(msg.payload, now());
      });
      await listener.query(`LISTEN ${CHANNEL}`);

      const token = suite.token(['program-manager']);
      const gen = new DataGenerator({ seed: ctx.seed + 8 });
      const bodies = Array.from({ length: 500 }, (_, i) => JSON.stringify(gen.programRequest(undefined, i)));
      client = new HttpClient(suite.services.enrollment.url, 256);
      const http = client;
      let sent = 0;
      const post = (): Promise<HttpResult> =>
        http.post('/programs', bodies[sent++ % bodies.length], { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() });

      const waitForArrivals = async (ids: Iterable<string>, timeoutMs: number) => {
        const list = [...ids];
        const deadline = now() + timeoutMs;
        while (now() < deadline && list.some((id) => !arrivals.has(id))) await sleep(20);
        return list.filter((id) => !arrivals.has(id)).length;
      };
      /**
       * Waits for everything sent so far to reach the read model and for every consumer group of the suite (the
       * other services consume ProgramCreated too) to have caught up, then idles: the next phase starts on a quiet
       * pipeline.
       */
      const drain = async (label: string, ids: Iterable<string>) => {
        const t0 = now();
        const missing = await waitForArrivals(ids, 60_000);
        if (missing) ctx.log(`[latency] ${label}: ${missing} commands still not in the read model after 60 s; going on`);
        const lag = await waitForSuiteQuiet(started, Math.max(5_000, 60_000 - (now() - t0)));
        if (lag) ctx.log(`[latency] ${label}: the suite's consumer groups still lag by ${lag} messages; going on`);
        await sleep(settings.pauseSeconds * 1000);
        return { missing, lag, drainMs: now() - t0 };
      };

      /** Closed loop: `inFlight` workers, each sending its next command when the previous one answers. */
      const closedLoop = async (seconds: number, inFlight: number, latency?: LatencyRecorder) => {
        const ids: string[] = [];
        let failures = 0;
        let firstError = '';
        const t0 = now();
        const deadline = t0 + seconds * 1000;
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            while (now() < deadline) {
              const sentAt = now();
              try {
                const res = await post();
                if (res.status === 201) ids.push(JSON.parse(res.body).programId);
                else {
                  failures++;
                  firstError ||= `${res.status} ${res.body.slice(0, 300)}`;
                }
              } catch (error) {
                failures++;
                firstError ||= String(error);
              }
              latency?.recordMs(now() - sentAt);
              if (failures > 50 && failures > ids.length) throw new Error(`${failures} POST /programs failed, e.g. ${firstError}`);
            }
          }),
        );
        const elapsed = (now() - t0) / 1000;
        if (failures) ctx.log(`[latency] ${failures} POST /programs failed in the closed loop, e.g. ${firstError}`);
        return { ids, failures, seconds: elapsed, rate: ids.length / elapsed };
      };

      /** Open loop: fires `count` commands at `rate`/s; returns programId → due time, and POST latencies. */
      const fire = async (rate: number, count: number, postLatency?: LatencyRecorder) => {
        const due = new Map<string, { at: number; responded: number }>();
        const interval = 1000 / rate;
        const t0 = now();
        const pending: Promise<void>[] = [];
        let failures = 0;
        let firstError = '';
        for (let i = 0; i < count; i++) {
          const at = t0 + i * interval;
          const wait = at - now();
          if (wait > 0) await sleep(wait);
          pending.push(
            post().then(
              (res) => {
                const responded = now();
                postLatency?.recordMs(responded - at);
                if (res.status !== 201) {
                  failures++;
                  firstError ||= `${res.status} ${res.body.slice(0, 300)}`;
                  return;
                }
                due.set(JSON.parse(res.body).programId, { at, responded });
              },
              (error: unknown) => {
                failures++;
                firstError ||= String(error);
              },
            ),
          );
        }
        const lastDue = t0 + (count - 1) * interval;
        const sendLagMs = now() - lastDue;
        await Promise.all(pending);
        if (failures > count / 2) throw new Error(`${failures} of ${count} POST /programs failed, e.g. ${firstError}`);
        if (failures) ctx.log(`[latency] ${failures} of ${count} POST /programs failed, e.g. ${firstError}`);
        return { due, failures, achievedRate: count / ((lastDue - t0) / 1000 || 1), sendLagMs, started: t0 };
      };

      // 1. Capacity, closed loop.
      const { inFlight } = settings.capacity;
      sampler.record('capacity');
      ctx.log(`[latency] capacity: warm-up ${settings.capacity.warmupSeconds} s, then ${settings.capacity.seconds} s closed loop with ${inFlight} in flight`);
      const capacityWarm = await closedLoop(settings.capacity.warmupSeconds, inFlight);
      const capacityPost = new LatencyRecorder();
      const capacity = await closedLoop(settings.capacity.seconds, inFlight, capacityPost);
      ctx.log(`[latency] capacity: ${fmtRate(capacity.rate)} req/s (${capacity.ids.length} commands in ${capacity.seconds.toFixed(1)} s, POST ms p50/p95/p99 ${fmtPercentiles(capacityPost.percentiles())}); draining`);
      const capacityDrain = await drain('capacity', [...capacityWarm.ids, ...capacity.ids]);
      sampler.record();
      ctx.log(`[latency] capacity: drained in ${(capacityDrain.drainMs / 1000).toFixed(1)} s`);
      if (!(capacity.rate > 0)) throw new Error('no POST /programs succeeded in the capacity phase');

      // 2. Open loop at fractions of it (or one fixed rate).
      const phases: FixedRatePhase[] = [];
      for (const spec of settings.phases) {
        const rate = spec.fixedRate ?? Math.max(1, Math.round(capacity.rate * spec.fraction!));
        const label = spec.fixedRate !== undefined ? `rate-${rate}` : `capacity-${Math.round(spec.fraction! * 100)}`;
        const what = spec.fixedRate !== undefined ? `${rate}/s` : `${Math.round(spec.fraction! * 100)} % of capacity = ${rate}/s`;
        sampler.record('fixed-rate', label);
        ctx.log(`[latency] ${what}: warm-up ${settings.warmupSeconds} s`);
        const warm = await fire(rate, Math.max(1, Math.round(rate * settings.warmupSeconds)));
        await drain(`${label} warm-up`, warm.due.keys());
        const count = Math.max(settings.minCommands, Math.round(rate * settings.seconds));
        const seconds = Math.round((count / rate) * 10) / 10;
        ctx.log(`[latency] ${what}: measuring ${seconds} s (${count} commands)`);
        const postLatency = new LatencyRecorder();
        const shot = await fire(rate, count, postLatency);
        const { missing } = await drain(label, shot.due.keys());
        sampler.record();
        phases.push({
          label,
          fraction: spec.fraction,
          rate,
          seconds,
          achievedRate: shot.achievedRate,
          sendLagMs: shot.sendLagMs,
          failures: shot.failures,
          missing,
          due: shot.due,
          started: shot.started,
          post: postLatency.percentiles(),
        });
      }

      // Where the time goes, per phase: enrollment's outbox row (committed with the command) → Kafka record →
      // analytics' inbox row (the consumer's transaction start), from the databases' and broker's clocks (same machine).
      ctx.log('[latency] reading the pipeline timestamps (outbox, Kafka, inbox) for the breakdown');
      const timestamps = await pipelineTimestamps(suite, phases.flatMap((p) => [...p.due.keys()]));
      await sampler.stop();

      const capacityNote = `capacity ${fmtRate(capacity.rate)} req/s (closed loop, ${inFlight} in flight, ${capacity.seconds.toFixed(1)} s after a ${settings.capacity.warmupSeconds} s warm-up)`;
      const rows: ResultRow[] = [
        {
          id: 'latency-capacity',
          scenario: `HTTP command capacity, POST /programs on the running suite (closed loop, ${inFlight} in flight)`,
          unit: 'req/s',
          ours: capacity.rate,
          baseline: null,
          ratio: null,
          latency: { ours: capacityPost.percentiles() },
          goal: '— (the rate the latency phases are a fraction of)',
          met: null,
          notes: [
            `${capacityNote}: ${capacity.ids.length} commands, ${capacity.failures} failed; enrollment with RUN_MODE=all (its relay and the other three services running), every request with a fresh Idempotency-Key`,
            `drained ${(capacityDrain.drainMs / 1000).toFixed(1)} s after the loop ended (all in the read model, every consumer group caught up, then a ${settings.pauseSeconds} s pause; ${capacityDrain.missing} missing, lag ${capacityDrain.lag} left)`,
          ],
          details: { requests: capacity.ids.length, seconds: capacity.seconds, inFlight, failures: capacity.failures, post: capacityPost.percentiles(), drainMs: capacityDrain.drainMs, missingAfterDrain: capacityDrain.missing, lagAfterDrain: capacityDrain.lag },
        },
      ];

      for (const phase of phases) {
        const endToEnd = new LatencyRecorder();
        const afterResponse = new LatencyRecorder();
        const perSecond = new Map<number, number[]>();
        for (const [id, { at, responded }] of phase.due) {
          const arrived = arrivals.get(id);
          if (arrived === undefined) continue;
          endToEnd.recordMs(arrived - at);
          afterResponse.recordMs(Math.max(0.001, arrived - responded));
          const second = Math.floor((at - phase.started) / 1000);
          perSecond.set(second, [...(perSecond.get(second) ?? []), arrived - at]);
        }
        const e2e = endToEnd.percentiles();
        const asyncPart = afterResponse.percentiles();
        const breakdown = breakdownOf(timestamps, phase.due.keys());
        const worstSeconds = [...perSecond.entries()]
          .map(([s, v]) => ({ second: s, max: Math.max(...v) }))
          .sort((a, b) => b.max - a.max)
          .slice(0, 5);
        const p99 = e2e?.p99 ?? Infinity;
        const clean = phase.missing === 0 && phase.failures === 0;
        const share = phase.rate / capacity.rate;
        const pct = phase.fraction !== undefined ? Math.round(phase.fraction * 100) : undefined;
        ctx.log(`[latency] ${phase.label} (${phase.rate}/s): POST ms p50/p95/p99 ${fmtPercentiles(phase.post)}; command → read model ms p50/p95/p99 ${fmtPercentiles(e2e)} (max ${e2e?.max.toFixed(0)}); missing ${phase.missing}, failed ${phase.failures}`);
        ctx.log(`[latency] ${phase.label}: POST response → read model ms ${fmtPercentiles(asyncPart)}; relay ${fmtPercentiles(breakdown.outboxToKafka)}; consumer ${fmtPercentiles(breakdown.kafkaToInbox)}`);

        const isGoalPhase = phase.fraction === GOAL_FRACTION;
        const fixed = phase.fraction === undefined;
        rows.push({
          id: fixed ? 'latency' : `latency-${pct}`,
          scenario: fixed
            ? `command → analytics read model (${phase.rate}/s for ${phase.seconds} s)`
            : `command → analytics read model at ${pct} % of the measured capacity (${phase.rate}/s for ${phase.seconds} s)`,
          unit: 'commands/s',
          ours: phase.achievedRate,
          baseline: null,
          ratio: null,
          latency: { ours: e2e },
          goal: fixed ? `p99 ≤ ${GOAL_P99_MS} ms at 200 commands/s (the earlier fixed-rate goal)` : isGoalPhase ? `p99 ≤ ${GOAL_P99_MS} ms` : `— (curve; the goal is at ${GOAL_FRACTION * 100} %)`,
          met: fixed ? (phase.rate < 200 ? null : p99 <= GOAL_P99_MS && clean) : isGoalPhase ? p99 <= GOAL_P99_MS && clean : null,
          notes: [
            `rate ${phase.rate} commands/s = ${(share * 100).toFixed(0)} % of the ${capacityNote}`,
            `POST /programs latency (from due) ms p50/p95/p99 ${fmtPercentiles(phase.post)}`,
            `POST response → row visible ms p50/p95/p99 ${fmtPercentiles(asyncPart)}`,
            `outbox commit → Kafka record (relay) ms p50/p95/p99 ${fmtPercentiles(breakdown.outboxToKafka)}`,
            `Kafka record → analytics inbox tx start (consumer) ms p50/p95/p99 ${fmtPercentiles(breakdown.kafkaToInbox)}`,
            `${phase.missing} commands never reached the read model within 60 s; ${phase.failures} POSTs failed; the sender ended ${fmtNumber(phase.sendLagMs, 1)} ms behind schedule`,
            ...(fixed && phase.rate < 200 ? [`run at ${phase.rate} commands/s: that goal is stated at 200/s, so it is not judged here`] : []),
          ],
          details: {
            rate: phase.rate,
            fractionOfCapacity: share,
            capacity: capacity.rate,
            post: phase.post,
            endToEnd: e2e,
            afterResponse: asyncPart,
            breakdown,
            worstSeconds,
            sendLagMs: phase.sendLagMs,
          },
        });
      }

      rows.push(memoryRow(sampler, phases, capacity.rate));
      return rows;
    } finally {
      await sampler?.stop().catch(() => undefined);
      client?.close();
      await listener?.end().catch(() => undefined);
      await suite?.stop().catch((error: unknown) => ctx.log(`[latency] suite stop failed: ${String(error)}`));
      if (suite) await deleteSuiteTopics(suite);
    }
  },
};

/** Peak RSS per service during the fixed-rate phases, against each service's Kubernetes memory limit. */
function memoryRow(sampler: RssSampler, phases: FixedRatePhase[], capacity: number): ResultRow {
  const peaks = sampler.peaksOf('fixed-rate');
  const during = sampler.peaksOf('capacity');
  const services = SERVICES.map((name) => {
    const limit = k8sMemoryLimitMiB(name);
    const peak: MemoryPeak | undefined = peaks[name];
    return { name, peak, limit, headroomMiB: peak && limit ? limit.limitMiB - peak.peakMiB : undefined, capacityPeakMiB: during[name]?.peakMiB };
  });
  const limits = [...new Set(services.map((s) => s.limit?.limitMiB).filter((l): l is number => l !== undefined))];
  const measured = services.every((s) => s.peak && s.limit);
  const fmtMiB = (v: number | undefined) => (v === undefined ? '—' : `${fmtNumber(v, 0)} MiB`);
  const rates = phases.map((p) => `${p.rate}/s`).join(', ');
  return {
    id: 'latency-memory',
    scenario: `peak RSS per service during the end-to-end scenario (fixed-rate phases: ${rates})`,
    unit: 'MiB (highest)',
    ours: measured ? Math.max(...services.map((s) => s.peak!.peakMiB)) : null,
    baseline: null,
    ratio: null,
    goal: `≤ k8s limit (${limits.length === 1 ? fmtMiB(limits[0]) : limits.map(fmtMiB).join(' / ') || 'not found in k8s/'})`,
    met: measured ? services.every((s) => s.peak!.peakMiB < s.limit!.limitMiB) : false,
    notes: [
      `peak RSS (sampled every 250 ms from /proc/<pid>/status VmRSS) during the fixed-rate phases: ${services
        .map((s) => `${s.name} ${fmtMiB(s.peak?.peakMiB)} (limit ${fmtMiB(s.limit?.limitMiB)}, headroom ${fmtMiB(s.headroomMiB)}${s.headroomMiB !== undefined && s.limit ? `, ${((s.headroomMiB / s.limit.limitMiB) * 100).toFixed(0)} %` : ''})`)
        .join('; ')}`,
      `during the closed-loop capacity phase (${fmtRate(capacity)} req/s): ${services.map((s) => `${s.name} ${fmtMiB(s.capacityPeakMiB)}`).join(', ')}; whole-life high-water mark (VmHWM, start-up included): ${services.map((s) => `${s.name} ${fmtMiB(s.peak?.lifetimePeakMiB)}`).join(', ')}`,
      `limits read from ${services.map((s) => s.limit?.source ?? `${s.name}: none found`).join(', ')}`,
    ],
    details: {
      services: Object.fromEntries(services.map((s) => [s.name, { ...s.peak, limitMiB: s.limit?.limitMiB, headroomMiB: s.headroomMiB, capacityPhasePeakMiB: s.capacityPeakMiB }])),
      perPhase: Object.fromEntries(phases.map((p) => [p.label, sampler.peaksOf(p.label)])),
    },
  };
}

interface PipelineTimestamps {
  /** programId (the outbox message key) → message id of its ProgramCreated. */
  messageOf: Map<string, string>;
  /** message id → outbox row created_at (the command's transaction), ms. */
  committed: Map<string, number>;
  /** message id → Kafka record timestamp (CreateTime: set by the relay's producer when it sends), ms. */
  sent: Map<string, number>;
  /** message id → analytics inbox row processed_at (start of the consumer's transaction), ms. */
  processed: Map<string, number>;
}

/**
 * The timestamps that split the asynchronous part: enrollment's outbox row `created_at`, the Kafka record
 * timestamp and analytics' inbox row `processed_at`. All clocks are this machine's.
 */
async function pipelineTimestamps(suite: Suite, programIds: string[]): Promise<PipelineTimestamps> {
  const enrollment = new Client({ connectionString: suite.databases.enrollment.url });
  const analytics = new Client({ connectionString: suite.databases.analytics.url });
  await enrollment.connect();
  await analytics.connect();
  try {
    const { rows: outbox } = await enrollment.query<{ message_id: string; key: string; at: number }>(
      `SELECT message_id::text, message_key AS key, extract(epoch FROM created_at) * 1000 AS at FROM messaging.outbox
       WHERE event_type LIKE '%.ProgramCreated.%' AND message_key = ANY($1)`,
      [programIds],
    );
    const { rows: inbox } = await analytics.query<{ message_id: string; at: number }>(
      `SELECT message_id::text, extract(epoch FROM processed_at) * 1000 AS at
       FROM messaging.inbox WHERE message_id = ANY($1::uuid[])`,
      [outbox.map((r) => r.message_id)],
    );
    return {
      messageOf: new Map(outbox.map((r) => [r.key, r.message_id])),
      committed: new Map(outbox.map((r) => [r.message_id, Number(r.at)])),
      sent: await kafkaTimestamps(suite, new Set(outbox.map((r) => r.message_id))),
      processed: new Map(inbox.map((r) => [r.message_id, Number(r.at)])),
    };
  } finally {
    await enrollment.end();
    await analytics.end();
  }
}

/** Relay and consumer percentiles for one phase's commands. */
function breakdownOf(t: PipelineTimestamps, programIds: Iterable<string>) {
  const outboxToInbox = new LatencyRecorder();
  const outboxToKafka = new LatencyRecorder();
  const kafkaToInbox = new LatencyRecorder();
  let matched = 0;
  for (const programId of programIds) {
    const messageId = t.messageOf.get(programId);
    if (messageId === undefined) continue;
    const c = t.committed.get(messageId);
    const p = t.processed.get(messageId);
    const k = t.sent.get(messageId);
    if (c === undefined || p === undefined) continue;
    matched++;
    outboxToInbox.recordMs(Math.max(0.001, p - c));
    if (k !== undefined) {
      outboxToKafka.recordMs(Math.max(0.001, k - c));
      kafkaToInbox.recordMs(Math.max(0.001, p - k));
    }
  }
  return {
    outboxToInbox: outboxToInbox.percentiles(),
    outboxToKafka: outboxToKafka.percentiles(),
    kafkaToInbox: kafkaToInbox.percentiles(),
    matched,
  };
}

/** Reads the suite's enrollment topic from the start with a throwaway group: message id → record timestamp. */
async function kafkaTimestamps(suite: Suite, ids: Set<string>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const prefix = `e2e${suite.tenant.replace(/^acme-/, '')}.`;
  const kafka = createKafka({ brokers: testInfra.kafkaBrokers, clientId: 'bench-latency-probe' }, benchLogger);
  const consumer = kafka.consumer({ groupId: `bench-probe-${uniqueSuffix()}`, maxWaitTimeInMs: 100 });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [`${prefix}mentoring.enrollment.v1`], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const id = m.headers?.ce_id?.toString();
          if (id && ids.has(id)) found.set(id, Number(m.timestamp));
        }
      },
    });
    const deadline = now() + 30_000;
    while (found.size < ids.size && now() < deadline) await sleep(50);
  } catch {
    // the breakdown is best effort
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return found;
}
