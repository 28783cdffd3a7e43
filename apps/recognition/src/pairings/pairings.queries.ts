import type { SqlExecutor } from '@tandem/event-store';
import { ForbiddenError } from '@tandem/kernel';

/** Statuses of a pairing in which its mentee may thank their mentor: it started and did not end early. */
export const KUDOS_PAIRING_STATUSES = ['active', 'paused', 'completed'];

/** A 403 unless `menteeId` is (or was, to completion) mentored by `mentorId` in the program. */
export async function requireMentorOf(db: SqlExecutor, tenantId: string, programId: string, menteeId: string, mentorId: string): Promise<void> {
  const { rows } = await db.query(
    `SELECT 1 FROM recognition.pairings WHERE tenant_id = $1 AND program_id = $2 AND mentee_id = $3 AND mentor_id = $4 AND status = ANY($5::text[]) LIMIT 1`,
    [tenantId, programId, menteeId, mentorId, KUDOS_PAIRING_STATUSES],
  );
  if (rows.length === 0) throw new ForbiddenError('Kudos go from a mentee to their own mentor in this program', 'kudos.not_your_mentor');
}
