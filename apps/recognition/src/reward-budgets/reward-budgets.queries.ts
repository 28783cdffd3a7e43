import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { periodsContaining } from '@tandem/recognition-domain';

export interface BudgetRow {
  programId: string;
  period: string;
  currency: string;
  allocatedMinor: number;
  reservedMinor: number;
  spentMinor: number;
  remainingMinor: number;
  updatedAt: string;
}

export interface BudgetEntryRow {
  entry: 'allocation' | 'correction' | 'reservation' | 'capture' | 'release';
  requestId: string | null;
  amountMinor: number;
  note: string | null;
  occurredAt: string;
  recordedBy: string | null;
}

const SELECT = `program_id AS "programId", period, currency, allocated_minor::float8 AS "allocatedMinor", reserved_minor::float8 AS "reservedMinor",
  spent_minor::float8 AS "spentMinor", remaining_minor::float8 AS "remainingMinor", updated_at AS "updatedAt"`;
const toView = (row: BudgetRow): BudgetRow => ({ ...row, updatedAt: new Date(row.updatedAt).toISOString() });

/** Every budget period of a program with its position, newest period first. */
export async function programBudgets(db: SqlExecutor, tenantId: string, programId: string): Promise<BudgetRow[]> {
  const { rows } = await db.query<BudgetRow>(`SELECT ${SELECT} FROM recognition.reward_budgets WHERE tenant_id = $1 AND program_id = $2 ORDER BY period DESC`, [tenantId, programId]);
  return rows.map(toView);
}

/** One period's position and its ledger, oldest entry first; 404 for a period without a budget. */
export async function budgetWithLedger(db: SqlExecutor, tenantId: string, programId: string, period: string): Promise<BudgetRow & { entries: BudgetEntryRow[] }> {
  const [position, entries] = await Promise.all([
    db.query<BudgetRow>(`SELECT ${SELECT} FROM recognition.reward_budgets WHERE tenant_id = $1 AND program_id = $2 AND period = $3`, [tenantId, programId, period]),
    db.query<BudgetEntryRow>(
      `SELECT entry, request_id AS "requestId", amount_minor::float8 AS "amountMinor", note, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "occurredAt",
         recorded_by AS "recordedBy"
       FROM recognition.reward_budget_entries WHERE tenant_id = $1 AND program_id = $2 AND period = $3 ORDER BY stream_version`,
      [tenantId, programId, period],
    ),
  ]);
  if (!position.rows[0]) throw new NotFoundError(`No reward budget for ${period}`, 'reward.budget_not_found');
  return { ...toView(position.rows[0]), entries: entries.rows };
}

/** The budget a request made at `at` draws on: the narrowest period with a budget that contains it (month, quarter, year). */
export async function budgetPeriodAt(db: SqlExecutor, tenantId: string, programId: string, at: string): Promise<string | undefined> {
  const candidates = periodsContaining(at);
  const { rows } = await db.query<{ period: string }>(
    `SELECT period FROM recognition.reward_budgets WHERE tenant_id = $1 AND program_id = $2 AND period = ANY($3) ORDER BY array_position($3::text[], period) LIMIT 1`,
    [tenantId, programId, candidates],
  );
  return rows[0]?.period;
}
