import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

export interface KudosRow {
  programId: string;
  kudosId: string;
  mentorId: string;
  menteeId: string;
  category: string;
  message: string;
  shared: boolean;
  givenAt: string;
}

const SELECT = `program_id AS "programId", kudos_id AS "kudosId", mentor_id AS "mentorId", mentee_id AS "menteeId", category, message, shared, given_at AS "givenAt"`;
const toView = (r: KudosRow): KudosRow => ({ ...r, givenAt: new Date(r.givenAt).toISOString() });

/** Kudos received (`mentorId`) or given (`menteeId`) by the caller, newest first; filter by program and category. */
export function kudosPage(
  db: SqlExecutor,
  tenantId: string,
  filter: { mentorId?: string; menteeId?: string; programId?: string; category?: string },
  page: PageQuery,
): Promise<Page<KudosRow>> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  for (const [column, value] of [['mentor_id', filter.mentorId], ['mentee_id', filter.menteeId], ['program_id', filter.programId], ['category', filter.category]] as const) {
    if (value !== undefined) where.push(`${column} = $${params.push(value)}`);
  }
  return pageOf(db, { select: SELECT, from: `FROM recognition.kudos WHERE ${where.join(' AND ')}`, params, orderBy: 'given_at DESC, kudos_id' }, page, toView);
}

export async function findKudos(db: SqlExecutor, tenantId: string, programId: string, kudosId: string): Promise<KudosRow | undefined> {
  const { rows } = await db.query<KudosRow>(`SELECT ${SELECT} FROM recognition.kudos WHERE tenant_id = $1 AND program_id = $2 AND kudos_id = $3`, [tenantId, programId, kudosId]);
  return rows[0] && toView(rows[0]);
}
