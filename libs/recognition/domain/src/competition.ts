import { IllegalStateError, InvalidCommandError, NotFoundError, type Decider, type DomainEvent } from '@tandem/kernel';
import { CITATION_MAX } from './grant';

/**
 * Mentor of the Year (stream `Competition-<competition>`): a manager opens a competition over a program (or, as a
 * tenant admin, the whole tenant) for a period, with an eligibility rule (at least N confirmed sessions as a mentor in
 * the period). Participants in scope nominate an eligible mentor with a citation (never themselves); voting opens on
 * `votingOpensAt` or when a manager opens it, and ends on `votingClosesAt` or when a manager closes it. Each voter
 * votes once. The competition is closed by its manager (after `votingClosesAt`, or early), which names the winner.
 *
 * **Ballot secrecy**: a vote is kept on this stream only (who may not vote twice needs it); no read model, API or
 * public event shows who voted for whom. Before the close only the number of ballots is visible; a voter can read
 * their own vote. The close publishes the tally per nominee.
 *
 * **Tie-break** (`winnerOf`): most votes; then most nominations; then the nominee nominated first. Deterministic, and
 * stated on the close (`tieBreak`: which rule decided, null when the votes alone did). No ballot: no winner.
 */
export interface CompetitionSpec {
  competitionId: string;
  /** Null: the whole tenant. */
  programId: string | null;
  title: string;
  periodStart: string;
  periodEnd: string;
  minConfirmedSessions: number;
  votingOpensAt: string | null;
  votingClosesAt: string | null;
}

export type CompetitionCommand =
  | { type: 'OpenCompetition'; competition: CompetitionSpec; at: string; by: string }
  | { type: 'Nominate'; nominationId: string; nominatorId: string; nomineeId: string; citation: string; nomineeEligible: boolean; at: string }
  | { type: 'OpenVoting'; at: string; by: string }
  | { type: 'CastVote'; voterId: string; nomineeId: string; at: string }
  | { type: 'CloseCompetition'; at: string; by: string };

export interface TallyEntry {
  nomineeId: string;
  votes: number;
  nominations: number;
}
export type TieBreak = 'nominations' | 'first-nominated' | null;

type Ref = { competitionId: string; programId: string | null };
export type CompetitionOpened = DomainEvent<'CompetitionOpened', CompetitionSpec & { at: string; by: string }>;
export type NominationSubmitted = DomainEvent<'NominationSubmitted', Ref & { nominationId: string; nominatorId: string; nomineeId: string; citation: string; at: string }>;
export type VotingOpened = DomainEvent<'VotingOpened', Ref & { at: string; by: string }>;
export type VoteCast = DomainEvent<'VoteCast', Ref & { voterId: string; nomineeId: string; ballots: number; at: string }>;
export type CompetitionClosed = DomainEvent<'CompetitionClosed', Ref & { winnerId: string | null; ballots: number; results: TallyEntry[]; tieBreak: TieBreak; at: string; by: string }>;
export type CompetitionEvent = CompetitionOpened | NominationSubmitted | VotingOpened | VoteCast | CompetitionClosed;

export interface Nomination {
  nominationId: string;
  nominatorId: string;
  nomineeId: string;
  at: string;
}
export type CompetitionState =
  | { exists: false }
  | (CompetitionSpec & { exists: true; nominations: Nomination[]; votingOpened: boolean; votes: Record<string, string>; closed: boolean; winnerId: string | null });

export type CompetitionPhase = 'nominating' | 'voting' | 'voting-ended' | 'closed';

export const competitionStreamId = (competitionId: string) => `Competition-${competitionId}`;

/** Where the competition stands at `at`: the dates count as much as the manager's actions. */
export function phaseAt(state: Extract<CompetitionState, { exists: true }>, at: string): CompetitionPhase {
  const t = Date.parse(at);
  if (state.closed) return 'closed';
  if (state.votingClosesAt && t >= Date.parse(state.votingClosesAt)) return 'voting-ended';
  if (state.votingOpened || (state.votingOpensAt && t >= Date.parse(state.votingOpensAt))) return 'voting';
  return 'nominating';
}

/** The tally and the winner, with the documented tie-break. */
export function winnerOf(nominations: readonly Nomination[], votes: Record<string, string>): { winnerId: string | null; results: TallyEntry[]; tieBreak: TieBreak } {
  const firstAt = new Map<string, number>();
  nominations.forEach((n, i) => firstAt.has(n.nomineeId) || firstAt.set(n.nomineeId, i));
  const results = [...firstAt.keys()].map((nomineeId) => ({
    nomineeId,
    votes: Object.values(votes).filter((v) => v === nomineeId).length,
    nominations: nominations.filter((n) => n.nomineeId === nomineeId).length,
  }));
  results.sort((a, b) => b.votes - a.votes || b.nominations - a.nominations || (firstAt.get(a.nomineeId) ?? 0) - (firstAt.get(b.nomineeId) ?? 0));
  const [top, second] = results;
  if (!top || top.votes === 0) return { winnerId: null, results, tieBreak: null };
  const tieBreak: TieBreak = !second || second.votes < top.votes ? null : second.nominations < top.nominations ? 'nominations' : 'first-nominated';
  return { winnerId: top.nomineeId, results, tieBreak };
}

