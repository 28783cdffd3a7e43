import { Injectable, Logger } from '@nestjs/common';
import { PairingStarted, PairingStatusChanged } from '@tandem/enrollment-contracts';
import { Database, type CommandContext, type SqlExecutor, type Transaction } from '@tandem/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError, type PayloadOf } from '@tandem/kernel';
import type { ReceivedEvent } from '@tandem/messaging';
import { SubscribesTo, type Subscriber } from '@tandem/platform';
import { cadenceWindowDays, type PairActor, type Side } from '@tandem/session-tracking-domain';

export type PairingStatus = 'active' | 'paused' | 'completed' | 'ended-early';

/** Session tracking's own copy of a pairing (from enrollment's events) with its cadence anchor and health. */
export interface PairingRow {
  tenantId: string;
  pairingId: string;
  programId: string;
  mentorUserId: string;
  mentorName: string;
  menteeUserId: string;
  menteeName: string;
  status: PairingStatus;
  startedAt: Date;
  statusChangedAt: Date;
  resumedAt: Date | null;
  windowDays: number;
  lastSessionAt: Date | null;
  confirmedSessions: number;
  confirmedMinutes: number;
  dueAt: Date;
  health: 'healthy' | 'at-risk';
  atRiskSince: Date | null;
}

export const PAIRING_COLUMNS = `tenant_id AS "tenantId", pairing_id AS "pairingId", program_id AS "programId",
  mentor_user_id AS "mentorUserId", mentor_name AS "mentorName", mentee_user_id AS "menteeUserId", mentee_name AS "menteeName",
  status, started_at AS "startedAt", status_changed_at AS "statusChangedAt", resumed_at AS "resumedAt", window_days AS "windowDays",
  last_session_at AS "lastSessionAt", confirmed_sessions AS "confirmedSessions", confirmed_minutes AS "confirmedMinutes",
  due_at AS "dueAt", health, at_risk_since AS "atRiskSince"`;

/**
 * The cadence window restarts at the latest of: the start, the last resumption, the last confirmed session.
 * `due_at` is kept in the row (24-hour days, like the domain's arithmetic) so the scheduler's scan is an index range.
 */
export const DUE_AT_SQL = `greatest(started_at, resumed_at, last_session_at) + window_days * interval '24 hours'`;

/** Programs whose ProgramCreated session tracking never saw get this cadence (lenient: one session a month). */
export const FALLBACK_SESSIONS_PER_MONTH = 1;

export const anchorOf = (p: Pick<PairingRow, 'startedAt' | 'resumedAt' | 'lastSessionAt'>): Date =>
  new Date(Math.max(...[p.startedAt, p.resumedAt, p.lastSessionAt].filter((d): d is Date => d !== null).map((d) => d.getTime())));

export const sideOf = (pairing: PairingRow, userId: string): Side | null =>
  pairing.mentorUserId === userId ? 'mentor' : pairing.menteeUserId === userId ? 'mentee' : null;

export const userIdOf = (pairing: PairingRow, side: Side): string => (side === 'mentor' ? pairing.mentorUserId : pairing.menteeUserId);

