import { Injectable } from '@nestjs/common';
import { Database, type SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page } from '@tandem/platform';
import type { ProgramSessionListQuery, SessionListQuery, SessionView } from './sessions.http';

export interface SessionRow {
  sessionId: string;
  pairingId: string;
  programId: string;
  status: string;
  format: string;
  scheduledAt: Date | null;
  plannedMinutes: number | null;
  occurredAt: Date | null;
  minutes: number | null;
  topics: string[];
  logged: boolean | null;
  reportedBy: string | null;
  confirmBy: Date | null;
  confirmation: string | null;
  noShowAbsent: string | null;
  mentorRating: number | null;
  mentorComment: string | null;
  menteeRating: number | null;
  menteeComment: string | null;
  updatedAt: Date;
}

export const SESSION_COLUMNS = `session_id AS "sessionId", pairing_id AS "pairingId", program_id AS "programId", status, format,
  scheduled_at AS "scheduledAt", planned_minutes AS "plannedMinutes", occurred_at AS "occurredAt", minutes, topics, logged,
  reported_by AS "reportedBy", confirm_by AS "confirmBy", confirmation, no_show_absent AS "noShowAbsent",
  mentor_rating AS "mentorRating", mentor_comment AS "mentorComment", mentee_rating AS "menteeRating", mentee_comment AS "menteeComment",
  updated_at AS "updatedAt"`;

/** A session's row inside a transaction (the row a command just wrote). */
export async function sessionRowIn(tx: SqlExecutor, tenantId: string, sessionId: string): Promise<SessionRow | undefined> {
  const { rows } = await tx.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM session_tracking.sessions WHERE tenant_id = $1 AND session_id = $2`, [tenantId, sessionId]);
  return rows[0];
}

/** Who is looking: comments are shown to their author and to program managers only. */
export interface Viewer {
  side: 'mentor' | 'mentee' | null;
  manager: boolean;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

@Injectable()
export class SessionQueries {
  constructor(private readonly db: Database) {}

  async row(tenantId: string, sessionId: string): Promise<SessionRow> {
    const row = await sessionRowIn(this.db, tenantId, sessionId);
    if (!row) throw new NotFoundError(`Session ${sessionId} not found`, 'session.not_found');
    return row;
  }

  async view(tenantId: string, sessionId: string, viewer: Viewer, now: Date): Promise<SessionView> {
    return sessionView(await this.row(tenantId, sessionId), viewer, now);
  }

  forPairing(tenantId: string, pairingId: string, query: SessionListQuery, viewer: Viewer, now: Date): Promise<Page<SessionView>> {
    return this.list(tenantId, 'pairing_id', pairingId, query, viewer, now);
  }

  forProgram(tenantId: string, programId: string, query: ProgramSessionListQuery, now: Date): Promise<Page<SessionView>> {
    return this.list(tenantId, 'program_id', programId, query, { side: null, manager: true }, now);
  }

  private list(tenantId: string, column: 'pairing_id' | 'program_id', id: string, query: ProgramSessionListQuery, viewer: Viewer, now: Date) {
    const params: unknown[] = [tenantId, id];
    const where = [`tenant_id = $1`, `${column} = $2`];
    if (query.status) where.push(`status = $${params.push(query.status)}`);
    if (query.pairingId) where.push(`pairing_id = $${params.push(query.pairingId)}`);
    if (query.confirmation === 'expired') where.push(`confirmation = 'pending' AND confirm_by < $${params.push(now)}`);
    else if (query.confirmation === 'pending') where.push(`confirmation = 'pending' AND confirm_by >= $${params.push(now)}`);
    else if (query.confirmation) where.push(`confirmation = $${params.push(query.confirmation)}`);
    if (query.from) where.push(`coalesce(occurred_at, scheduled_at) >= $${params.push(query.from)}`);
    if (query.to) where.push(`coalesce(occurred_at, scheduled_at) < $${params.push(query.to)}`);
    return pageOf<SessionRow, SessionView>(
      this.db,
      { select: SESSION_COLUMNS, from: `FROM session_tracking.sessions WHERE ${where.join(' AND ')}`, params, orderBy: 'coalesce(occurred_at, scheduled_at) DESC, session_id' },
      query,
      (row) => sessionView(row, viewer, now),
    );
  }
}

/** What `viewer` sees of a session row at `now` (a pending confirmation past its window shows as expired). */
export function sessionView(row: SessionRow, viewer: Viewer, now: Date): SessionView {
  const expired = row.confirmation === 'pending' && row.confirmBy !== null && row.confirmBy.getTime() < now.getTime();
  const rating = (side: 'mentor' | 'mentee', value: number | null, comment: string | null) =>
    value === null ? null : { rating: value, ...(viewer.manager || viewer.side === side ? { comment } : {}) };
  return {
    sessionId: row.sessionId,
    pairingId: row.pairingId,
    programId: row.programId,
    status: row.status,
    format: row.format,
    scheduledAt: iso(row.scheduledAt),
    plannedMinutes: row.plannedMinutes,
    occurredAt: iso(row.occurredAt),
    minutes: row.minutes,
    topics: row.topics,
    logged: row.logged,
    reportedBy: row.reportedBy,
    confirmBy: iso(row.confirmBy),
    confirmation: expired ? 'expired' : row.confirmation,
    counts: row.status === 'completed' && row.confirmation === 'confirmed',
    noShowAbsent: row.noShowAbsent,
    feedback: { mentor: rating('mentor', row.mentorRating, row.mentorComment), mentee: rating('mentee', row.menteeRating, row.menteeComment) },
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Whether `sessionId` is a session of `pairingId`. */
export async function isSessionOf(db: SqlExecutor, tenantId: string, sessionId: string, pairingId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM session_tracking.sessions WHERE tenant_id = $1 AND session_id = $2 AND pairing_id = $3`, [
    tenantId, sessionId, pairingId,
  ]);
  return rows.length > 0;
}
