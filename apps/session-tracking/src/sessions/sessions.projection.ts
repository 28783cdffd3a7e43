import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { sessionDecider, type SessionEvent, type SessionState } from '@tandem/session-tracking-domain';

/** The session's read-model row as its state is after the event (stamped with the event's time). */
async function upsertSession(tx: Transaction, { tenantId, state: s, data }: ProjectedEvent<SessionEvent, SessionState>): Promise<void> {
  if (!s.exists) return;
  const at = data.at;
  const c = s.completion;
  await tx.query(
    `INSERT INTO session_tracking.sessions
       (tenant_id, session_id, pairing_id, program_id, status, format, scheduled_at, planned_minutes, occurred_at, minutes, topics, logged,
        reported_by, reported_at, confirm_by, confirmation, decided_at, no_show_absent, mentor_rating, mentor_comment, mentee_rating,
        mentee_comment, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)
     ON CONFLICT (tenant_id, session_id) DO UPDATE SET
       status = EXCLUDED.status, format = EXCLUDED.format, scheduled_at = EXCLUDED.scheduled_at, planned_minutes = EXCLUDED.planned_minutes,
       occurred_at = EXCLUDED.occurred_at, minutes = EXCLUDED.minutes, topics = EXCLUDED.topics, logged = EXCLUDED.logged,
       reported_by = EXCLUDED.reported_by, reported_at = EXCLUDED.reported_at, confirm_by = EXCLUDED.confirm_by,
       confirmation = EXCLUDED.confirmation, decided_at = EXCLUDED.decided_at, no_show_absent = EXCLUDED.no_show_absent,
       mentor_rating = EXCLUDED.mentor_rating, mentor_comment = EXCLUDED.mentor_comment, mentee_rating = EXCLUDED.mentee_rating,
       mentee_comment = EXCLUDED.mentee_comment, updated_at = EXCLUDED.updated_at`,
    [
      tenantId, s.sessionId, s.pairingId, s.programId, s.status, s.format, s.scheduledAt, s.plannedMinutes, c?.occurredAt ?? null,
      c?.minutes ?? null, JSON.stringify(c?.topics ?? []), c?.logged ?? null, c?.reportedBy.side ?? null, c?.reportedAt ?? null,
      c?.confirmBy ?? null, c?.confirmation ?? null, c?.decidedAt ?? null, s.noShow?.absent ?? null, s.ratings.mentor?.rating ?? null,
      s.ratings.mentor?.comment ?? null, s.ratings.mentee?.rating ?? null, s.ratings.mentee?.comment ?? null, at,
    ],
  );
}

/** `session_tracking.sessions`: one row per session, rewritten from the session's state by every event of it. */
export const sessionsProjection = projection<SessionEvent, SessionState>({
  name: 'sessions',
  category: 'Session',
  decider: sessionDecider,
  tables: ['session_tracking.sessions'],
  on: {
    SessionScheduled: upsertSession,
    SessionRescheduled: upsertSession,
    SessionCancelled: upsertSession,
    SessionCompletionReported: upsertSession,
    SessionConfirmed: upsertSession,
    SessionDeclined: upsertSession,
    NoShowReported: upsertSession,
    SessionRated: upsertSession,
  },
});
