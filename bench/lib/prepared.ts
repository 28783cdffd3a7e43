import type { Pool } from 'pg';
import type { SqlExecutor, SqlResult } from '@tandem/event-store';

/**
 * DIAGNOSTIC: runs every distinct SQL text as a named (server-side prepared) statement, so PostgreSQL parses and
 * plans it once per connection instead of on every call. The product's Database sends unnamed statements.
 */
export class PreparedExecutor implements SqlExecutor {
  private readonly names = new Map<string, string>();

  constructor(private readonly pool: Pool) {}

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> {
    let name = this.names.get(sql);
    if (!name) {
      name = `bench_prepared_${this.names.size}`;
      this.names.set(sql, name);
    }
    const result = await this.pool.query({ name, text: sql, values: params as unknown[] });
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }
}
