import { loadAggregate, type EventStore, type SqlExecutor } from '@tandem/event-store';
import { ForbiddenError } from '@tandem/kernel';
import { pageOf, type Page, type PageQuery } from '@tandem/platform';
import { competitionDecider, competitionStreamId, type TallyEntry } from '@tandem/recognition-domain';

export interface CompetitionRow {
  competitionId: string;
  programId: string | null;
  title: string;
  periodStart: string;
  periodEnd: string;
  minConfirmedSessions: number;
  votingOpensAt: string | null;
  votingClosesAt: string | null;
  status: 'nominating' | 'voting' | 'closed';
  /** How many ballots were cast: the only figure of the vote visible before the close. */
  ballots: number;
  winnerId: string | null;
  /** The tally per nominee, after the close only. */
  results: TallyEntry[] | null;
  tieBreak: string | null;
  closedAt: string | null;
}

const SELECT = `competition_id AS "competitionId", program_id AS "programId", title, period_start AS "periodStart", period_end AS "periodEnd",
  min_sessions AS "minConfirmedSessions", voting_opens_at AS "votingOpensAt", voting_closes_at AS "votingClosesAt", status, ballots, winner_id AS "winnerId",
  results, tie_break AS "tieBreak", closed_at AS "closedAt"`;
const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

/** The row as readers see it at `now`: voting counts as open from its date, without an event. */
export function competitionView(row: CompetitionRow, now: Date): CompetitionRow {
  const votingByDate = row.status === 'nominating' && row.votingOpensAt !== null && now.getTime() >= Date.parse(row.votingOpensAt);
  return {
    ...row,
    status: votingByDate ? 'voting' : row.status,
    periodStart: iso(row.periodStart) as string,
    periodEnd: iso(row.periodEnd) as string,
    votingOpensAt: iso(row.votingOpensAt),
    votingClosesAt: iso(row.votingClosesAt),
    closedAt: iso(row.closedAt),
  };
}

export async function findCompetition(db: SqlExecutor, tenantId: string, competitionId: string): Promise<CompetitionRow | undefined> {
  const { rows } = await db.query<CompetitionRow>(`SELECT ${SELECT} FROM recognition.competitions WHERE tenant_id = $1 AND competition_id = $2`, [tenantId, competitionId]);
  return rows[0];
}

/** The tenant's competitions, newest period first; filter by program (`tenant`: the tenant-wide ones) and status. */
export function competitionsPage(db: SqlExecutor, tenantId: string, filter: { programId?: string; status?: string }, page: PageQuery, now: Date): Promise<Page<CompetitionRow>> {
  const params: unknown[] = [tenantId];
  const where = ['tenant_id = $1'];
  if (filter.programId === 'tenant') where.push('program_id IS NULL');
  else if (filter.programId !== undefined) where.push(`program_id = $${params.push(filter.programId)}`);
  // Voting opens by its date without an event: the status filter sees it as the views do.
  if (filter.status !== undefined) {
    where.push(`(CASE WHEN status = 'nominating' AND voting_opens_at <= $${params.push(now.toISOString())} THEN 'voting' ELSE status END) = $${params.push(filter.status)}`);
  }
  return pageOf(db, { select: SELECT, from: `FROM recognition.competitions WHERE ${where.join(' AND ')}`, params, orderBy: 'period_end DESC, competition_id' }, page, (r: CompetitionRow) =>
    competitionView(r, now),
  );
}

export interface NominationRow {
  nominationId: string;
  nomineeId: string;
  nominatorId: string;
  citation: string;
  submittedAt: string;
}

/** The nominations with their citations (for the competition's managers). */
export function nominationsPage(db: SqlExecutor, tenantId: string, competitionId: string, page: PageQuery): Promise<Page<NominationRow>> {
  return pageOf(
    db,
    {
      select: `nomination_id AS "nominationId", nominee_id AS "nomineeId", nominator_id AS "nominatorId", citation, submitted_at AS "submittedAt"`,
      from: 'FROM recognition.nominations WHERE tenant_id = $1 AND competition_id = $2',
      params: [tenantId, competitionId],
      orderBy: 'submitted_at, nomination_id',
    },
    page,
    (r: NominationRow) => ({ ...r, submittedAt: new Date(r.submittedAt).toISOString() }),
  );
}

/** The nominees (whom one may vote for), each once, in the order they were first nominated. */
export async function nominees(db: SqlExecutor, tenantId: string, competitionId: string): Promise<{ nomineeId: string; name: string }[]> {
  const { rows } = await db.query<{ nomineeId: string; name: string }>(
    `SELECT n.nominee_id AS "nomineeId", COALESCE(NULLIF(max(p.name), ''), n.nominee_id) AS name
     FROM recognition.nominations n LEFT JOIN recognition.participants p ON p.tenant_id = n.tenant_id AND p.user_id = n.nominee_id
     WHERE n.tenant_id = $1 AND n.competition_id = $2 GROUP BY n.nominee_id ORDER BY min(n.submitted_at), n.nominee_id`,
    [tenantId, competitionId],
  );
  return rows;
}

/** Whether the person is an approved participant in the scope (`role` if given): the program, or any program of the tenant. */
export async function inScope(db: SqlExecutor, tenantId: string, programId: string | null, userId: string, role?: 'mentor'): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM recognition.participants WHERE tenant_id = $1 AND ($2::text IS NULL OR program_id = $2) AND user_id = $3 AND status = 'approved'
       AND ($4::text IS NULL OR role = $4) LIMIT 1`,
    [tenantId, programId, userId, role ?? null],
  );
  return rows.length > 0;
}

/** A 403 unless the person is an approved participant in the competition's scope. */
export async function requireInScope(db: SqlExecutor, tenantId: string, programId: string | null, userId: string): Promise<void> {
  if (!(await inScope(db, tenantId, programId, userId))) throw new ForbiddenError('Only the participants in the competition\'s scope may do this', 'competition.not_in_scope');
}

/**
 * The eligibility: an approved mentor in scope with at least `min` confirmed sessions as a mentor in the period
 * (`recognition.facts`, by their occurrence time; any program of the tenant for a tenant-wide competition).
 */
export async function isEligible(db: SqlExecutor, tenantId: string, c: Pick<CompetitionRow, 'programId' | 'periodStart' | 'periodEnd' | 'minConfirmedSessions'>, personId: string): Promise<boolean> {
  if (!(await inScope(db, tenantId, c.programId, personId, 'mentor'))) return false;
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM recognition.facts WHERE tenant_id = $1 AND ($2::text IS NULL OR program_id = $2) AND person_id = $3 AND kind = 'session'
       AND role = 'mentor' AND occurred_at >= $4 AND occurred_at < $5`,
    [tenantId, c.programId, personId, c.periodStart, c.periodEnd],
  );
  return rows[0].n >= c.minConfirmedSessions;
}

/** The caller's own vote (null: not voted), read from the competition's stream: no read model holds a ballot. */
export async function ownVote(store: EventStore, tenantId: string, competitionId: string, voterId: string): Promise<string | null> {
  const { state } = await loadAggregate(store, competitionDecider, tenantId, competitionStreamId(competitionId));
  return state.exists ? (state.votes[voterId] ?? null) : null;
}
