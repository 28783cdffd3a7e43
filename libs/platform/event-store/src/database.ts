import type { Pool, PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { OutboxSignal } from './outbox-signal';
import { currentTransaction, withinTransaction } from './transaction-scope';

export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Anything that runs SQL: the pool (autocommit) or an open transaction. */
export interface SqlExecutor {
  /**
   * `name` makes it a prepared statement: each connection parses and plans it once, then only executes it —
   * worth it on hot paths (append, stream load, inbox, relay). One name must always mean one SQL text.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<SqlResult<Row>>;
}

/** An open transaction: raw SQL for the event store and an EntityManager for TypeORM read models. */
export interface Transaction extends SqlExecutor {
  readonly manager: EntityManager;
  /** Runs `callback` once the transaction has committed (never if it rolls back). */
  afterCommit(callback: () => void): void;
}

/**
 * The service's one PostgreSQL connection pool, owned by TypeORM's DataSource.
 * Plain queries go straight to the `pg` pool (no ORM overhead on the hot append path);
 * transactions run on a TypeORM QueryRunner so read models can use repositories in the same transaction.
 */
export class Database implements SqlExecutor {
  /** Emitted when outbox rows were committed through this pool (see EventStore.append). */
  readonly outboxCommitted = new OutboxSignal();

  constructor(readonly dataSource: DataSource) {}

  get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<SqlResult<Row>> {
    const result = await this.pool.query({ text: sql, values: params as unknown[], name });
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  /**
   * The rows of a query in batches of `batchSize`, read through a server-side cursor on a connection of its own:
   * memory stays bounded by one batch however many rows there are (exports, rebuilds). Stopping the iteration
   * (break, an error downstream) closes the cursor and returns the connection.
   */
  async *batches<Row = Record<string, unknown>>(sql: string, params: unknown[] = [], batchSize = 5000): AsyncGenerator<Row[]> {
    const client = await this.pool.connect();
    const cursor = client.query(new Cursor<Row>(sql, params));
    try {
      for (let rows = await cursor.read(batchSize); rows.length > 0; rows = await cursor.read(batchSize)) yield rows;
    } finally {
      await cursor.close().catch(() => undefined);
      client.release();
    }
  }

  /**
   * Runs `work` in one transaction, which becomes the current one (see transaction-scope.ts) for everything it
   * awaits. Called while a transaction is current, it joins that one: the outer unit of work commits or rolls back.
   */
  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const current = currentTransaction();
    if (current) return work(current);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const tx = new QueryRunnerTransaction(runner);
      const result = await withinTransaction(tx, () => work(tx));
      await runner.commitTransaction();
      tx.committed();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/** SQL on a TypeORM QueryRunner's own connection (a transaction it runs, or a connection it holds, e.g. a lease). */
export const transactionOn = (runner: QueryRunner): Transaction => new QueryRunnerTransaction(runner);

class QueryRunnerTransaction implements Transaction {
  private readonly onCommit: Array<() => void> = [];

  constructor(private readonly runner: QueryRunner) {}

  afterCommit(callback: () => void): void {
    this.onCommit.push(callback);
  }

  /** After the commit: a failing callback must not make a committed transaction look failed to its caller. */
  committed(): void {
    for (const callback of this.onCommit.splice(0)) {
      try {
        callback();
      } catch {
        // the work is committed; a lost wake-up costs only the relay's poll interval
      }
    }
  }

  get manager(): EntityManager {
    return this.runner.manager;
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[], name?: string): Promise<SqlResult<Row>> {
    if (name) {
      // TypeORM cannot prepare statements; its connection is a plain pg client that can.
      const client = (this.runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const result = await client.query({ text: sql, values: params as unknown[], name });
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    }
    const result = await this.runner.query(sql, params, true);
    const rows = (result.records ?? []) as Row[];
    return { rows, rowCount: result.affected ?? rows.length };
  }
}
