import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { Logger } from 'pino';
import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import { afterPositionSql, checkpoints, transactionOn, type CommitPosition, type Database, type SqlExecutor } from '@tandem/event-store';
import { messagingMetrics } from './metrics';

export interface RelayOptions {
  /** Service name: names the lease, the checkpoint and the metrics. */
  service: string;
  batchSize?: number;
  /**
   * How long to sleep when the outbox is empty, unless woken: by a commit in this process (Database.outboxCommitted)
   * or another replica's NOTIFY. The poll stays as the fallback (a NOTIFY lost behind a transaction-pooling proxy).
   */
  idleMs?: number;
  /** How long a replica without the lease waits before trying again. */
  leaseRetryMs?: number;
  maxBackoffMs?: number;
  /** Published outbox rows are deleted once older than this (they stay for replays and audits until then). */
  retentionMs?: number;
  /** How often the leader prunes. */
  pruneEveryMs?: number;
}

export interface RelayStatus {
  leader: boolean;
  checkpoint: CommitPosition | null;
  published: number;
  lastPublishedAt: string | null;
  lastError: string | null;
}

export interface OutboxRow {
  position: string;
  transaction_id: string;
  message_id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/** The relay's reader: outbox rows strictly after `after` in commit order, never past a transaction still in flight. */
export async function readOutbox(db: SqlExecutor, after: CommitPosition, limit: number): Promise<OutboxRow[]> {
  const { where, orderBy } = afterPositionSql('outbox', 'position');
  const { rows } = await db.query<OutboxRow>(
    `SELECT position::text, transaction_id::text, message_id, topic, message_key, payload, headers
     FROM messaging.outbox WHERE ${where} ORDER BY ${orderBy} LIMIT $3`,
    [after.transactionId, after.position, limit],
    'messaging_outbox_batch',
  );
  return rows;
}

/** The channel replicas that do not relay NOTIFY on after committing outbox rows; the relaying replica LISTENs. */
export const OUTBOX_CHANNEL = 'tandem_outbox_committed';

/** Where a reader stands after reading `row`. */
export const positionAfter = (row: OutboxRow): CommitPosition => ({ transactionId: row.transaction_id, position: row.position });

/**
 * Publishes the outbox to Kafka in commit order, then advances its checkpoint.
 *
 * - Only the replica holding a PostgreSQL advisory lock (the lease) relays; the lock lives on a dedicated
 *   connection, so a crashed replica's lease is freed by the server when its connection drops.
 * - The producer is idempotent with acks=all; messages are keyed by aggregate id, so one aggregate's events
 *   land on one partition in order.
 * - A failure (Kafka down, lease lost) backs off and retries the same batch from the checkpoint: nothing is
 *   lost; a batch published just before a crash may be published again, which consumers' inboxes absorb.
 */
export class OutboxRelay {
  private readonly checkpointName: string;
  private readonly options: Required<RelayOptions>;
  private running = false;
  private loop: Promise<void> | undefined;
  private lease: QueryRunner | undefined;
  private producer: Producer | undefined;
  private wake: (() => void) | undefined;
  /** Set when rows were committed since the relay last looked: its next idle pause returns at once. */
  private nudged = false;
  /** True during the idle pause, the only one a nudge cuts short (never a back-off or a lease retry). */
  private idle = false;
  /** The next batch, read while the current one is being sent (sends stay sequential, so order holds). */
  private prefetched: Promise<OutboxRow[]> | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastPruneAt = 0;
  private state: RelayStatus = { leader: false, checkpoint: null, published: 0, lastPublishedAt: null, lastError: null };
  private readonly metrics = {
    published: messagingMetrics.relayPublished(),
    batch: messagingMetrics.relayBatchSeconds(),
    leader: messagingMetrics.relayLeader(),
  };

  constructor(
    private readonly db: Database,
    private readonly kafka: Kafka,
    private readonly logger: Logger,
    options: RelayOptions,
  ) {
    this.options = { batchSize: 1000, idleMs: 20, leaseRetryMs: 1000, maxBackoffMs: 5000, retentionMs: 3 * 86_400_000, pruneEveryMs: 60_000, ...options };
    this.checkpointName = `relay:${options.service}`;
  }

  /** True while this replica holds the lease: outbox rows committed anywhere are its to publish. */
  get leading(): boolean {
    return this.state.leader;
  }

  /** Outbox rows were committed: look now rather than at the next poll. */
  nudge(): void {
    this.nudged = true;
    if (this.idle) this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.db.outboxCommitted.subscribe(() => this.nudge());
    this.loop = this.run();
  }

