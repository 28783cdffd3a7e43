import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';

export interface ProgramPolicyRow {
  programId: string;
  name: string;
  status: string;
  sessionsPerMonth: string;
  sessionMinutes: number;
}

export async function findProgramPolicy(db: SqlExecutor, tenantId: string, programId: string): Promise<ProgramPolicyRow | undefined> {
  const { rows } = await db.query<ProgramPolicyRow>(
    `SELECT program_id AS "programId", name, status, sessions_per_month AS "sessionsPerMonth", session_minutes AS "sessionMinutes"
     FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`,
    [tenantId, programId],
  );
  return rows[0];
}

/** 404 unless session tracking knows the program (from enrollment's ProgramCreated) in this tenant. */
export async function requireProgram(db: SqlExecutor, tenantId: string, programId: string): Promise<void> {
  const { rows } = await db.query(`SELECT 1 FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`, [tenantId, programId]);
  if (rows.length === 0) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
}

/** The program's planned session length (60 minutes for a program session tracking never saw). */
export async function sessionMinutesOf(db: SqlExecutor, tenantId: string, programId: string): Promise<number> {
  const { rows } = await db.query<{ minutes: number }>(
    `SELECT session_minutes AS minutes FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`,
    [tenantId, programId],
  );
  return rows[0]?.minutes ?? 60;
}

/** The program's expected sessions per month, or undefined for a program session tracking never saw. */
export async function sessionsPerMonthOf(db: SqlExecutor, tenantId: string, programId: string): Promise<number | undefined> {
  const { rows } = await db.query<{ sessions_per_month: string }>(
    `SELECT sessions_per_month FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`,
    [tenantId, programId],
  );
  return rows[0] ? Number(rows[0].sessions_per_month) : undefined;
}

/** The program's name as enrollment published it (null for a program session tracking never saw). */
export async function programNameOf(db: SqlExecutor, tenantId: string, programId: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(`SELECT name FROM session_tracking.program_policies WHERE tenant_id = $1 AND program_id = $2`, [
    tenantId, programId,
  ]);
  return rows[0]?.name ?? null;
}
