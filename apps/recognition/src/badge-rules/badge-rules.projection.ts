import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { badgeDefinitionDecider, type BadgeDefinitionEvent, type BadgeDefinitionState } from '@tandem/recognition-domain';

/** The badge as its stream stands after the event, stamped with the event's own time (`at`). */
async function upsertBadge(tx: Transaction, { tenantId, state, data }: ProjectedEvent<BadgeDefinitionEvent, BadgeDefinitionState>): Promise<void> {
  if (!state.exists) return;
  await tx.query(
    `INSERT INTO recognition.badges (tenant_id, program_id, badge_id, name, tier, description, rule_version, rule, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)
     ON CONFLICT (tenant_id, program_id, badge_id) DO UPDATE SET
       rule_version = EXCLUDED.rule_version, rule = EXCLUDED.rule, status = EXCLUDED.status, updated_at = EXCLUDED.updated_at`,
    [
      tenantId, state.programId, state.badgeId, state.name, state.tier, state.description, state.ruleVersion, JSON.stringify(state.rule),
      state.retired ? 'retired' : 'active', data.at,
    ],
  );
}

/** `recognition.badges`: each program's badges with their current rule version, applied by the append of their events. */
export const badgeRulesProjection = projection<BadgeDefinitionEvent, BadgeDefinitionState>({
  name: 'badge-rules',
  category: 'Badge',
  decider: badgeDefinitionDecider,
  tables: ['recognition.badges'],
  on: { BadgeCreated: upsertBadge, RuleVersionPublished: upsertBadge, BadgeRetired: upsertBadge },
});
