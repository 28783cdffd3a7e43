import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';

export interface GrantRow {
  programId: string;
  grantId: string;
  personId: string;
  kind: 'badge' | 'custom';
  badgeId: string | null;
  tier: string;
  title: string;
  citation: string;
  status: 'granted' | 'revoked';
  revokeReason: string | null;
  grantedAt: string;
  grantedBy: string;
}

const SELECT = `program_id AS "programId", grant_id AS "grantId", person_id AS "personId", kind, badge_id AS "badgeId", tier, title, citation, status,
  revoke_reason AS "revokeReason", granted_at AS "grantedAt", granted_by AS "grantedBy"`;
const toView = (r: GrantRow): GrantRow => ({ ...r, grantedAt: new Date(r.grantedAt).toISOString() });

export interface GrantFilter {
  programId?: string;
  personId?: string;
  kind?: string;
  status?: string;
}

/** Grants newest first, filtered by program, person, kind and status. */
export function grantsPage(db: SqlExecutor, tenantId: string, filter: GrantFilter, page: PageQuery): Promise<Page<GrantRow>> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  for (const [column, value] of [['program_id', filter.programId], ['person_id', filter.personId], ['kind', filter.kind], ['status', filter.status]] as const) {
    if (value !== undefined) where.push(`${column} = $${params.push(value)}`);
  }
  return pageOf(db, { select: SELECT, from: `FROM recognition.grants WHERE ${where.join(' AND ')}`, params, orderBy: 'granted_at DESC, grant_id' }, page, toView);
}

export async function findGrant(db: SqlExecutor, tenantId: string, programId: string, grantId: string): Promise<GrantRow | undefined> {
  const { rows } = await db.query<GrantRow>(`SELECT ${SELECT} FROM recognition.grants WHERE tenant_id = $1 AND program_id = $2 AND grant_id = $3`, [tenantId, programId, grantId]);
  return rows[0] && toView(rows[0]);
}

/** A badge of the program's catalogue (its name and tier), for a grant. */
export async function catalogueBadge(db: SqlExecutor, tenantId: string, programId: string, badgeId: string): Promise<{ name: string; tier: string } | undefined> {
  const { rows } = await db.query<{ name: string; tier: string }>(`SELECT name, tier FROM recognition.badges WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3`, [
    tenantId, programId, badgeId,
  ]);
  return rows[0];
}
