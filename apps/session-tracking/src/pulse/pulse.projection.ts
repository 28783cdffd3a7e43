import type { Transaction } from '@tandem/event-store';
import type { PulseEvent } from '@tandem/session-tracking-domain';

/** One row per answer (a side answers once a month). */
export async function insertPulseAnswers(tx: Transaction, tenantId: string, events: PulseEvent[]): Promise<void> {
  for (const event of events) {
    const d = event.data;
    await tx.query(
      `INSERT INTO session_tracking.pulse_answers (tenant_id, pairing_id, program_id, period, role, user_id, score, comment, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [tenantId, d.pairingId, d.programId, d.period, d.side, d.userId, d.score, d.comment, d.at],
    );
  }
}
