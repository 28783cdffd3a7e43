import type { Transaction } from '@tandem/event-store';

/** How often a program's pairs are expected to meet (the basis of engagement health), and who manages it. */
export async function insertProgramPolicy(
  tx: Transaction,
  p: { tenantId: string; programId: string; name: string; status: string; sessionsPerMonth: number; sessionMinutes: number; managers: string[]; at: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO session_tracking.program_policies (tenant_id, program_id, name, status, sessions_per_month, session_minutes, managers, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, program_id) DO NOTHING`,
    [p.tenantId, p.programId, p.name, p.status, String(p.sessionsPerMonth), p.sessionMinutes, JSON.stringify(p.managers), p.at],
  );
}

export async function updateProgramStatus(tx: Transaction, tenantId: string, programId: string, status: string, at: string): Promise<void> {
  await tx.query(`UPDATE session_tracking.program_policies SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND program_id = $2`, [
    tenantId, programId, status, at,
  ]);
}

export async function updateProgramManagers(tx: Transaction, tenantId: string, programId: string, managers: string[], at: string): Promise<void> {
  await tx.query(`UPDATE session_tracking.program_policies SET managers = $3, updated_at = $4 WHERE tenant_id = $1 AND program_id = $2`, [
    tenantId, programId, JSON.stringify(managers), at,
  ]);
}
