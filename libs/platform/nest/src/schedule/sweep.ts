import type { Logger } from '@nestjs/common';
import { outsideTransaction, type Database, type Transaction } from '@tandem/event-store';
import { withRootSpan } from '@tandem/tracing';
import type { ServiceConfig } from '../config/service-config';

export interface SweepRound<Row> {
  /** The advisory lock that lets one replica at a time sweep (`<service>:<what>`). */
  lock: string;
  /** The name of each row's span (its own trace). */
  span: string;
  /** The rows due, read in the transaction that holds the lock. */
  due: (tx: Transaction) => Promise<Row[]>;
  /** One row's work: a unit of work of its own, outside the lock's transaction, in a new trace its events carry. */
  each: (row: Row) => Promise<unknown>;
  /** The span attributes of a row's work. */
  attributes: (row: Row) => Record<string, string>;
}

/**
 * One round of a sweep that worker replicas repeat: in a transaction holding the advisory lock (another replica's
 * round finds it taken and does nothing), the rows due, each then handled on its own. Answers the rows it handled.
 */
export function sweepRound<Row>(database: Database, round: SweepRound<Row>): Promise<Row[]> {
  return database.transaction(async (tx) => {
    const [{ locked }] = (await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [round.lock])).rows;
    if (!locked) return [];
    const rows = await round.due(tx);
    for (const row of rows) {
      await withRootSpan(round.span, () => outsideTransaction(() => round.each(row)), { attributes: round.attributes(row) });
    }
    return rows;
  });
}

/**
 * Runs `sweep` every `everyMs` in worker mode (not in `api` mode: the HTTP replicas never sweep); a failing round is
 * logged and the next one tries again. Answers what stops it (on application shutdown).
 */
export function sweepEvery(config: ServiceConfig, everyMs: number, logger: Logger, sweep: () => Promise<unknown>): () => void {
  if (config.runMode === 'api') return () => undefined;
  const timer = setInterval(() => void sweep().catch((error) => logger.warn(`sweep failed: ${String(error)}`)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
