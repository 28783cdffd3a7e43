import { projection, type ProjectedEvent, type Transaction } from '@tandem/event-store';
import {
  competitionDecider,
  type CompetitionClosed,
  type CompetitionEvent,
  type CompetitionOpened,
  type CompetitionState,
  type NominationSubmitted,
  type VoteCast,
  type VotingOpened,
} from '@tandem/recognition-domain';

type Projected<E extends CompetitionEvent> = ProjectedEvent<E, CompetitionState>;

async function opened(tx: Transaction, { tenantId, data }: Projected<CompetitionOpened>): Promise<void> {
  const c = data;
  await tx.query(
    `INSERT INTO recognition.competitions (tenant_id, competition_id, program_id, title, period_start, period_end, min_sessions, voting_opens_at, voting_closes_at,
       status, ballots, opened_by, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'nominating', 0, $10, $11) ON CONFLICT DO NOTHING`,
    [tenantId, c.competitionId, c.programId, c.title, c.periodStart, c.periodEnd, c.minConfirmedSessions, c.votingOpensAt, c.votingClosesAt, c.by, c.at],
  );
}

async function nominated(tx: Transaction, { tenantId, data }: Projected<NominationSubmitted>): Promise<void> {
  const n = data;
  await tx.query(
    `INSERT INTO recognition.nominations (tenant_id, competition_id, nomination_id, nominee_id, nominator_id, citation, submitted_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING`,
    [tenantId, n.competitionId, n.nominationId, n.nomineeId, n.nominatorId, n.citation, n.at],
  );
}

/** Only the number of ballots: who voted for whom stays on the competition's stream. */
async function voted(tx: Transaction, { tenantId, data }: Projected<VoteCast>): Promise<void> {
  await tx.query(`UPDATE recognition.competitions SET ballots = $3, status = 'voting', updated_at = $4 WHERE tenant_id = $1 AND competition_id = $2`, [
    tenantId, data.competitionId, data.ballots, data.at,
  ]);
}

async function votingOpened(tx: Transaction, { tenantId, data }: Projected<VotingOpened>): Promise<void> {
  await tx.query(`UPDATE recognition.competitions SET status = 'voting', updated_at = $3 WHERE tenant_id = $1 AND competition_id = $2`, [tenantId, data.competitionId, data.at]);
}

async function closed(tx: Transaction, { tenantId, data }: Projected<CompetitionClosed>): Promise<void> {
  const c = data;
  await tx.query(
    `UPDATE recognition.competitions SET status = 'closed', ballots = $3, winner_id = $4, results = $5::jsonb, tie_break = $6, closed_at = $7, updated_at = $7
     WHERE tenant_id = $1 AND competition_id = $2`,
    [tenantId, c.competitionId, c.ballots, c.winnerId, JSON.stringify(c.results), c.tieBreak, c.at],
  );
}

/** `recognition.competitions` and `recognition.nominations` (no ballots: only their count), applied by the append. */
export const competitionsProjection = projection<CompetitionEvent, CompetitionState>({
  name: 'competitions',
  category: 'Competition',
  decider: competitionDecider,
  tables: ['recognition.competitions', 'recognition.nominations'],
  on: { CompetitionOpened: opened, NominationSubmitted: nominated, VotingOpened: votingOpened, VoteCast: voted, CompetitionClosed: closed },
});
