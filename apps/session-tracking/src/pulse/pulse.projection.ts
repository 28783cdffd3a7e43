import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { pulseDecider, type PulseEvent, type PulseState } from '@tandem/session-tracking-domain';

/** One row per answer (a side answers once a month). */
async function insertPulseAnswer(tx: Transaction, { tenantId, data: d }: ProjectedEvent<PulseEvent, PulseState>): Promise<void> {
  await tx.query(
    `INSERT INTO session_tracking.pulse_answers (tenant_id, pairing_id, program_id, period, role, user_id, score, comment, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [tenantId, d.pairingId, d.programId, d.period, d.side, d.userId, d.score, d.comment, d.at],
  );
}

/** `session_tracking.pulse_answers`: the pulse survey answers of each pairing. */
export const pulseProjection = projection<PulseEvent, PulseState>({
  name: 'pulse',
  category: 'Pulse',
  decider: pulseDecider,
  tables: ['session_tracking.pulse_answers'],
  on: { PulseAnswered: insertPulseAnswer },
});
