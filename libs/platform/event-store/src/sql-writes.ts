import type { SqlExecutor, SqlResult } from './database';

/**
 * One data-modifying statement (INSERT, UPDATE or DELETE) whose parameters are numbered only when it is sent:
 * `(param) => \`INSERT INTO t (a) VALUES (${param(a)})\``. Several of them then go to PostgreSQL as one statement
 * (`oneStatement`) — one round trip where there were several, and nothing for the client to do between them.
 */
export type SqlWrite = (param: (value: unknown) => string) => string;

/**
 * Several writes as ONE statement: every write but the last as a data-modifying CTE, the last as the statement.
 * They all run (in an unspecified order) against the same snapshot, so only writes that never read each other's rows
 * may go together — inserts of rows keyed by their own event, inbox rows.
 */
export function oneStatement(writes: readonly SqlWrite[]): { text: string; values: unknown[] } {
  if (writes.length === 0) throw new Error('oneStatement needs at least one write');
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const texts = writes.map((write) => write(param));
  const last = texts.pop()!;
  return { text: texts.length === 0 ? last : `WITH ${texts.map((text, i) => `w${i} AS (${text})`).join(', ')} ${last}`, values };
}

/** Runs writes as one statement (see oneStatement). */
export function runWrites<Row = Record<string, unknown>>(sql: SqlExecutor, writes: readonly SqlWrite[]): Promise<SqlResult<Row>> {
  const { text, values } = oneStatement(writes);
  return sql.query<Row>(text, values);
}
