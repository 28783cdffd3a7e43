import type { SqlExecutor } from './database';

/** A position in commit order: the writing transaction's id, then the row's sequence number. */
export interface CommitPosition {
  transactionId: string;
  position: string;
}

export const START: CommitPosition = { transactionId: '0', position: '0' };

/**
 * SQL condition + ordering that reads rows strictly after a position and only from transactions that are
 * already visible to every reader (older than the oldest in-flight transaction): the outbox relay's reader
 * (`readOutbox` in @tandem/messaging), whose specs pin the never-skip guarantee.
 *
 * Columns are qualified with the table name on purpose: readers select `transaction_id::text AS
 * transaction_id`, and a bare `ORDER BY transaction_id` would sort by that *text* output column
 * ('10' < '9'), silently skipping rows on the next page.
 */
export function afterPositionSql(table: string, positionColumn: string): { where: string; orderBy: string } {
  const tx = `${table}.transaction_id`;
  const position = `${table}.${positionColumn}`;
  return {
    where: `(${tx}, ${position}) > ($1::xid8, $2::bigint) AND ${tx} < pg_snapshot_xmin(pg_current_snapshot())`,
    orderBy: `${tx}, ${position}`,
  };
}

/** Named reader checkpoints (relay, projections), stored in `messaging.checkpoints`. */
export const checkpoints = {
  async load(db: SqlExecutor, name: string): Promise<CommitPosition> {
    const { rows } = await db.query<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text, position::text FROM messaging.checkpoints WHERE name = $1`,
      [name],
    );
    return rows[0] ? { transactionId: rows[0].transaction_id, position: rows[0].position } : START;
  },

  async store(db: SqlExecutor, name: string, at: CommitPosition): Promise<void> {
    await db.query(
      `INSERT INTO messaging.checkpoints (name, transaction_id, position) VALUES ($1, $2::xid8, $3)
       ON CONFLICT (name) DO UPDATE SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position,
                                        updated_at = now()`,
      [name, at.transactionId, at.position],
    );
  },
};
