import type { DecidedEvent, Transaction } from '@tandem/event-store';
import type { BadgeCatalogEvent } from '@tandem/recognition-domain';

/**
 * `recognition.badge_definitions`: each program's badge catalogue, written in the transaction that appends its
 * events (the `project` of the catalogue's commands). A badge already there is left as it is.
 */
export async function projectBadgesDefined(tx: Transaction, tenantId: string, decided: DecidedEvent<BadgeCatalogEvent>[]): Promise<void> {
  const badges = decided.map(({ event }) => event.data);
  if (badges.length === 0) return;
  await tx.query(
    `INSERT INTO recognition.badge_definitions (tenant_id, program_id, badge_id, name, tier, description, criteria, defined_at)
     SELECT $1, b.program_id, b.badge_id, b.name, b.tier, b.description, b.criteria, b.defined_at
     FROM jsonb_to_recordset($2::jsonb)
       AS b(program_id text, badge_id text, name text, tier text, description text, criteria jsonb, defined_at timestamptz)
     ON CONFLICT DO NOTHING`,
    [
      tenantId,
      JSON.stringify(
        badges.map((b) => ({
          program_id: b.programId,
          badge_id: b.badgeId,
          name: b.name,
          tier: b.tier,
          description: b.description,
          criteria: b.criteria,
          defined_at: b.definedAt,
        })),
      ),
    ],
  );
}
