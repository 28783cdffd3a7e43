import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Database, EventStore, executeCommand, type CommandContext, type DecidedEvent, type OutboxMessage, type Transaction } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { FeedbackSubmitted, SessionCancelled, SessionCompleted, SessionNoShowReported } from '@tandem/session-tracking-contracts';
import { sessionDecider, sessionStreamId, type SessionCommand, type SessionEvent, type SessionState } from '@tandem/session-tracking-domain';
import { pageOf, type Page } from '@tandem/platform';
import { EngagementHealth } from '../health/engagement-health';
import { TrainingHoursLedger } from '../hours/training-hours';
import { recordConfirmedSession, type PairingRow } from '../pairings/pairings';
import { followUpContext, Outbox } from '../shared/outbox';
import type { ProgramSessionListQuery, SessionListQuery, SessionView } from './session.dto';

/** A session command of a member of `pairing` (access already checked), through the event pipeline. */
export class RunSessionCommand {
  constructor(
    readonly command: SessionCommand,
    readonly context: CommandContext,
    readonly pairing: PairingRow,
  ) {}
}

/**
 * Appends the session's events, maps the public ones to the outbox and updates the read model (returning the row it
 * wrote, so the caller answers without reading it again; undefined for a repeat that wrote nothing) — and when the
 * other side confirms, in the SAME transaction: credits both training-hours ledgers, moves the pairing's cadence
 * anchor and re-evaluates its health (a confirmed session recovers an at-risk pairing at once). Nothing is
 * half-written: any failure rolls all of it back.
 */
@CommandHandler(RunSessionCommand)
export class RunSessionCommandHandler implements ICommandHandler<RunSessionCommand, SessionRow | undefined> {
  constructor(
    private readonly store: EventStore,
    private readonly outbox: Outbox,
    private readonly ledger: TrainingHoursLedger,
    private readonly health: EngagementHealth,
  ) {}

  async execute({ command, context, pairing }: RunSessionCommand): Promise<SessionRow | undefined> {
    let written: SessionRow | undefined;
    await executeCommand(this.store, sessionDecider, {
      streamId: sessionStreamId(command.sessionId),
      command,
      context,
      publish: (decided, state) => decided.flatMap((d) => this.publish(d, state, pairing, context.tenantId)),
      project: async (decided, state, tx) => {
        if (!state.exists) return;
        written = await upsertSession(tx, context.tenantId, state, command.at);
        const completion = state.completion;
        if (!decided.some((d) => d.event.type === 'SessionConfirmed') || !completion) return;
        const followUp = followUpContext(context);
        await this.ledger.creditSession(tx, followUp, pairing, { sessionId: state.sessionId, occurredAt: completion.occurredAt, minutes: completion.minutes }, command.at);
        const updated = await recordConfirmedSession(tx, context.tenantId, pairing.pairingId, completion.occurredAt, completion.minutes);
        // Health is only judged while the pairing runs (a late confirmation after it ended raises nothing).
        if (updated.status === 'active') await this.health.evaluate(tx, followUp, updated, new Date(command.at));
      },
    });
    return written;
  }

  private publish({ event, eventId, metadata }: DecidedEvent<SessionEvent>, state: SessionState, pairing: PairingRow, tenantId: string): OutboxMessage[] {
    if (!state.exists) return [];
    const cause = { eventId, metadata };
    const ref = { tenantId, programId: pairing.programId, pairingId: pairing.pairingId, mentorUserId: pairing.mentorUserId, menteeUserId: pairing.menteeUserId };
    switch (event.type) {
      case 'SessionConfirmed': {
        const c = state.completion!;
        return [
          this.outbox.message(SessionCompleted, {
            ...ref, sessionId: state.sessionId, occurredAt: c.occurredAt, minutes: c.minutes, format: c.format, logged: c.logged,
            reportedByRole: c.reportedBy.side, confirmedAt: event.data.at,
          }, cause),
        ];
      }
      case 'SessionCancelled':
        return [this.outbox.message(SessionCancelled, { ...ref, sessionId: state.sessionId, scheduledAt: state.scheduledAt!, cancelledByRole: event.data.by.side, cancelledAt: event.data.at }, cause)];
      case 'NoShowReported':
        return [this.outbox.message(SessionNoShowReported, { ...ref, sessionId: state.sessionId, scheduledAt: state.scheduledAt!, absentRole: event.data.absent, reportedAt: event.data.at }, cause)];
      case 'SessionRated':
        // The rating only: the comment is personal data and stays here.
        return [this.outbox.message(FeedbackSubmitted, { ...ref, sessionId: state.sessionId, raterRole: event.data.side, rating: event.data.rating, submittedAt: event.data.at }, cause)];
      default:
        return [];
    }
  }
}

async function upsertSession(tx: Transaction, tenantId: string, s: Extract<SessionState, { exists: true }>, at: string): Promise<SessionRow> {
  const c = s.completion;
  const { rows } = await tx.query<SessionRow>(
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
       mentee_comment = EXCLUDED.mentee_comment, updated_at = EXCLUDED.updated_at
     RETURNING ${SESSION_COLUMNS}`,
    [
      tenantId, s.sessionId, s.pairingId, s.programId, s.status, s.format, s.scheduledAt, s.plannedMinutes, c?.occurredAt ?? null,
      c?.minutes ?? null, JSON.stringify(c?.topics ?? []), c?.logged ?? null, c?.reportedBy.side ?? null, c?.reportedAt ?? null,
      c?.confirmBy ?? null, c?.confirmation ?? null, c?.decidedAt ?? null, s.noShow?.absent ?? null, s.ratings.mentor?.rating ?? null,
      s.ratings.mentor?.comment ?? null, s.ratings.mentee?.rating ?? null, s.ratings.mentee?.comment ?? null, at,
    ],
  );
  return rows[0];
}

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

const SESSION_COLUMNS = `session_id AS "sessionId", pairing_id AS "pairingId", program_id AS "programId", status, format,
  scheduled_at AS "scheduledAt", planned_minutes AS "plannedMinutes", occurred_at AS "occurredAt", minutes, topics, logged,
  reported_by AS "reportedBy", confirm_by AS "confirmBy", confirmation, no_show_absent AS "noShowAbsent",
  mentor_rating AS "mentorRating", mentor_comment AS "mentorComment", mentee_rating AS "menteeRating", mentee_comment AS "menteeComment",
  updated_at AS "updatedAt"`;

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
    const { rows } = await this.db.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM session_tracking.sessions WHERE tenant_id = $1 AND session_id = $2`, [tenantId, sessionId]);
    if (!rows[0]) throw new NotFoundError(`Session ${sessionId} not found`, 'session.not_found');
    return rows[0];
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
