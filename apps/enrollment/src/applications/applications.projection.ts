import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { applicationDecider, capacityOf, type ApplicationEvent, type ApplicationState } from '@tandem/enrollment-domain';

/** When an application event happened (each says so itself): the row's `updated_at`. */
const changedAt = (event: ApplicationEvent): string => {
  switch (event.type) {
    case 'ParticipantApplied':
      return event.data.appliedAt;
    case 'ApplicationDecided':
      return event.data.decidedAt;
    case 'ApplicationWithdrawn':
      return event.data.withdrawnAt;
    case 'MentorOnboardingCompleted':
      return event.data.completedAt;
    case 'ConsentChanged':
      return event.data.changedAt;
    case 'ApplicationEdited':
      return event.data.editedAt;
    case 'CapacityHeld':
      return event.data.heldAt;
    case 'CapacityReleased':
      return event.data.releasedAt;
  }
};

/**
 * The row is rewritten whole from the state after the event (capacity holds included), inside the command's
 * transaction, so the list endpoints and the matching input always agree with the event store.
 */
async function writeApplication(tx: Transaction, event: ProjectedEvent<ApplicationEvent, ApplicationState>) {
  const { tenantId, state, streamVersion } = event;
  if (!state.exists) return;
  const { person } = state;
  await tx.query(
    `INSERT INTO enrollment.applications (tenant_id, application_id, program_id, role, status, user_id, employee_id, name, email, department,
       time_zone, person, profile, answers, onboarding_completed, capacity, held, version, applied_at, updated_at, decision)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14::jsonb, $15, $16, $17, $18, $19, $20, $21::jsonb)
     ON CONFLICT (tenant_id, application_id) DO UPDATE SET
       program_id = EXCLUDED.program_id, role = EXCLUDED.role, status = EXCLUDED.status, user_id = EXCLUDED.user_id,
       employee_id = EXCLUDED.employee_id, name = EXCLUDED.name, email = EXCLUDED.email, department = EXCLUDED.department,
       time_zone = EXCLUDED.time_zone, person = EXCLUDED.person, profile = EXCLUDED.profile, answers = EXCLUDED.answers,
       onboarding_completed = EXCLUDED.onboarding_completed, capacity = EXCLUDED.capacity, held = EXCLUDED.held,
       version = EXCLUDED.version, applied_at = EXCLUDED.applied_at, updated_at = EXCLUDED.updated_at, decision = EXCLUDED.decision`,
    [
      tenantId,
      state.applicationId,
      state.programId,
      state.role,
      state.status,
      person.userId,
      person.employeeId,
      person.name,
      person.email,
      person.department,
      person.timeZone,
      JSON.stringify(person),
      JSON.stringify(state.profile),
      JSON.stringify(state.answers),
      state.onboardingCompleted,
      capacityOf(state),
      state.holds.length,
      streamVersion,
      state.appliedAt,
      changedAt(event),
      state.decision === null ? null : JSON.stringify(state.decision),
    ],
  );
}

/** Applications as the applicant lists, the participant views and the matching input read them. */
export const applicationsProjection = projection<ApplicationEvent, ApplicationState>({
  name: 'applications',
  category: 'Application',
  decider: applicationDecider,
  tables: ['enrollment.applications'],
  on: {
    ParticipantApplied: writeApplication,
    ApplicationDecided: writeApplication,
    ApplicationWithdrawn: writeApplication,
    MentorOnboardingCompleted: writeApplication,
    ConsentChanged: writeApplication,
    ApplicationEdited: writeApplication,
    CapacityHeld: writeApplication,
    CapacityReleased: writeApplication,
  },
});
