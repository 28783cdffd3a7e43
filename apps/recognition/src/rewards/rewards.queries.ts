import type { SqlExecutor } from '@tandem/event-store';
import { REMUNERATION_WARNING } from '@tandem/recognition-domain';
import { rewardCategory, type RewardKind } from '@tandem/recognition-contracts';

export interface RewardRow {
  programId: string;
  rewardId: string;
  name: string;
  description: string;
  kind: RewardKind;
  category: string;
  costMinor: number;
  currency: string;
  stock: number | null;
  available: number | null;
  unlockedBy: string[];
  flagged: boolean;
  /** For a flagged reward (remuneration): why it is flagged and the second approval it needs. */
  warning: string | null;
  status: 'active' | 'retired';
  updatedAt: string;
}

const SELECT = `program_id AS "programId", reward_id AS "rewardId", name, description, kind, cost_minor::float8 AS "costMinor", currency, stock,
  available, unlocked_by AS "unlockedBy", flagged, status, updated_at AS "updatedAt"`;

const toView = (row: Omit<RewardRow, 'category' | 'warning'>): RewardRow => ({
  ...row,
  category: rewardCategory(row.kind),
  warning: row.flagged ? REMUNERATION_WARNING : null,
  updatedAt: new Date(row.updatedAt).toISOString(),
});

/** A program's catalogue (retired rewards included when asked), by category, then cost. */
export async function programRewards(db: SqlExecutor, tenantId: string, programId: string, activeOnly = false): Promise<RewardRow[]> {
  const { rows } = await db.query<RewardRow>(
    `SELECT ${SELECT} FROM recognition.rewards WHERE tenant_id = $1 AND program_id = $2 ${activeOnly ? `AND status = 'active'` : ''} ORDER BY kind, cost_minor, reward_id`,
    [tenantId, programId],
  );
  return rows.map(toView);
}

export async function findReward(db: SqlExecutor, tenantId: string, programId: string, rewardId: string): Promise<RewardRow | undefined> {
  const { rows } = await db.query<RewardRow>(`SELECT ${SELECT} FROM recognition.rewards WHERE tenant_id = $1 AND program_id = $2 AND reward_id = $3`, [
    tenantId, programId, rewardId,
  ]);
  return rows[0] && toView(rows[0]);
}

/** The badge ids and tiers a person holds in a program (awarded, not revoked): what unlocks rewards. */
export async function heldBadges(db: SqlExecutor, tenantId: string, programId: string, personId: string): Promise<Set<string>> {
  const { rows } = await db.query<{ badge_id: string; tier: string }>(
    `SELECT badge_id, tier FROM recognition.awards WHERE tenant_id = $1 AND program_id = $2 AND person_id = $3 AND status = 'awarded'`,
    [tenantId, programId, personId],
  );
  return new Set(rows.flatMap((r) => [r.badge_id, r.tier]));
}

export interface Suggestion extends RewardRow {
  /** The mentor's recognition preferences this reward matches (its kind or its category). */
  matchesPreferences: string[];
  /** The badges or tiers the mentor holds that unlock it (empty for a reward open to every mentor). */
  unlockedByHeld: string[];
}

/** Whether a reward is open to someone holding `held` (no unlock list, or one of its badges or tiers held). */
export const isUnlocked = (reward: Pick<RewardRow, 'unlockedBy'>, held: Set<string>): boolean =>
  reward.unlockedBy.length === 0 || reward.unlockedBy.some((b) => held.has(b));

/**
 * The rewards a mentor may request now (active, in stock, unlocked by a badge or tier they hold), personalized:
 * those matching more of their recognition preferences first, then those their badges unlocked, then the cheaper.
 */
export function suggestions(rewards: RewardRow[], held: Set<string>, preferences: string[]): Suggestion[] {
  const wanted = new Set(preferences.map((p) => p.toLowerCase()));
  return rewards
    .filter((r) => r.status === 'active' && r.available !== 0 && isUnlocked(r, held))
    .map((r) => ({ ...r, matchesPreferences: [r.kind, r.category].filter((k, i, all) => wanted.has(k) && all.indexOf(k) === i), unlockedByHeld: r.unlockedBy.filter((b) => held.has(b)) }))
    .sort((a, b) => b.matchesPreferences.length - a.matchesPreferences.length || b.unlockedByHeld.length - a.unlockedByHeld.length || a.costMinor - b.costMinor || a.rewardId.localeCompare(b.rewardId));
}
