import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page } from '@tandem/platform';
import type { OutcomeListQuery, OutcomeView } from './outcomes.http';

export interface OutcomeRow extends Omit<OutcomeView, 'reportedAt' | 'decidedAt'> {
  reportedAt: Date;
  decidedAt: Date | null;
}
const OUTCOME_COLUMNS = `outcome_id AS "outcomeId", pairing_id AS "pairingId", program_id AS "programId", kind, title, description,
  achieved_on::text AS "achievedOn", beneficiary_user_id AS "beneficiaryUserId", beneficiary_role AS "beneficiaryRole", reported_by AS "reportedBy",
  reported_at AS "reportedAt", status, decided_by AS "decidedBy", decided_at AS "decidedAt", rejection_reason AS "rejectionReason"`;
const toView = (r: OutcomeRow): OutcomeView => ({ ...r, reportedAt: r.reportedAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null });

export async function findOutcome(db: SqlExecutor, tenantId: string, outcomeId: string): Promise<OutcomeView> {
  const { rows } = await db.query<OutcomeRow>(`SELECT ${OUTCOME_COLUMNS} FROM session_tracking.outcomes WHERE tenant_id = $1 AND outcome_id = $2`, [tenantId, outcomeId]);
  if (!rows[0]) throw new NotFoundError(`Outcome ${outcomeId} not found`, 'outcome.not_found');
  return toView(rows[0]);
}

/** Outcomes of one pairing or program, optionally by status and kind, oldest report first. */
export function outcomesPage(db: SqlExecutor, tenantId: string, column: 'pairing_id' | 'program_id', id: string, query: OutcomeListQuery): Promise<Page<OutcomeView>> {
  const params: unknown[] = [tenantId, id];
  const where = ['tenant_id = $1', `${column} = $2`];
  if (query.status) where.push(`status = $${params.push(query.status)}`);
  if (query.kind) where.push(`kind = $${params.push(query.kind)}`);
  return pageOf<OutcomeRow, OutcomeView>(
    db,
    { select: OUTCOME_COLUMNS, from: `FROM session_tracking.outcomes WHERE ${where.join(' AND ')}`, params, orderBy: 'reported_at, outcome_id' },
    query,
    toView,
  );
}
