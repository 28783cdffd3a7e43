import type { SqlExecutor } from '@tandem/event-store';

export interface LedgerEntryRow {
  entryId: string;
  kind: 'credit' | 'correction';
  programId: string;
  userId: string;
  role: string;
  pairingId: string;
  sessionId: string;
  correctsEntryId: string | null;
  month: string;
  occurredAt: Date | null;
  sessionMinutes: number;
  minutes: number;
  capped: boolean;
  reason: string | null;
  recordedBy: string;
  recordedAt: Date;
}

const ENTRY_COLUMNS = `entry_id AS "entryId", kind, program_id AS "programId", user_id AS "userId", role, pairing_id AS "pairingId",
  session_id AS "sessionId", corrects_entry_id AS "correctsEntryId", month, occurred_at AS "occurredAt", session_minutes AS "sessionMinutes",
  minutes, capped, reason, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

export async function ledgerEntries(db: SqlExecutor, tenantId: string, programId: string, userId: string): Promise<LedgerEntryRow[]> {
  const { rows } = await db.query<LedgerEntryRow>(
    `SELECT ${ENTRY_COLUMNS} FROM session_tracking.training_hours_entries
     WHERE tenant_id = $1 AND program_id = $2 AND user_id = $3 ORDER BY recorded_at, entry_id`,
    [tenantId, programId, userId],
  );
  return rows;
}

/** A person's credited minutes per program and month. */
export async function monthlyMinutes(db: SqlExecutor, tenantId: string, userId: string): Promise<{ programId: string; month: string; minutes: number }[]> {
  const { rows } = await db.query<{ programId: string; month: string; minutes: number }>(
    `SELECT program_id AS "programId", month, sum(minutes)::int AS minutes FROM session_tracking.training_hours_entries
     WHERE tenant_id = $1 AND user_id = $2 GROUP BY program_id, month ORDER BY program_id, month`,
    [tenantId, userId],
  );
  return rows;
}

/** The person's name in their latest pairing of the program; undefined when they were in none. */
export async function participantName(db: SqlExecutor, tenantId: string, programId: string, userId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT CASE WHEN mentor_user_id = $3 THEN mentor_name ELSE mentee_name END AS name FROM session_tracking.pairings
     WHERE tenant_id = $1 AND program_id = $2 AND (mentor_user_id = $3 OR mentee_user_id = $3) ORDER BY started_at DESC LIMIT 1`,
    [tenantId, programId, userId],
  );
  return rows[0]?.name;
}
