import type { SqlExecutor } from '@tandem/event-store';
import { ForbiddenError, NotFoundError } from '@tandem/kernel';

/**
 * The reward types an approved mentor of the program values (their recognition preferences, from their latest
 * approved application); a 403 for anyone else — rewards are for the program's approved mentors.
 */
export async function approvedMentorPreferences(db: SqlExecutor, tenantId: string, programId: string, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ recognition_preferences: string[] }>(
    `SELECT recognition_preferences FROM recognition.participants
     WHERE tenant_id = $1 AND program_id = $2 AND user_id = $3 AND role = 'mentor' AND status = 'approved' ORDER BY updated_at DESC LIMIT 1`,
    [tenantId, programId, userId],
  );
  if (!rows[0]) throw new ForbiddenError('Rewards are for the approved mentors of this program', 'reward.not_a_mentor');
  return rows[0].recognition_preferences;
}

/** A 404 unless the person has an application in the program: manual recognition and nominations go to its participants. */
export async function requireParticipant(db: SqlExecutor, tenantId: string, programId: string, personId: string): Promise<void> {
  const { rows } = await db.query(`SELECT 1 FROM recognition.participants WHERE tenant_id = $1 AND program_id = $2 AND user_id = $3 LIMIT 1`, [tenantId, programId, personId]);
  if (rows.length === 0) throw new NotFoundError(`${personId} is not a participant of this program`, 'recognition.unknown_person');
}
