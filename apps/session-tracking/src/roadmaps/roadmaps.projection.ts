import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { roadmapDecider, type RoadmapEvent, type RoadmapState } from '@tandem/session-tracking-domain';

/** A roadmap's row as it was defined (by whom and when, from the event). */
async function insertRoadmap(tx: Transaction, { tenantId, data: d }: ProjectedEvent<Extract<RoadmapEvent, { type: 'RoadmapDefined' }>, RoadmapState>): Promise<void> {
  await tx.query(
    `INSERT INTO session_tracking.roadmaps (tenant_id, roadmap_id, program_id, title, description, goals, status, defined_by, defined_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $8)`,
    [tenantId, d.roadmapId, d.programId, d.title, d.description, JSON.stringify(d.goals), d.definedBy, d.at],
  );
}

/** A later change (retiring) only moves its status. */
async function updateRoadmapStatus(tx: Transaction, { tenantId, state, data }: ProjectedEvent<RoadmapEvent, RoadmapState>): Promise<void> {
  if (!state.exists) return;
  await tx.query(`UPDATE session_tracking.roadmaps SET status = $3, updated_at = $4 WHERE tenant_id = $1 AND roadmap_id = $2`, [tenantId, state.roadmapId, state.status, data.at]);
}

/** `session_tracking.roadmaps`: a program's roadmaps (goal templates). */
export const roadmapsProjection = projection<RoadmapEvent, RoadmapState>({
  name: 'roadmaps',
  category: 'Roadmap',
  decider: roadmapDecider,
  tables: ['session_tracking.roadmaps'],
  on: { RoadmapDefined: insertRoadmap, RoadmapRetired: updateRoadmapStatus },
});
