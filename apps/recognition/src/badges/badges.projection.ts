import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { badgeCatalogDecider, type BadgeCatalogEvent, type BadgeCatalogState } from '@tandem/recognition-domain';

/** One badge of a program's catalogue, as defined (a badge already there is left as it is). */
async function insertBadge(tx: Transaction, { tenantId, data: b }: ProjectedEvent<BadgeCatalogEvent, BadgeCatalogState>): Promise<void> {
  await tx.query(
    `INSERT INTO recognition.badge_definitions (tenant_id, program_id, badge_id, name, tier, description, criteria, defined_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT DO NOTHING`,
    [tenantId, b.programId, b.badgeId, b.name, b.tier, b.description, JSON.stringify(b.criteria), b.definedAt],
  );
}

/** `recognition.badge_definitions`: each program's badge catalogue, applied by the append of its events. */
export const badgesProjection = projection<BadgeCatalogEvent, BadgeCatalogState>({
  name: 'badges',
  category: 'BadgeCatalog',
  decider: badgeCatalogDecider,
  tables: ['recognition.badge_definitions'],
  on: { BadgeDefined: insertBadge },
});
