import type { SqlExecutor } from '@tandem/event-store';
import type { ParticipantProfile, Person } from '@tandem/enrollment-domain';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

/** One row of `enrollment.applications`. */
export interface ApplicationRecord {
  applicationId: string;
  programId: string;
  role: string;
  status: string;
  userId: string;
  employeeId: string;
  name: string;
  department: string | null;
  timeZone: string;
  person: Person;
  profile: ParticipantProfile;
  answers: Record<string, string | number | boolean>;
  onboardingCompleted: boolean;
  capacity: number;
  held: number;
  version: number;
  appliedAt: Date;
  /** The latest decision and its reason; null while undecided. */
  decision: { status: string; reason: string | null; at: string } | null;
}

const COLUMNS = `application_id AS "applicationId", program_id AS "programId", role, status, user_id AS "userId", employee_id AS "employeeId",
  name, department, time_zone AS "timeZone", person, profile, answers, onboarding_completed AS "onboardingCompleted", capacity, held,
  version, applied_at AS "appliedAt", decision`;

export async function findApplication(db: SqlExecutor, tenantId: string, applicationId: string): Promise<ApplicationRecord | undefined> {
  const { rows } = await db.query<ApplicationRecord>(`SELECT ${COLUMNS} FROM enrollment.applications WHERE tenant_id = $1 AND application_id = $2`, [
    tenantId,
    applicationId,
  ]);
  return rows[0];
}

/** A program's applications, optionally of one status and role, oldest first. */
export function listApplications<View>(
  db: SqlExecutor,
  tenantId: string,
  programId: string,
  filter: { status?: string; role?: string },
  page: PageQuery,
  view: (row: ApplicationRecord) => View,
): Promise<Page<View>> {
  const params: unknown[] = [tenantId, programId];
  let from = `FROM enrollment.applications WHERE tenant_id = $1 AND program_id = $2`;
  if (filter.status) from += ` AND status = $${params.push(filter.status)}`;
  if (filter.role) from += ` AND role = $${params.push(filter.role)}`;
  return pageOf(db, { select: COLUMNS, from, params, orderBy: 'applied_at, application_id' }, page, view);
}

/** The approved mentors and mentees of a program (the matching input), by application id. */
export async function approvedApplications(db: SqlExecutor, tenantId: string, programId: string) {
  const { rows } = await db.query<ApplicationRecord>(
    `SELECT ${COLUMNS} FROM enrollment.applications WHERE tenant_id = $1 AND program_id = $2 AND status = 'approved' ORDER BY application_id`,
    [tenantId, programId],
  );
  return { mentors: rows.filter((r) => r.role === 'mentor'), mentees: rows.filter((r) => r.role === 'mentee') };
}

/** The caller's own applications across programs (with the program's name), newest first. */
export function listUserApplications<View>(
  db: SqlExecutor,
  tenantId: string,
  userId: string,
  filter: { status?: string; role?: string },
  page: PageQuery,
  view: (row: ApplicationRecord & { programName: string }) => View,
): Promise<Page<View>> {
  const params: unknown[] = [tenantId, userId];
  let from = `FROM enrollment.applications a JOIN enrollment.programs p ON p.tenant_id = a.tenant_id AND p.program_id = a.program_id
    WHERE a.tenant_id = $1 AND a.user_id = $2`;
  if (filter.status) from += ` AND a.status = $${params.push(filter.status)}`;
  if (filter.role) from += ` AND a.role = $${params.push(filter.role)}`;
  const select = COLUMNS.split(',').map((c) => `a.${c.trim()}`).join(', ') + ', p.name AS "programName"';
  return pageOf(db, { select, from, params, orderBy: 'a.applied_at DESC, a.application_id' }, page, view);
}

/** How many applicants a program has, per role and status (statuses with none are 0). */
export async function applicationCounts(db: SqlExecutor, tenantId: string, programId: string): Promise<{ role: string; status: string; count: number }[]> {
  const { rows } = await db.query<{ role: string; status: string; count: number }>(
    `SELECT role, status, count(*)::int AS count FROM enrollment.applications WHERE tenant_id = $1 AND program_id = $2 GROUP BY role, status ORDER BY role, status`,
    [tenantId, programId],
  );
  return rows;
}
