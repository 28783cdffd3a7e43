import type { Transaction } from '@tandem/event-store';
import { ProgramCreated, ProgramManagersChanged, ProgramStatusChanged } from '@tandem/enrollment-contracts';
import { applies, integrationProjection } from '@tandem/platform';

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

/** Each program's session expectations, status and managers, from enrollment's program events. */
export const programPoliciesProjection = integrationProjection({
  name: 'program-policies',
  tables: ['session_tracking.program_policies'],
  on: [
    applies(ProgramCreated, (tx, p) =>
      insertProgramPolicy(tx, {
        tenantId: p.tenantId, programId: p.programId, name: p.name, status: p.status, sessionsPerMonth: p.expectations.sessionsPerMonth,
        sessionMinutes: p.expectations.sessionMinutes, managers: p.managers, at: p.createdAt,
      }),
    ),
    applies(ProgramStatusChanged, (tx, p) => updateProgramStatus(tx, p.tenantId, p.programId, p.to, p.changedAt)),
    // Keyed by program like ProgramCreated, so it is never applied before the program exists here.
    applies(ProgramManagersChanged, (tx, p) => updateProgramManagers(tx, p.tenantId, p.programId, p.managers, p.changedAt)),
  ],
});
