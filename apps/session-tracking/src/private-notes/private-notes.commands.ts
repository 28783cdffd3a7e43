import type { SqlExecutor } from '@tandem/event-store';
import type { PairActor } from '@tandem/session-tracking-domain';

// Private notes are deliberately not event-sourced (no event, no outbox row, never published): their table is
// their only store, written here directly, so a deleted note is gone for good.

/** Writes a note once (a retry with the same id changes nothing). */
export async function writeNote(
  db: SqlExecutor,
  note: { tenantId: string; noteId: string; pairingId: string; sessionId: string | null; author: PairActor; text: string; at: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO session_tracking.private_notes (tenant_id, note_id, pairing_id, session_id, author_user_id, author_role, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (tenant_id, note_id) DO NOTHING`,
    [note.tenantId, note.noteId, note.pairingId, note.sessionId, note.author.userId, note.author.side, note.text, note.at],
  );
}

export async function deleteNote(db: SqlExecutor, tenantId: string, noteId: string): Promise<void> {
  await db.query(`DELETE FROM session_tracking.private_notes WHERE tenant_id = $1 AND note_id = $2`, [tenantId, noteId]);
}
