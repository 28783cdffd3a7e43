import { IllegalStateError, InvalidCommandError, NotFoundError } from '@tandem/kernel';
import { deciderSpecification } from '@tandem/kernel/testing';
import { competitionDecider, winnerOf, type CompetitionCommand, type CompetitionSpec } from './competition';

const at = '2026-12-02T10:00:00.000Z';
const later = '2026-12-20T10:00:00.000Z';
const given = deciderSpecification(competitionDecider);
const spec: CompetitionSpec = {
  competitionId: 'c1', programId: 'p1', title: 'Mentor of the Year 2026', periodStart: '2026-01-01T00:00:00.000Z', periodEnd: '2027-01-01T00:00:00.000Z',
  minConfirmedSessions: 1, votingOpensAt: null, votingClosesAt: null,
};
const ref = { competitionId: 'c1', programId: 'p1' };
const opened = given([]).when({ type: 'OpenCompetition', competition: spec, at, by: 'pm-1' });
const nominate = (nominationId: string, nominatorId: string, nomineeId: string, nomineeEligible = true): CompetitionCommand => ({
  type: 'Nominate', nominationId, nominatorId, nomineeId, citation: ' Always there ', nomineeEligible, at,
});
const vote = (voterId: string, nomineeId: string, when = at): CompetitionCommand => ({ type: 'CastVote', voterId, nomineeId, at: when });

/** A competition with nominations of ada (by max and sam) and bo (by kim), voting open. */
function voting() {
  let history = opened.history();
  for (const c of [nominate('n1', 'max', 'ada'), nominate('n2', 'kim', 'bo'), nominate('n3', 'sam', 'ada'), { type: 'OpenVoting', at, by: 'pm-1' } as CompetitionCommand]) history = given(history).when(c).history();
  return history;
}

describe('competition decider (Mentor of the Year)', () => {
  it('given nothing, when a manager opens a competition, then it is open for nominations; bad dates are 400', () => {
    opened.then([{ type: 'CompetitionOpened', data: { ...spec, at, by: 'pm-1' } }]);
    given([]).when({ type: 'OpenCompetition', competition: { ...spec, periodEnd: spec.periodStart }, at, by: 'pm-1' }).thenThrows(InvalidCommandError, 'periodEnd');
    given([]).when({ type: 'OpenCompetition', competition: { ...spec, votingOpensAt: later, votingClosesAt: at }, at, by: 'pm-1' }).thenThrows(InvalidCommandError, 'votingClosesAt');
  });

  it('given an open competition, when participants nominate, then eligible mentors are nominated once per nominator, never by themselves', () => {
    given(opened.history()).when(nominate('n1', 'max', 'ada')).then([{ type: 'NominationSubmitted', data: { ...ref, nominationId: 'n1', nominatorId: 'max', nomineeId: 'ada', citation: 'Always there', at } }]);
    given(opened.history()).when(nominate('n1', 'ada', 'ada')).thenThrows(InvalidCommandError, 'no self-nomination');
    given(opened.history()).when(nominate('n1', 'max', 'ada', false)).thenThrows(IllegalStateError, 'eligibility');
    const once = given(opened.history()).when(nominate('n1', 'max', 'ada')).history();
    given(once).when(nominate('n9', 'max', 'ada')).thenThrows(IllegalStateError, 'already nominated');
    given(once).when(nominate('n1', 'max', 'ada')).thenNothingHappened();
    given(opened.history()).when({ type: 'OpenVoting', at, by: 'pm-1' }).thenThrows(IllegalStateError, 'Nobody is nominated');
  });

  it('given voting is open, when people vote, then each votes once for a nominee; nominations are closed', () => {
    const history = voting();
    given(history).when(vote('max', 'ada')).then([{ type: 'VoteCast', data: { ...ref, voterId: 'max', nomineeId: 'ada', ballots: 1, at } }]);
    const once = given(history).when(vote('max', 'ada')).history();
    given(once).when(vote('max', 'bo')).thenThrows(IllegalStateError, 'already voted');
    given(history).when(vote('max', 'zed')).thenThrows(NotFoundError, 'nominees');
    given(history).when(nominate('n4', 'lee', 'bo')).thenThrows(IllegalStateError, 'Nominations are closed');
    given(opened.history()).when(vote('max', 'ada')).thenThrows(IllegalStateError, 'not open yet');
  });

  it('given voting dates, when the time comes, then voting opens and ends by itself; votes after the end are refused', () => {
    const dated = given([]).when({ type: 'OpenCompetition', competition: { ...spec, votingOpensAt: '2026-12-10T00:00:00.000Z', votingClosesAt: '2026-12-15T00:00:00.000Z' }, at, by: 'pm-1' }).history();
    const nominated = given(dated).when(nominate('n1', 'max', 'ada')).history();
    given(nominated).when(vote('kim', 'ada', '2026-12-09T23:59:59.000Z')).thenThrows(IllegalStateError, 'not open yet');
    given(nominated).when(vote('kim', 'ada', '2026-12-12T00:00:00.000Z')).then([{ type: 'VoteCast', data: { ...ref, voterId: 'kim', nomineeId: 'ada', ballots: 1, at: '2026-12-12T00:00:00.000Z' } }]);
    given(nominated).when(vote('kim', 'ada', '2026-12-15T00:00:00.000Z')).thenThrows(IllegalStateError, 'Voting is closed');
  });

  it('given a tie in votes, when the manager closes, then the winner is the one with more nominations; the close is final', () => {
    const history = [vote('max', 'ada'), vote('kim', 'bo')].reduce((h, c) => given(h).when(c).history(), voting());
    const closed = given(history).when({ type: 'CloseCompetition', at: later, by: 'pm-1' });
    closed.then([{ type: 'CompetitionClosed', data: { ...ref, winnerId: 'ada', ballots: 2, results: [{ nomineeId: 'ada', votes: 1, nominations: 2 }, { nomineeId: 'bo', votes: 1, nominations: 1 }], tieBreak: 'nominations', at: later, by: 'pm-1' } }]);
    given(closed.history()).when({ type: 'CloseCompetition', at: later, by: 'pm-1' }).thenThrows(IllegalStateError, 'already closed');
    given(closed.history()).when(vote('lee', 'bo', later)).thenThrows(IllegalStateError, 'Voting is closed');
    given(opened.history()).when({ type: 'CloseCompetition', at, by: 'pm-1' }).thenThrows(IllegalStateError, 'not opened');
  });

  it('decides ties by votes, then nominations, then who was nominated first; no ballot, no winner', () => {
    const n = (nomineeId: string, nominatorId: string) => ({ nominationId: `${nomineeId}-${nominatorId}`, nominatorId, nomineeId, at });
    expect(winnerOf([n('bo', 'x'), n('ada', 'y')], { v1: 'ada', v2: 'bo' })).toMatchObject({ winnerId: 'bo', tieBreak: 'first-nominated' });
    expect(winnerOf([n('bo', 'x'), n('ada', 'y')], { v1: 'ada', v2: 'ada', v3: 'bo' })).toMatchObject({ winnerId: 'ada', tieBreak: null });
    expect(winnerOf([n('bo', 'x')], {})).toEqual({ winnerId: null, results: [{ nomineeId: 'bo', votes: 0, nominations: 1 }], tieBreak: null });
  });
});
