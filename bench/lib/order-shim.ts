import { Database, type SqlResult } from '@tandem/event-store';
import type { DataSource } from 'typeorm';

/**
 * FINDING (product bug, reported in docs/benchmarks.md): `EventStore.readAll` and `OutboxRelay` select
 * `global_position::text, transaction_id::text` / `position::text, transaction_id::text` and then
 * `ORDER BY transaction_id, <position>`. In PostgreSQL a bare ORDER BY name that matches an output column sorts by
 * that OUTPUT column, i.e. by the text casts: "1", "10", "100", "1000", "1001", …, "2", … The page's last row is
 * then not its greatest position, and the next page (`WHERE (transaction_id, position) > checkpoint`, numeric) skips
 * every row that sorted after it as text but is numerically smaller. Any transaction writing more than a handful
 * of rows, and every power-of-ten crossing of the transaction id, loses events / messages.
 *
 * So the throughput of the relay and of readAll can be measured at all, the bench wraps the product's Database in
 * this shim, which qualifies the ORDER BY columns with their table (resolving them to the stored xid8/bigint
 * columns). It changes nothing once the product SQL is fixed (the pattern no longer matches).
 */
const AMBIGUOUS = /ORDER BY transaction_id, (global_position|position)\b/g;

export function qualifyCommitOrder(sql: string): string {
  return sql.replace(AMBIGUOUS, (_, column: string) => {
    const table = column === 'global_position' ? 'events' : 'outbox';
    return `ORDER BY ${table}.transaction_id, ${table}.${column}`;
  });
}

export class CommitOrderShimDatabase extends Database {
  rewritten = 0;

  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  override async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> {
    const fixed = qualifyCommitOrder(sql);
    if (fixed !== sql) this.rewritten++;
    return super.query<Row>(fixed, params);
  }
}