function checkSpec(c: CompetitionSpec): void {
  const problems: string[] = [];
  const ms = (s: string | null) => (s === null ? null : Date.parse(s));
  const [start, end, opens, closes] = [ms(c.periodStart), ms(c.periodEnd), ms(c.votingOpensAt), ms(c.votingClosesAt)];
  if (c.title.trim().length < 1 || c.title.length > 120) problems.push('title must be 1 to 120 characters');
  if (start === null || end === null || !(end > start)) problems.push('periodEnd must be after periodStart');
  if (!Number.isInteger(c.minConfirmedSessions) || c.minConfirmedSessions < 0) problems.push('minConfirmedSessions must be a non-negative integer');
  if (opens !== null && closes !== null && !(closes > opens)) problems.push('votingClosesAt must be after votingOpensAt');
  if (problems.length > 0) throw new InvalidCommandError(problems.join('; '), 'competition.invalid');
}

export const competitionDecider: Decider<CompetitionCommand, CompetitionEvent, CompetitionState> = {
  initialState: () => ({ exists: false }),

  decide(command, state) {
    if (command.type === 'OpenCompetition') {
      if (state.exists) throw new IllegalStateError('The competition already exists', 'competition.exists');
      checkSpec(command.competition);
      return [{ type: 'CompetitionOpened', data: { ...command.competition, title: command.competition.title.trim(), at: command.at, by: command.by } }];
    }
    if (!state.exists) throw new NotFoundError('Competition not found', 'competition.not_found');
    const ref = { competitionId: state.competitionId, programId: state.programId };
    const phase = phaseAt(state, command.at);
    switch (command.type) {
      case 'Nominate': {
        if (state.nominations.some((n) => n.nominationId === command.nominationId)) return [];
        if (phase !== 'nominating') throw new IllegalStateError('Nominations are closed', 'competition.nominations_closed');
        if (command.nominatorId === command.nomineeId) throw new InvalidCommandError('Nominate someone else: no self-nomination', 'competition.self_nomination');
        if (!command.nomineeEligible) throw new IllegalStateError(`The nominee does not meet the eligibility (${state.minConfirmedSessions} confirmed sessions as a mentor in the period)`, 'competition.not_eligible');
        if (state.nominations.some((n) => n.nominatorId === command.nominatorId && n.nomineeId === command.nomineeId)) throw new IllegalStateError('You already nominated this mentor', 'competition.already_nominated');
        const citation = command.citation.trim();
        if (citation.length < 1 || citation.length > CITATION_MAX) throw new InvalidCommandError(`citation must be 1 to ${CITATION_MAX} characters`, 'competition.invalid');
        return [{ type: 'NominationSubmitted', data: { ...ref, nominationId: command.nominationId, nominatorId: command.nominatorId, nomineeId: command.nomineeId, citation, at: command.at } }];
      }
      case 'OpenVoting':
        if (phase !== 'nominating') throw new IllegalStateError(`Voting cannot open: the competition is ${phase}`, 'competition.not_nominating');
        if (state.nominations.length === 0) throw new IllegalStateError('Nobody is nominated yet', 'competition.no_nominees');
        return [{ type: 'VotingOpened', data: { ...ref, at: command.at, by: command.by } }];
      case 'CastVote': {
        if (phase === 'nominating') throw new IllegalStateError('Voting is not open yet', 'competition.voting_not_open');
        if (phase !== 'voting') throw new IllegalStateError('Voting is closed', 'competition.voting_closed');
        if (command.voterId in state.votes) throw new IllegalStateError('You already voted: one vote per voter', 'competition.already_voted');
        if (!state.nominations.some((n) => n.nomineeId === command.nomineeId)) throw new NotFoundError('Vote for one of the nominees', 'competition.not_a_nominee');
        return [{ type: 'VoteCast', data: { ...ref, voterId: command.voterId, nomineeId: command.nomineeId, ballots: Object.keys(state.votes).length + 1, at: command.at } }];
      }
      case 'CloseCompetition': {
        if (phase === 'closed') throw new IllegalStateError('The competition is already closed', 'competition.closed');
        if (phase === 'nominating') throw new IllegalStateError('Voting has not opened yet', 'competition.voting_not_open');
        const outcome = winnerOf(state.nominations, state.votes);
        return [{ type: 'CompetitionClosed', data: { ...ref, ...outcome, ballots: Object.keys(state.votes).length, at: command.at, by: command.by } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'CompetitionOpened') {
      const { at: _at, by: _by, ...spec } = event.data;
      return { ...spec, exists: true, nominations: [], votingOpened: false, votes: {}, closed: false, winnerId: null };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'NominationSubmitted': {
        const { nominationId, nominatorId, nomineeId, at } = event.data;
        return { ...state, nominations: [...state.nominations, { nominationId, nominatorId, nomineeId, at }] };
      }
      case 'VotingOpened':
        return { ...state, votingOpened: true };
      case 'VoteCast':
        return { ...state, votes: { ...state.votes, [event.data.voterId]: event.data.nomineeId } };
      case 'CompetitionClosed':
        return { ...state, closed: true, winnerId: event.data.winnerId };
    }
  },
};
