import type { CommandContext, Transaction } from '@tandem/event-store';
import type { RoadmapState } from '@tandem/session-tracking-domain';

/** A roadmap's row; a later change (retiring) only moves its status. */
export async function upsertRoadmap(tx: Transaction, context: CommandContext, state: Extract<RoadmapState, { exists: true }>, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO session_tracking.roadmaps (tenant_id, roadmap_id, program_id, title, description, goals, status, defined_by, defined_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (tenant_id, roadmap_id) DO UPDATE SET status = EXCLUDED.status, updated_at = $10`,
    [context.tenantId, state.roadmapId, state.programId, state.title, state.description, JSON.stringify(state.goals), state.status, context.actor.id, at, at],
  );
}
