import type { Transaction } from '@tandem/event-store';
import type { ProgramState } from '@tandem/enrollment-domain';

// A program's row is rewritten whole from its new state inside the command's transaction: idempotent, never
// partially updated, and the list endpoint always agrees with the event store.

export async function projectProgram(tx: Transaction, tenantId: string, state: ProgramState, version: number, at: string) {
  if (!state.exists) return;
  await tx.query(
    `INSERT INTO enrollment.programs (tenant_id, program_id, name, status, lifecycle_kind, managers, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
     ON CONFLICT (tenant_id, program_id) DO UPDATE SET
       name = EXCLUDED.name, status = EXCLUDED.status, lifecycle_kind = EXCLUDED.lifecycle_kind, managers = EXCLUDED.managers,
       version = EXCLUDED.version, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
    [tenantId, state.programId, state.name, state.status, state.lifecycle.kind, JSON.stringify(state.managers), version, state.createdAt, at],
  );
}
