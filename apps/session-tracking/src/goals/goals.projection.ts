import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import { goalsDecider, type Goal, type GoalsEvent, type GoalsState } from '@tandem/session-tracking-domain';

/** A goal's row as the pairing's goals stream has it after the event (milestones and progress included). */
async function upsertGoal(tx: Transaction, tenantId: string, pairing: { pairingId: string; programId: string }, g: Goal, at: string) {
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

/** The goals an event touches, rewritten from the state after it. */
async function upsertTouchedGoals(tx: Transaction, { tenantId, state, data }: ProjectedEvent<GoalsEvent, GoalsState>): Promise<void> {
  const touched = new Set('goalIds' in data ? data.goalIds : [data.goalId]);
  for (const goal of state.goals.filter((g) => touched.has(g.goalId))) await upsertGoal(tx, tenantId, data, goal, data.at);
}

/** `session_tracking.goals`: one row per goal of a pairing's goals stream. */
export const goalsProjection = projection<GoalsEvent, GoalsState>({
  name: 'goals',
  category: 'Goals',
  decider: goalsDecider,
  tables: ['session_tracking.goals'],
  on: { GoalSet: upsertTouchedGoals, RoadmapAdopted: upsertTouchedGoals, GoalProgressUpdated: upsertTouchedGoals, MilestoneCompleted: upsertTouchedGoals, GoalAchieved: upsertTouchedGoals },
});
