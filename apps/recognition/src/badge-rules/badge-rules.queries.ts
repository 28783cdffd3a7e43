import type { SqlExecutor } from '@tandem/event-store';
import type { BadgeDefinedV2 } from '@tandem/recognition-contracts';
import type { BadgeRule } from '@tandem/recognition-domain';

/** A badge as its latest BadgeDefined (v2) states it, with its rule in the domain's form and its status. */
export interface BadgeRuleRow extends Pick<BadgeDefinedV2, 'programId' | 'badgeId' | 'name' | 'tier' | 'description' | 'ruleVersion'> {
  rule: BadgeRule;
  status: 'active' | 'retired';
  updatedAt: string;
}

const SELECT = `SELECT program_id AS "programId", badge_id AS "badgeId", name, tier, description, rule_version AS "ruleVersion", rule, status,
  updated_at AS "updatedAt" FROM recognition.badges`;
const toView = (row: BadgeRuleRow): BadgeRuleRow => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() });

/** A program's badges with their current rules (only the active ones when asked), tiers first, then by id. */
export async function programBadgeRules(db: SqlExecutor, tenantId: string, programId: string, activeOnly = false): Promise<BadgeRuleRow[]> {
  const { rows } = await db.query<BadgeRuleRow>(
    `${SELECT} WHERE tenant_id = $1 AND program_id = $2 ${activeOnly ? `AND status = 'active'` : ''}
     ORDER BY array_position(ARRAY['participation','rising-star','champion','custom'], tier), badge_id`,
    [tenantId, programId],
  );
  return rows.map(toView);
}

/** The active badges of several programs (a person's progress across their programs). */
export async function activeBadgeRulesOf(db: SqlExecutor, tenantId: string, programIds: string[]): Promise<BadgeRuleRow[]> {
  if (programIds.length === 0) return [];
  const { rows } = await db.query<BadgeRuleRow>(
    `${SELECT} WHERE tenant_id = $1 AND program_id = ANY($2) AND status = 'active'
     ORDER BY program_id, array_position(ARRAY['participation','rising-star','champion','custom'], tier), badge_id`,
    [tenantId, programIds],
  );
  return rows.map(toView);
}
