import type { SqlExecutor } from '@tandem/event-store';
import { NotFoundError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import type { RewardRequestStatus } from '@tandem/recognition-domain';

export interface RewardRequestRow {
  programId: string;
  requestId: string;
  rewardId: string;
  rewardName: string;
  kind: string;
  mentorId: string;
  costMinor: number;
  currency: string;
  period: string;
  secondApprovalRequired: boolean;
  status: RewardRequestStatus;
  approvers: string[];
  reason: string | null;
  requestedAt: string;
  decidedAt: string | null;
  fulfilledAt: string | null;
  feedback: { satisfaction: number; relevance: number; comment: string | null; givenAt: string } | null;
}

const time = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const SELECT = `program_id AS "programId", request_id AS "requestId", reward_id AS "rewardId", reward_name AS "rewardName", kind, mentor_id AS "mentorId",
  cost_minor::float8 AS "costMinor", currency, period, second_approval_required AS "secondApprovalRequired", status, approvers, reason,
  ${time('requested_at')} AS "requestedAt", ${time('decided_at')} AS "decidedAt", ${time('fulfilled_at')} AS "fulfilledAt",
  CASE WHEN feedback_at IS NULL THEN NULL ELSE jsonb_build_object('satisfaction', satisfaction, 'relevance', relevance, 'comment', feedback_comment,
    'givenAt', ${time('feedback_at')}) END AS feedback`;

export interface RequestFilter {
  programId?: string;
  mentorId?: string;
  status?: RewardRequestStatus;
}

/** Requests of a tenant, oldest first for a program's queue, newest first for a mentor's own list. */
export function requestsPage(db: SqlExecutor, tenantId: string, filter: RequestFilter, page: PageQuery): Promise<Page<RewardRequestRow>> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  for (const [column, value] of [['program_id', filter.programId], ['mentor_id', filter.mentorId], ['status', filter.status]] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  const orderBy = filter.mentorId ? 'requested_at DESC, request_id' : 'requested_at, request_id';
  return pageOf<RewardRequestRow, RewardRequestRow>(db, { select: SELECT, from: `FROM recognition.reward_requests WHERE ${where.join(' AND ')}`, params, orderBy }, page, (row) => row);
}

export async function findRequest(db: SqlExecutor, tenantId: string, programId: string, requestId: string): Promise<RewardRequestRow> {
  const { rows } = await db.query<RewardRequestRow>(`SELECT ${SELECT} FROM recognition.reward_requests WHERE tenant_id = $1 AND program_id = $2 AND request_id = $3`, [
    tenantId, programId, requestId,
  ]);
  if (!rows[0]) throw new NotFoundError('Reward request not found', 'reward.request_not_found');
  return rows[0];
}
