import type { CommandContext, SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import type { PairingRecord } from '../shared/pairing-view';

const COLUMNS = `pairing_id AS "pairingId", program_id AS "programId", run_id AS "runId", source, status, mentor, mentee,
  mentor_user_id AS "mentorUserId", mentee_user_id AS "menteeUserId", score, breakdown, algorithm_version AS "algorithmVersion",
  mentor_accepted AS "mentorAccepted", mentee_accepted AS "menteeAccepted", expires_at AS "expiresAt", started_at AS "startedAt",
  ended_at AS "endedAt", end_reason AS "endReason", version, overridden_filters AS "overriddenFilters", exclusion_lifted AS "exclusionLifted"`;

/** The pairing, for its mentor, its mentee or a manager of its program; anyone else is told it does not exist. */
export async function readablePairing(db: SqlExecutor, context: CommandContext, pairingId: string, managesProgram: boolean): Promise<PairingRecord> {
  const { rows } = await db.query<PairingRecord>(`SELECT ${COLUMNS} FROM enrollment.pairings WHERE tenant_id = $1 AND pairing_id = $2`, [context.tenantId, pairingId]);
  const row = rows[0];
  const member = row && (row.mentorUserId === context.actor.id || row.menteeUserId === context.actor.id);
  if (!row || (!member && !managesProgram)) throw new NotFoundError('Pairing not found', 'pairing.not_found');
  return row;
}

/** A program's proposals and pairings, optionally of one status or matching run, oldest first. */
export function listProgramPairings<View>(
  db: SqlExecutor,
  tenantId: string,
  programId: string,
  filter: { status?: string; runId?: string },
  page: PageQuery,
  view: (row: PairingRecord) => View,
): Promise<Page<View>> {
  const params: unknown[] = [tenantId, programId];
  let from = `FROM enrollment.pairings WHERE tenant_id = $1 AND program_id = $2`;
  if (filter.status) from += ` AND status = $${params.push(filter.status)}`;
  if (filter.runId) from += ` AND run_id = $${params.push(filter.runId)}`;
  return pageOf(db, { select: COLUMNS, from, params, orderBy: 'created_at, pairing_id' }, page, view);
}

/** A user's own proposals and pairings, as mentor or mentee, newest first; not those still awaiting a manager. */
export function listUserPairings<View>(
  db: SqlExecutor,
  tenantId: string,
  userId: string,
  status: string | undefined,
  page: PageQuery,
  view: (row: PairingRecord) => View,
): Promise<Page<View>> {
  const params: unknown[] = [tenantId, userId];
  let from = `FROM enrollment.pairings WHERE tenant_id = $1 AND (mentor_user_id = $2 OR mentee_user_id = $2) AND status <> 'proposed'`;
  if (status) from += ` AND status = $${params.push(status)}`;
  return pageOf(db, { select: COLUMNS, from, params, orderBy: 'created_at DESC, pairing_id' }, page, view);
}

/** The proposals of a matching run, best first. */
export async function runProposals(db: SqlExecutor, tenantId: string, runId: string): Promise<PairingRecord[]> {
  const { rows } = await db.query<PairingRecord>(`SELECT ${COLUMNS} FROM enrollment.pairings WHERE tenant_id = $1 AND run_id = $2 ORDER BY score DESC, pairing_id`, [
    tenantId,
    runId,
  ]);
  return rows;
}

/**
 * The pairs a program's matching may not propose again: rejected by a manager or declined by one side, and not
 * lifted since (by mentee and mentor application id, with a reason for the run's explanation).
 */
export async function excludedPairs(db: SqlExecutor, tenantId: string, programId: string): Promise<{ menteeId: string; mentorId: string; reason: string }[]> {
  const { rows } = await db.query<{ menteeId: string; mentorId: string; status: string; endedAt: Date | null; endReason: string | null }>(
    `SELECT mentee->>'applicationId' AS "menteeId", mentor->>'applicationId' AS "mentorId", status, ended_at AS "endedAt", end_reason AS "endReason"
     FROM enrollment.pairings
     WHERE tenant_id = $1 AND program_id = $2 AND status IN ('rejected', 'declined') AND NOT exclusion_lifted
     ORDER BY ended_at, pairing_id`,
    [tenantId, programId],
  );
  return rows.map((r) => ({
    menteeId: r.menteeId,
    mentorId: r.mentorId,
    reason: `${r.status === 'rejected' ? 'rejected by a program manager' : 'declined'}${r.endedAt ? ` on ${r.endedAt.toISOString().slice(0, 10)}` : ''}${r.endReason ? ` (${r.endReason})` : ''}`,
  }));
}

/** How to reach a pair's two people (from their applications): name, email, time zone and languages. */
export async function pairContacts(db: SqlExecutor, tenantId: string, applicationIds: { mentor: string; mentee: string }) {
  const { rows } = await db.query<{ applicationId: string; name: string; email: string; timeZone: string; languages: string[] }>(
    `SELECT application_id AS "applicationId", name, email, time_zone AS "timeZone", person->'languages' AS languages
     FROM enrollment.applications WHERE tenant_id = $1 AND application_id = ANY($2::text[])`,
    [tenantId, [applicationIds.mentor, applicationIds.mentee]],
  );
  const byId = new Map(rows.map(({ applicationId, ...contact }) => [applicationId, contact]));
  return { mentor: byId.get(applicationIds.mentor) ?? null, mentee: byId.get(applicationIds.mentee) ?? null };
}
