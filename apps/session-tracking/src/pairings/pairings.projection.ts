import type { Transaction } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { PAIRING_COLUMNS, type PairingRow } from './pairings.queries';
import { Logger } from '@nestjs/common';
import { PairingStarted, PairingStatusChanged } from '@tandem/enrollment-contracts';
import { applies, integrationProjection } from '@tandem/platform';
import { cadenceWindowDays } from '@tandem/session-tracking-domain';
import { sessionsPerMonthOf } from '../program-policies/program-policies.queries';

/**
 * The cadence window restarts at the latest of: the start, the last resumption, the last confirmed session.
 * `due_at` is kept in the row (24-hour days, like the domain's arithmetic) so the scheduler's scan is an index range.
 */
export const DUE_AT_SQL = `greatest(started_at, resumed_at, last_session_at) + window_days * interval '24 hours'`;

/** Programs whose ProgramCreated session tracking never saw get this cadence (lenient: one session a month). */
export const FALLBACK_SESSIONS_PER_MONTH = 1;

/** A pairing enrollment started, once (a redelivery changes nothing). */
export async function insertStartedPairing(
  tx: Transaction,
  p: { tenantId: string; pairingId: string; programId: string; mentor: { userId: string; name: string }; mentee: { userId: string; name: string }; startedAt: string },
  windowDays: number,
  importHold = false,
): Promise<void> {
  await tx.query(
    `INSERT INTO session_tracking.pairings
       (tenant_id, pairing_id, program_id, mentor_user_id, mentor_name, mentee_user_id, mentee_name, status, started_at,
        status_changed_at, window_days, due_at, import_hold)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8::timestamptz, $8::timestamptz, $9::int, $8::timestamptz + $9::int * interval '24 hours',
             $10 AND NOT EXISTS (SELECT 1 FROM session_tracking.import_releases r WHERE r.tenant_id = $1 AND r.pairing_id = $2))
     ON CONFLICT (tenant_id, pairing_id) DO NOTHING`,
    [p.tenantId, p.pairingId, p.programId, p.mentor.userId, p.mentor.name, p.mentee.userId, p.mentee.name, p.startedAt, windowDays, importHold],
  );
}

/** A pairing's new status; false when the pairing is unknown here. Resuming restarts the cadence window: a pause is agreed, not a lapse. */
export async function changePairingStatus(tx: Transaction, tenantId: string, pairingId: string, to: string, at: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE session_tracking.pairings
     SET status = $3::text, status_changed_at = $4::timestamptz,
         resumed_at = CASE WHEN $3::text = 'active' AND status = 'paused' THEN $4::timestamptz ELSE resumed_at END, updated_at = now()
     WHERE tenant_id = $1 AND pairing_id = $2`,
    [tenantId, pairingId, to, at],
  );
  if (rowCount === 0) return false;
  await tx.query(`UPDATE session_tracking.pairings SET due_at = ${DUE_AT_SQL} WHERE tenant_id = $1 AND pairing_id = $2`, [tenantId, pairingId]);
  return true;
}

/** The history import is in: the health scheduler judges these pairings from now on (recorded, so a replay keeps it so). */
export async function releaseImportHolds(tx: Transaction, tenantId: string, pairingIds: string[], at: string): Promise<void> {
  await tx.query(
    `INSERT INTO session_tracking.import_releases (tenant_id, pairing_id, released_at) SELECT $1, id, $3::timestamptz FROM unnest($2::text[]) AS id
     ON CONFLICT DO NOTHING`,
    [tenantId, pairingIds, at],
  );
  await tx.query(`UPDATE session_tracking.pairings SET import_hold = false WHERE tenant_id = $1 AND pairing_id = ANY($2::text[]) AND import_hold`, [tenantId, pairingIds]);
}

/** A confirmed session moves the cadence anchor; returns the updated (locked) row. */
export async function recordConfirmedSession(tx: Transaction, tenantId: string, pairingId: string, occurredAt: string, minutes: number): Promise<PairingRow> {
  const { rowCount } = await tx.query(
    `UPDATE session_tracking.pairings
     SET last_session_at = greatest(last_session_at, $3::timestamptz), confirmed_sessions = confirmed_sessions + 1,
         confirmed_minutes = confirmed_minutes + $4, updated_at = now()
     WHERE tenant_id = $1 AND pairing_id = $2`,
    [tenantId, pairingId, occurredAt, minutes],
  );
  if (rowCount === 0) throw new NotFoundError(`Pairing ${pairingId} not found`, 'pairing.not_found');
  const { rows } = await tx.query<PairingRow>(
    `UPDATE session_tracking.pairings SET due_at = ${DUE_AT_SQL} WHERE tenant_id = $1 AND pairing_id = $2 RETURNING ${PAIRING_COLUMNS}`,
    [tenantId, pairingId],
  );
  return rows[0];
}

const logger = new Logger('pairings');

/** The pairings enrollment started, with their cadence window from the program's expected sessions per month. */
export const pairingsProjection = integrationProjection({
  name: 'pairings',
  tables: ['session_tracking.pairings'],
  on: [
    applies(PairingStarted, async (tx, p, event) => {
      const windowDays = cadenceWindowDays((await sessionsPerMonthOf(tx, p.tenantId, p.programId)) ?? FALLBACK_SESSIONS_PER_MONTH);
      // An imported pairing (its event carries `ce_importid`) waits for its history before health is judged.
      await insertStartedPairing(tx, p, windowDays, event.importId !== undefined);
    }),
    applies(PairingStatusChanged, async (tx, p) => {
      if (!(await changePairingStatus(tx, p.tenantId, p.pairingId, p.to, p.changedAt))) {
        logger.warn(`PairingStatusChanged for unknown pairing ${p.pairingId} (tenant ${p.tenantId}) ignored`);
      }
    }),
  ],
});
