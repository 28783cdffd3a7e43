import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { trainingHoursDecider, type TrainingHoursEvent, type TrainingHoursState } from '@tandem/session-tracking-domain';

/** Ledger rows are append-only (a trigger refuses UPDATE and DELETE): one row per credit or correction. */
async function insertLedgerEntry(tx: Transaction, event: ProjectedEvent<TrainingHoursEvent, TrainingHoursState>): Promise<void> {
  const { tenantId } = event;
  const d = event.data;
  const credit = event.type === 'TrainingHoursCredited';
  await tx.query(
    `INSERT INTO session_tracking.training_hours_entries
       (tenant_id, entry_id, program_id, user_id, role, pairing_id, session_id, kind, corrects_entry_id, month, occurred_at,
        session_minutes, minutes, capped, reason, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      tenantId, d.entryId, d.programId, d.userId, d.role, d.pairingId, d.sessionId, credit ? 'credit' : 'correction',
      credit ? null : event.data.correctsEntryId, d.month, credit ? event.data.occurredAt : null, d.sessionMinutes,
      credit ? event.data.minutes : event.data.deltaMinutes, credit ? event.data.capped : false,
      credit ? null : event.data.reason, credit ? 'system:session-tracking' : event.data.by, d.at,
    ],
  );
}

/** `session_tracking.training_hours_entries`: every ledger's credits and corrections. */
export const trainingHoursProjection = projection<TrainingHoursEvent, TrainingHoursState>({
  name: 'training-hours',
  category: 'TrainingHours',
  decider: trainingHoursDecider,
  tables: ['session_tracking.training_hours_entries'],
  on: { TrainingHoursCredited: insertLedgerEntry, TrainingHoursCorrected: insertLedgerEntry },
});
