import type { SqlExecutor } from '@tandem/event-store';

export interface PulseAnswerRow {
  pairingId: string;
  period: string;
  role: string;
  score: number;
  comment: string | null;
  answeredAt: Date;
}

/** One side's answer of a month. */
export async function pulseAnswerOf(db: SqlExecutor, tenantId: string, pairingId: string, period: string, role: string): Promise<PulseAnswerRow> {
  const { rows } = await db.query<PulseAnswerRow>(
    `SELECT pairing_id AS "pairingId", period, role, score, comment, answered_at AS "answeredAt" FROM session_tracking.pulse_answers
     WHERE tenant_id = $1 AND pairing_id = $2 AND period = $3 AND role = $4`,
    [tenantId, pairingId, period, role],
  );
  return rows[0];
}

/** Every score a program's pairings gave in a month. */
export async function pulseScores(db: SqlExecutor, tenantId: string, programId: string, period: string): Promise<number[]> {
  const { rows } = await db.query<{ score: number }>(
    `SELECT score FROM session_tracking.pulse_answers WHERE tenant_id = $1 AND program_id = $2 AND period = $3`,
    [tenantId, programId, period],
  );
  return rows.map((r) => r.score);
}