  /** Stops taking new batches, lets the in-flight batch finish and checkpoint, then lets go of the lease. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.unsubscribe?.();
    this.wake?.();
    await this.loop;
    await this.releaseLease();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  status(): RelayStatus {
    return { ...this.state };
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        if (!this.lease && !(await this.acquireLease())) {
          await this.pause(this.options.leaseRetryMs);
          continue;
        }
        const published = await this.relayBatch();
        if (Date.now() - this.lastPruneAt >= this.options.pruneEveryMs) await this.prune();
        failures = 0;
        this.state.lastError = null;
        if (published === 0) await this.idlePause();
      } catch (error) {
        failures++;
        this.state.lastError = String((error as Error).message ?? error);
        this.logger.warn({ err: error, failures }, 'outbox relay failed; retrying from the checkpoint');
        this.prefetched = undefined;
        await this.resetProducer();
        if (!(await this.leaseAlive())) await this.releaseLease();
        await this.pause(Math.min(this.options.maxBackoffMs, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private async relayBatch(): Promise<number> {
    const lease = this.lease!;
    // While this replica holds the lease nobody else moves the checkpoint: read it once, then keep it in memory.
    const from = (this.state.checkpoint ??= await checkpoints.load(this.db, this.checkpointName));
    const rows = await (this.prefetched ?? this.read(from));
    this.prefetched = undefined;
    if (rows.length === 0) return 0;

    const stopTimer = this.metrics.batch.startTimer({ service: this.options.service });
    const producer = await this.connectedProducer();
    const position = positionAfter(rows[rows.length - 1]);
    // Read the next batch while this one is on its way to Kafka; it is thrown away if this send fails.
    if (rows.length === this.options.batchSize) this.prefetch(position);
    await producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows) });
    // Stored through the lease connection: if the lease was lost with its connection, this fails.
    await checkpoints.store(transactionOn(lease), this.checkpointName, position);
    stopTimer();

    this.state.checkpoint = position;
    this.state.published += rows.length;
    this.state.lastPublishedAt = new Date().toISOString();
    for (const [topic, count] of countByTopic(rows)) this.metrics.published.inc({ service: this.options.service, topic }, count);
    return rows.length;
  }

  private read(after: CommitPosition): Promise<OutboxRow[]> {
    this.nudged = false; // what was committed before this read is in it
    return readOutbox(this.db, after, this.options.batchSize);
  }

  private prefetch(after: CommitPosition): void {
    const next = this.read(after);
    next.catch(() => undefined); // awaited (and its error seen) by the next batch, or dropped
    this.prefetched = next;
  }

  /** Deletes published rows (at or before the checkpoint) older than the retention. */
  private async prune(): Promise<void> {
    this.lastPruneAt = Date.now();
    const at = this.state.checkpoint;
    if (!at || at.position === '0') return;
    await this.db.query(
      `DELETE FROM messaging.outbox
       WHERE (transaction_id, position) <= ($1::xid8, $2::bigint) AND created_at < now() - make_interval(secs => $3::double precision / 1000)`,
      [at.transactionId, at.position, this.options.retentionMs],
    );
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  private async resetProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  private async acquireLease(): Promise<boolean> {
    const runner = this.db.dataSource.createQueryRunner();
    try {
      await runner.connect();
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [this.checkpointName]);
      if (!locked) {
        await runner.release();
        return false;
      }
      // The checkpoint is written on this connection without waiting for its WAL flush: after a database crash it
      // may be one batch behind, and that batch is published again, which consumers' inboxes absorb.
      await runner.query(`SET synchronous_commit = off`);
      const connection = (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      connection.on('notification', this.onNotification);
      await runner.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.lease = runner;
      this.state.leader = true;
      this.metrics.leader.set({ service: this.options.service }, 1);
      this.logger.info({ relay: this.checkpointName }, 'outbox relay lease acquired');
      return true;
    } catch (error) {
      await runner.release().catch(() => undefined);
      throw error;
    }
  }

  private async leaseAlive(): Promise<boolean> {
    if (!this.lease) return false;
    try {
      await this.lease.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async releaseLease(): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    this.lease = undefined;
    this.state.leader = false;
    this.state.checkpoint = null; // the next leader (maybe us again) reads it afresh
    this.prefetched = undefined;
    this.metrics.leader.set({ service: this.options.service }, 0);
    (lease as unknown as { databaseConnection?: PoolClient }).databaseConnection?.off('notification', this.onNotification);
    // The connection goes back to the pool: it must not keep listening nor commit asynchronously for others.
    await lease.query(`UNLISTEN *; RESET synchronous_commit`).catch(() => undefined);
    await lease.query(`SELECT pg_advisory_unlock(hashtext($1))`, [this.checkpointName]).catch(() => undefined);
    await lease.release().catch(() => undefined);
  }

  private readonly onNotification = (message: { channel: string }) => {
    if (message.channel === OUTBOX_CHANNEL) this.nudge();
  };

  /**
   * Nothing readable: wait for the next wake-up or the poll. (Looking again within a few milliseconds when committed
   * rows wait behind an older transaction was tried: under load it doubled the end-to-end p99 — the relay's extra
   * queries took the CPU the commands needed.)
   */
  private async idlePause(): Promise<void> {
    if (this.nudged) return;
    this.idle = true;
    try {
      await this.pause(this.options.idleMs);
    } finally {
      this.idle = false;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

function groupByTopic(rows: OutboxRow[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({ key: row.message_key, value: row.payload, headers: row.headers });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

function countByTopic(rows: OutboxRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.topic, (counts.get(row.topic) ?? 0) + 1);
  return counts;
}

/**
 * In a replica that does not hold the relay's lease (or runs no relay: RUN_MODE=api), tells the one that does that
 * outbox rows were committed: a NOTIFY on its own tiny transaction, after the commit (a NOTIFY inside the append's
 * transaction would serialize every committing writer on PostgreSQL's notify lock). One NOTIFY at a time; commits
 * while one is in flight are folded into one more. Committed without waiting for the WAL flush: a lost NOTIFY costs
 * only the relay's poll interval.
 */
export class OutboxNotifier {
  private inFlight = false;
  private pending = false;

  constructor(private readonly db: Database) {}

  notify(): void {
    if (this.inFlight) {
      this.pending = true;
      return;
    }
    this.inFlight = true;
    this.pending = false;
    this.db
      .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify('${OUTBOX_CHANNEL}', '')`)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight = false;
        if (this.pending) this.notify();
      });
  }
}
