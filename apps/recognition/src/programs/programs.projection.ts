import type { ProgramCreatedV1, ProgramManagersChangedV1 } from '@tandem/enrollment-contracts';
import type { Transaction } from '@tandem/event-store';
import { ProgramCreated, ProgramManagersChanged } from '@tandem/enrollment-contracts';
import { applies, integrationProjection } from '@tandem/platform';

/** `recognition.programs`: who manages each program, so recognition's routes can be scoped to it. */

/** Called by the ProgramCreated subscriber (one subscriber per event type), in its inbox transaction. */
export async function recordProgramManagers(tx: Transaction, p: ProgramCreatedV1): Promise<void> {
  await tx.query(
    `INSERT INTO recognition.programs (tenant_id, program_id, managers, updated_at)
     VALUES ($1, $2, $3::jsonb, $4) ON CONFLICT DO NOTHING`,
    [p.tenantId, p.programId, JSON.stringify(p.managers), p.createdAt],
  );
}

export async function changeProgramManagers(tx: Transaction, p: ProgramManagersChangedV1): Promise<void> {
  await tx.query(`UPDATE recognition.programs SET managers = $3::jsonb, updated_at = $4 WHERE tenant_id = $1 AND program_id = $2`, [
    p.tenantId,
    p.programId,
    JSON.stringify(p.managers),
    p.changedAt,
  ]);
}

/** Who manages each program (the shared program-scope check reads it). */
export const programsProjection = integrationProjection({
  name: 'programs',
  tables: ['recognition.programs'],
  // ProgramManagersChanged is keyed by program like ProgramCreated, so it never overtakes it.
  on: [applies(ProgramCreated, recordProgramManagers), applies(ProgramManagersChanged, changeProgramManagers)],
});
