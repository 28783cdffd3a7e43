import type { Transaction } from '@tandem/event-store';
import type { Goal } from '@tandem/session-tracking-domain';
import type { PairingRow } from '../pairings/pairings.queries';

/** A goal's row as the pairing's goals stream now has it (milestones and progress included). */
export async function upsertGoal(tx: Transaction, tenantId: string, pairing: PairingRow, g: Goal, at: string) {
  await tx.query(
    `INSERT INTO session_tracking.goals
       (tenant_id, goal_id, pairing_id, program_id, title, description, metric, target, relevance, due_on, status, progress, milestones,
        roadmap_id, template_id, set_at, achieved_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (tenant_id, goal_id) DO UPDATE SET status = EXCLUDED.status, progress = EXCLUDED.progress, milestones = EXCLUDED.milestones,
       achieved_at = EXCLUDED.achieved_at, updated_at = EXCLUDED.updated_at`,
    [
      tenantId, g.goalId, pairing.pairingId, pairing.programId, g.title, g.description, g.metric, g.target, g.relevance, g.dueOn, g.status,
      g.progress, JSON.stringify(g.milestones), g.roadmapId, g.templateId, g.setAt, g.achievedAt, at,
    ],
  );
}
