import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

export interface NoteRow {
  noteId: string;
  pairingId: string;
  sessionId: string | null;
  authorUserId: string;
  authorRole: string;
  body: string;
  createdAt: Date;
}

export const NOTE_COLUMNS = `note_id AS "noteId", pairing_id AS "pairingId", session_id AS "sessionId", author_user_id AS "authorUserId",
  author_role AS "authorRole", body, created_at AS "createdAt"`;

export async function findNote(db: SqlExecutor, tenantId: string, pairingId: string, noteId: string): Promise<NoteRow> {
  const { rows } = await db.query<NoteRow>(
    `SELECT ${NOTE_COLUMNS} FROM session_tracking.private_notes WHERE tenant_id = $1 AND pairing_id = $2 AND note_id = $3`,
    [tenantId, pairingId, noteId],
  );
  if (!rows[0]) throw new NotFoundError(`Note ${noteId} not found`, 'note.not_found');
  return rows[0];
}

/** The pair's notes, newest first. */
export function notesPage<V>(db: SqlExecutor, tenantId: string, pairingId: string, query: PageQuery, view: (row: NoteRow) => V): Promise<Page<V>> {
  return pageOf<NoteRow, V>(
    db,
    { select: NOTE_COLUMNS, from: `FROM session_tracking.private_notes WHERE tenant_id = $1 AND pairing_id = $2`, params: [tenantId, pairingId], orderBy: 'created_at DESC, note_id' },
    query,
    view,
  );
}
