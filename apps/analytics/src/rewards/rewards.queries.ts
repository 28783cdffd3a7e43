import type { SqlExecutor } from '@tandem/event-store';

export interface RewardBudgetFigures {
  period: string;
  currency: string;
  /** Allocations plus signed corrections. */
  allocatedMinor: number;
}

export interface RewardMonthFigures {
  /** Calendar month (`YYYY-MM`) in the tenant's reporting time zone. */
  month: string;
  currency: string;
  /** Rewards fulfilled that month (by `fulfilledAt`) and their captured cost. */
  fulfilled: number;
  spentMinor: number;
  /** Feedback given that month (by `givenAt`): how many, and the mean satisfaction and relevance (2 decimals). */
  ratings: number;
  averageSatisfaction: number | null;
  averageRelevance: number | null;
}

/**
 * A program's reward figures: each budget period's allocation, and per calendar month (in `timeZone`, the tenant's
 * reporting time zone, as the KPIs count) and currency the spend captured (fulfilments) and the ratings given — the
 * figures behind `reward-spend-against-budget` and `reward-satisfaction`.
 */
export async function programRewardFigures(
  db: SqlExecutor,
  tenantId: string,
  programId: string,
  timeZone: string,
): Promise<{ budgets: RewardBudgetFigures[]; months: RewardMonthFigures[] }> {
  const [budgets, months] = await Promise.all([
    db.query<RewardBudgetFigures>(
      `SELECT period, currency, sum(amount_minor)::float8 AS "allocatedMinor" FROM analytics.reward_budget_entries
       WHERE tenant_id = $1 AND program_id = $2 GROUP BY period, currency ORDER BY period, currency`,
      [tenantId, programId],
    ),
    db.query<RewardMonthFigures>(
      `WITH spend AS (
         SELECT to_char(fulfilled_at AT TIME ZONE $3, 'YYYY-MM') AS month, currency, count(*)::int AS fulfilled, sum(cost_minor)::float8 AS spent
         FROM analytics.reward_redemptions WHERE tenant_id = $1 AND program_id = $2 AND fulfilled_at IS NOT NULL GROUP BY 1, 2),
       ratings AS (
         SELECT to_char(feedback_at AT TIME ZONE $3, 'YYYY-MM') AS month, currency, count(*)::int AS ratings,
           round(avg(satisfaction), 2)::float8 AS satisfaction, round(avg(relevance), 2)::float8 AS relevance
         FROM analytics.reward_redemptions WHERE tenant_id = $1 AND program_id = $2 AND feedback_at IS NOT NULL GROUP BY 1, 2)
       SELECT month, currency, coalesce(s.fulfilled, 0) AS fulfilled, coalesce(s.spent, 0) AS "spentMinor", coalesce(r.ratings, 0) AS ratings,
         r.satisfaction AS "averageSatisfaction", r.relevance AS "averageRelevance"
       FROM spend s FULL JOIN ratings r USING (month, currency) ORDER BY month, currency`,
      [tenantId, programId, timeZone],
    ),
  ]);
  return { budgets: budgets.rows, months: months.rows };
}