export async function findPairing(db: SqlExecutor, tenantId: string, pairingId: string, lock = false): Promise<PairingRow | undefined> {
  const { rows } = await db.query<PairingRow>(
    `SELECT ${PAIRING_COLUMNS} FROM session_tracking.pairings WHERE tenant_id = $1 AND pairing_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
    [tenantId, pairingId],
  );
  return rows[0];
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

@SubscribesTo(PairingStarted)
@Injectable()
export class PairingFromStarted implements Subscriber<typeof PairingStarted> {
  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof PairingStarted>>, tx: Transaction) {
    const { rows } = await tx.query<{ sessions_per_month: string }>(
      `SELECT sessions_per_month FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`,
      [p.tenantId, p.programId],
    );
    const windowDays = cadenceWindowDays(rows[0] ? Number(rows[0].sessions_per_month) : FALLBACK_SESSIONS_PER_MONTH);
    await tx.query(
      `INSERT INTO session_tracking.pairings
         (tenant_id, pairing_id, program_id, mentor_user_id, mentor_name, mentee_user_id, mentee_name, status, started_at,
          status_changed_at, window_days, due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'active', $8::timestamptz, $8::timestamptz, $9::int, $8::timestamptz + $9::int * interval '24 hours')
       ON CONFLICT (tenant_id, pairing_id) DO NOTHING`,
      [p.tenantId, p.pairingId, p.programId, p.mentor.userId, p.mentor.name, p.mentee.userId, p.mentee.name, p.startedAt, windowDays],
    );
  }
}

@SubscribesTo(PairingStatusChanged)
@Injectable()
export class PairingFromStatusChanged implements Subscriber<typeof PairingStatusChanged> {
  private readonly logger = new Logger('pairings');

  async handle({ payload: p }: ReceivedEvent<PayloadOf<typeof PairingStatusChanged>>, tx: Transaction) {
    // Resuming restarts the cadence window: a pause is agreed, not a lapse.
    const { rowCount } = await tx.query(
      `UPDATE session_tracking.pairings
       SET status = $3::text, status_changed_at = $4::timestamptz,
           resumed_at = CASE WHEN $3::text = 'active' AND status = 'paused' THEN $4::timestamptz ELSE resumed_at END, updated_at = now()
       WHERE tenant_id = $1 AND pairing_id = $2`,
      [p.tenantId, p.pairingId, p.to, p.changedAt],
    );
    if (rowCount === 0) {
      this.logger.warn(`PairingStatusChanged for unknown pairing ${p.pairingId} (tenant ${p.tenantId}) ignored`);
      return;
    }
    await tx.query(`UPDATE session_tracking.pairings SET due_at = ${DUE_AT_SQL} WHERE tenant_id = $1 AND pairing_id = $2`, [p.tenantId, p.pairingId]);
  }
}

export const PairingSubscribers = [PairingFromStarted, PairingFromStatusChanged];

/** 404 unless session tracking knows the program (from enrollment's ProgramCreated) in this tenant. */
export async function requireProgram(db: SqlExecutor, tenantId: string, programId: string): Promise<void> {
  const { rows } = await db.query(`SELECT 1 FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`, [tenantId, programId]);
  if (rows.length === 0) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
}

const STATUS_REFUSALS: Record<Exclude<PairingStatus, 'active'>, string> = {
  paused: 'This pairing is paused: sessions can be recorded again once it resumes',
  completed: 'This pairing has completed: no new sessions, goals or outcomes can be recorded',
  'ended-early': 'This pairing ended early: no new sessions, goals or outcomes can be recorded',
};

/**
 * Who may do what to a pairing's things. The caller's JWT subject must be the pairing's mentor or mentee to act
 * (their side comes from the pairing, not from the token's roles); the managers of its program and admins may read.
 */
@Injectable()
export class PairAccess {
  constructor(private readonly db: Database) {}

  async pairing(tenantId: string, pairingId: string): Promise<PairingRow> {
    const pairing = await findPairing(this.db, tenantId, pairingId);
    if (!pairing) throw new NotFoundError(`Pairing ${pairingId} not found`, 'pairing.not_found');
    return pairing;
  }

  /**
   * The caller as a member of the pairing. `active`: refuse with 409 unless the pairing is active (new sessions,
   * goals, outcomes); settling what already happened (confirming, rating) is allowed on any pairing.
   */
  async member(context: CommandContext, pairingId: string, require: 'active' | 'any'): Promise<{ pairing: PairingRow; actor: PairActor }> {
    const pairing = await this.pairing(context.tenantId, pairingId);
    const side = sideOf(pairing, context.actor.id);
    if (!side) throw new ForbiddenError("Only the pairing's mentor or mentee may do this", 'pairing.not_a_member');
    if (require === 'active' && pairing.status !== 'active') {
      throw new IllegalStateError(STATUS_REFUSALS[pairing.status], 'pairing.not_active', { status: pairing.status });
    }
    return { pairing, actor: { userId: context.actor.id, side } };
  }

  /** A member, or (`managesProgram`, from the program-scope guard) a manager of its program or an admin. */
  async reader(context: CommandContext, pairingId: string, managesProgram: boolean): Promise<{ pairing: PairingRow; side: Side | null }> {
    const pairing = await this.pairing(context.tenantId, pairingId);
    const side = sideOf(pairing, context.actor.id);
    if (!side && !managesProgram) throw new ForbiddenError("Only the pairing's mentor, mentee or a manager of its program may read this", 'pairing.not_a_member');
    return { pairing, side };
  }
}
