import { Injectable } from '@nestjs/common';
import { Database, type CommandContext, type SqlExecutor } from '@tandem/event-store';
import { ForbiddenError, IllegalStateError, NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import type { PairActor, Side } from '@tandem/session-tracking-domain';

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

/** A page of pairings matching `condition` (`$2` is `value`), optionally by status and health; most overdue first. */
export function pairingsPage<V>(
  db: SqlExecutor,
  tenantId: string,
  condition: string,
  value: string,
  query: PageQuery & { status?: string; health?: string },
  view: (row: PairingRow) => V,
): Promise<Page<V>> {
  const params: unknown[] = [tenantId, value];
  const where = ['tenant_id = $1', condition];
  if (query.status) where.push(`status = $${params.push(query.status)}`);
  if (query.health) where.push(`health = $${params.push(query.health)}`);
  return pageOf<PairingRow, V>(
    db,
    { select: PAIRING_COLUMNS, from: `FROM session_tracking.pairings WHERE ${where.join(' AND ')}`, params, orderBy: 'at_risk_since NULLS LAST, started_at DESC, pairing_id' },
    query,
    view,
  );
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
