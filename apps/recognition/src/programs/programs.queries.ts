import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';

/** For `@ProgramScope('program')` routes: the program's managers as recognition last saw them. */
export const RECOGNITION_PROGRAM_SCOPES = {
  program: `SELECT program_id, managers FROM recognition.programs WHERE tenant_id = $1 AND program_id = $2`,
  // A competition's program and its managers; a tenant-wide one has neither, so only tenant admins manage it.
  competition: `SELECT c.program_id, COALESCE(p.managers, '[]'::jsonb) AS managers FROM recognition.competitions c
    LEFT JOIN recognition.programs p ON p.tenant_id = c.tenant_id AND p.program_id = c.program_id WHERE c.tenant_id = $1 AND c.competition_id = $2`,
};

/** A 404 for a program recognition has not heard of (ProgramCreated not consumed, or another tenant's). */
export async function requireProgram(db: SqlExecutor, tenantId: string, programId: string): Promise<void> {
  const { rows } = await db.query(`SELECT 1 FROM recognition.programs WHERE tenant_id = $1 AND program_id = $2`, [tenantId, programId]);
  if (rows.length === 0) throw new NotFoundError(`Program ${programId} not found`, 'program.not_found');
}
