import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { programDecider, type ProgramEvent, type ProgramState } from '@tandem/enrollment-domain';

/** When a program event happened (each says so itself): the row's `updated_at`. */
const changedAt = (event: ProgramEvent): string => {
  switch (event.type) {
    case 'ProgramCreated':
      return event.data.createdAt;
    case 'ProgramRevised':
      return event.data.revisedAt;
    case 'ProgramStatusChanged':
    case 'ProgramManagersChanged':
      return event.data.changedAt;
  }
};

/** The row is rewritten whole from the state after the event: idempotent and never partially updated. */
async function writeProgram(tx: Transaction, event: ProjectedEvent<ProgramEvent, ProgramState>) {
  const { tenantId, state, streamVersion } = event;
  if (!state.exists) return;
  await tx.query(
    `INSERT INTO enrollment.programs (tenant_id, program_id, name, status, lifecycle_kind, managers, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
     ON CONFLICT (tenant_id, program_id) DO UPDATE SET
       name = EXCLUDED.name, status = EXCLUDED.status, lifecycle_kind = EXCLUDED.lifecycle_kind, managers = EXCLUDED.managers,
       version = EXCLUDED.version, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at`,
    [tenantId, state.programId, state.name, state.status, state.lifecycle.kind, JSON.stringify(state.managers), streamVersion, state.createdAt, changedAt(event)],
  );
}

/** Programs as the list endpoint shows them. */
export const programsProjection = projection<ProgramEvent, ProgramState>({
  name: 'programs',
  category: 'Program',
  decider: programDecider,
  tables: ['enrollment.programs'],
  on: { ProgramCreated: writeProgram, ProgramRevised: writeProgram, ProgramStatusChanged: writeProgram, ProgramManagersChanged: writeProgram },
});
