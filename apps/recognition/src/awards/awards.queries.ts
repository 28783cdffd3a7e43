import type { SqlExecutor } from '@tandem/event-store';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import type { CriterionEvidence } from '@tandem/recognition-domain';

export interface AwardRow {
  programId: string;
  badgeId: string;
  personId: string;
  tier: string;
  ruleVersion: number;
  earnedAt: string;
  evidence: CriterionEvidence[];
  status: 'awarded' | 'revoked';
  flagged: boolean;
  flagReason: string | null;
  revokeReason: string | null;
  awardedAt: string;
}

const SELECT = `program_id AS "programId", badge_id AS "badgeId", person_id AS "personId", tier, rule_version AS "ruleVersion",
  earned_at AS "earnedAt", evidence, status, flagged, flag_reason AS "flagReason", revoke_reason AS "revokeReason", awarded_at AS "awardedAt"`;

const toView = (row: AwardRow): AwardRow => ({
  ...row,
  earnedAt: new Date(row.earnedAt).toISOString(),
  awardedAt: new Date(row.awardedAt).toISOString(),
});

export async function findAward(db: SqlExecutor, tenantId: string, programId: string, badgeId: string, personId: string): Promise<AwardRow | undefined> {
  const { rows } = await db.query<AwardRow>(
    `SELECT ${SELECT} FROM recognition.awards WHERE tenant_id = $1 AND program_id = $2 AND badge_id = $3 AND person_id = $4`,
    [tenantId, programId, badgeId, personId],
  );
  return rows[0] && toView(rows[0]);
}

/** A person's awards in one program, by badge (what the facts policy compares each badge's evaluation with). */
export async function awardsOfPerson(db: SqlExecutor, tenantId: string, programId: string, personId: string): Promise<Map<string, AwardRow>> {
  const { rows } = await db.query<AwardRow>(
    `SELECT ${SELECT} FROM recognition.awards WHERE tenant_id = $1 AND program_id = $2 AND person_id = $3`,
    [tenantId, programId, personId],
  );
  return new Map(rows.map((row) => [row.badgeId, toView(row)]));
}

export interface AwardFilter {
  programId?: string;
  personId?: string;
  tier?: string;
  badgeId?: string;
  status?: 'awarded' | 'revoked';
  flagged?: boolean;
}

/** Awards of a tenant, newest earned first, filtered (each filter optional). */
export function awardsPage(db: SqlExecutor, tenantId: string, filter: AwardFilter, page: PageQuery): Promise<Page<AwardRow>> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  const add = (column: string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  add('program_id', filter.programId);
  add('person_id', filter.personId);
  add('tier', filter.tier);
  add('badge_id', filter.badgeId);
  add('status', filter.status);
  add('flagged', filter.flagged);
  return pageOf(db, { select: SELECT, from: `FROM recognition.awards WHERE ${where.join(' AND ')}`, params, orderBy: 'earned_at DESC, badge_id, person_id' }, page, toView);
}
