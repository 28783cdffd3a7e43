import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import type { GoalView } from './goals.http';

export interface GoalRow extends Omit<GoalView, 'target' | 'setAt' | 'achievedAt' | 'dueOn'> {
  target: string;
  dueOn: string;
  setAt: Date;
  achievedAt: Date | null;
}
const GOAL_COLUMNS = `goal_id AS "goalId", pairing_id AS "pairingId", title, description, metric, target, relevance, due_on::text AS "dueOn", status,
  progress, milestones, roadmap_id AS "roadmapId", set_at AS "setAt", achieved_at AS "achievedAt"`;
const goalView = (r: GoalRow): GoalView => ({ ...r, target: Number(r.target), setAt: r.setAt.toISOString(), achievedAt: r.achievedAt?.toISOString() ?? null });

export async function findGoal(db: SqlExecutor, tenantId: string, pairingId: string, goalId: string): Promise<GoalView> {
  const { rows } = await db.query<GoalRow>(`SELECT ${GOAL_COLUMNS} FROM session_tracking.goals WHERE tenant_id = $1 AND pairing_id = $2 AND goal_id = $3`, [
    tenantId, pairingId, goalId,
  ]);
  if (!rows[0]) throw new NotFoundError(`Goal ${goalId} not found`, 'goal.not_found');
  return goalView(rows[0]);
}

/** The goals a roadmap adoption created, in the roadmap's order. */
export async function goalsByIds(db: SqlExecutor, tenantId: string, goalIds: string[]): Promise<GoalView[]> {
  const { rows } = await db.query<GoalRow>(`SELECT ${GOAL_COLUMNS} FROM session_tracking.goals WHERE tenant_id = $1 AND goal_id = ANY($2::uuid[]) ORDER BY template_id`, [
    tenantId,
    goalIds,
  ]);
  return rows.map(goalView);
}

export function goalsPage(db: SqlExecutor, tenantId: string, pairingId: string, query: PageQuery): Promise<Page<GoalView>> {
  return pageOf<GoalRow, GoalView>(
    db,
    { select: GOAL_COLUMNS, from: `FROM session_tracking.goals WHERE tenant_id = $1 AND pairing_id = $2`, params: [tenantId, pairingId], orderBy: 'set_at, template_id, goal_id' },
    query,
    goalView,
  );
}
