import type { SqlExecutor } from '@tandem/event-store';

export interface BadgeRow {
  badgeId: string;
  name: string;
  tier: string;
  description: string;
  criteria: { fact: string; atLeast: number }[];
  definedAt: string;
}

/** A program's badges in the order they were defined (none for an unknown program). */
export async function programBadges(db: SqlExecutor, tenantId: string, programId: string): Promise<BadgeRow[]> {
  const { rows } = await db.query<BadgeRow & { definedAt: Date }>(
    `SELECT badge_id AS "badgeId", name, tier, description, criteria, defined_at AS "definedAt"
     FROM recognition.badge_definitions WHERE tenant_id = $1 AND program_id = $2 ORDER BY defined_at, badge_id`,
    [tenantId, programId],
  );
  return rows.map((row) => ({ ...row, definedAt: new Date(row.definedAt).toISOString() }));
}
