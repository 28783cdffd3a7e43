import type { SqlExecutor } from '@tandem/event-store';

export interface EnrolledParticipant {
  applicationId: string;
  userId: string;
  employeeId: string;
  name: string;
  status: string;
}

/**
 * The person's open application (not withdrawn or rejected) in this role and program, found by employee id or
 * by identity (one per person, role and program): an imported participant is matched on it, so re-uploading a
 * file — or importing someone who applied by themselves — changes nothing.
 */
export async function openApplicationOf(
  db: SqlExecutor,
  tenantId: string,
  programId: string,
  role: 'mentor' | 'mentee',
  person: { employeeId: string; userId?: string },
): Promise<EnrolledParticipant | undefined> {
  const { rows } = await db.query<EnrolledParticipant>(
    `SELECT application_id AS "applicationId", user_id AS "userId", employee_id AS "employeeId", name, status
     FROM enrollment.applications
     WHERE tenant_id = $1 AND program_id = $2 AND role = $3 AND (employee_id = $4 OR user_id = $5) AND status NOT IN ('withdrawn', 'rejected')
     ORDER BY (employee_id = $4) DESC, applied_at
     LIMIT 1`,
    [tenantId, programId, role, person.employeeId, person.userId ?? null],
  );
  return rows[0];
}
