import { useState, type FormEvent } from 'react';
import { api, useApi, type ApiError } from '../api';
import { isParticipant, type Session } from '../auth';
import { day } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import { Link } from '../router';
import type { Page } from '../types';

interface Competition {
  competitionId: string; programId: string | null; title: string; periodStart: string; periodEnd: string; votingOpensAt: string | null; votingClosesAt: string | null;
  status: 'nominating' | 'voting' | 'closed'; ballots: number; winnerId: string | null; results: { nomineeId: string; votes: number; nominations: number }[] | null;
  tieBreak: string | null; closedAt: string | null;
}
interface Detail extends Competition { nominees: { nomineeId: string; name: string }[] }
interface Nomination { nominationId: string; nomineeId: string; nominatorId: string; citation: string; submittedAt: string }

const STATUS: Record<string, string> = { nominating: 'Nominations open', voting: 'Voting open', closed: 'Closed' };
const TIE_BREAK: Record<string, string> = { nominations: 'a tie on votes, decided by the number of nominations', 'first-nominated': 'a tie on votes and nominations, decided by who was nominated first' };
const manages = (s: Session) => s.roles.some((r) => r === 'program-manager' || r === 'admin');

/** Mentor of the Year and other competitions of the organization (recognition `GET /competitions`). */
export function CompetitionsPage({ session }: { session: Session }) {
  const list = useApi<Page<Competition>>(session, 'recognition', '/competitions?limit=50');
  return (
    <>
      <h1>Competitions</h1>
      <Show loaded={list} what="the competitions">
        {(page) => page.items.length === 0 ? <Empty><p>No competition yet. A program manager opens one (for example Mentor of the Year) for participants to nominate and vote.</p></Empty> : (
          <ul className="cards" data-testid="competitions">
            {page.items.map((c) => (
              <li className="card" key={c.competitionId} data-competition={c.competitionId}>
                <h2><Link to={`/competitions/${c.competitionId}`}>{c.title}</Link></h2>
                <p><span className="badge">{STATUS[c.status]}</span> <span className="muted">period {day(c.periodStart)} to {day(c.periodEnd)}{c.programId === null && ' · whole organization'}</span></p>
              </li>
            ))}
          </ul>
        )}
      </Show>
    </>
  );
}

/** One competition: nominate, vote once, managers open and close; before the close only the ballot count, after it the winner and the tally (all as recognition states them). */
export function CompetitionPage({ session, competitionId }: { session: Session; competitionId: string }) {
  const competition = useApi<Detail>(session, 'recognition', `/competitions/${competitionId}`);
  const myVote = useApi<{ nomineeId: string }>(session, 'recognition', `/competitions/${competitionId}/my-vote`);
  // A mentee's own mentors, suggested for a nomination (enrollment knows them; recognition decides who is eligible).
  const pairings = useApi<Page<{ pairingId: string; you: string; mentor: { userId: string; name: string } }>>(session, 'enrollment', session.roles.includes('mentee') ? '/my/pairings?limit=100' : null);
  const [error, setError] = useState<{ error: ApiError; what: string } | null>(null);
  const [said, setSaid] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (path: string, body: unknown, done: string, what: string) => {
    setBusy(true);
    setError(null);
    setSaid('');
    try {
      await api(session, 'recognition', `/competitions/${competitionId}${path}`, { method: 'POST', headers: { 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) });
      setSaid(done);
      competition.reload();
      myVote.reload();
    } catch (e) {
      setError({ error: e as ApiError, what });
    } finally {
      setBusy(false);
    }
  };
  const value = (e: FormEvent<HTMLFormElement>, name: string) => String(new FormData(e.currentTarget).get(name) ?? '');
  return (
    <>
      <p><Link to="/competitions">All competitions</Link></p>
      <Show loaded={competition} what="this competition">
        {(c) => {
          const nameOf = (id: string | null) => c.nominees.find((n) => n.nomineeId === id)?.name ?? id ?? '';
          return (
            <>
              <h1>{c.title}</h1>
              <p><span className="badge" data-testid="competition-status">{STATUS[c.status]}</span> <span className="muted">period {day(c.periodStart)} to {day(c.periodEnd)}{c.votingOpensAt && ` · voting opens ${day(c.votingOpensAt)}`}{c.votingClosesAt && ` · voting closes ${day(c.votingClosesAt)}`}</span></p>
              <p role="status">{said}</p>
              {error && <ErrorState error={error.error} what={error.what} />}
              {manages(session) && <Nominations session={session} competitionId={competitionId} nameOf={nameOf} key={`${c.status}-${c.nominees.length}`} />}
              {c.status === 'closed' ? (
                <section aria-labelledby="results-title">
                  <h2 id="results-title">Results</h2>
                  {c.winnerId ? <p data-testid="winner"><strong>Winner: {nameOf(c.winnerId)}</strong>{c.tieBreak && ` (${TIE_BREAK[c.tieBreak] ?? c.tieBreak})`}</p> : <p>No ballot was cast: no winner.</p>}
                  {c.results && c.results.length > 0 && (
                    <div className="table-scroll" tabIndex={0} role="region" aria-label="Tally">
                      <table data-testid="tally">
                        <caption>Votes per nominee ({c.ballots} ballots)</caption>
                        <thead><tr><th scope="col">Nominee</th><th scope="col">Votes</th><th scope="col">Nominations</th></tr></thead>
                        <tbody>{c.results.map((r) => <tr key={r.nomineeId} data-nominee={r.nomineeId}><th scope="row">{nameOf(r.nomineeId)}</th><td>{r.votes}</td><td>{r.nominations}</td></tr>)}</tbody>
                      </table>
                    </div>
                  )}
                </section>
              ) : (
                <section aria-labelledby="ballot-title">
                  <h2 id="ballot-title">Nominees</h2>
                  <p data-testid="ballots">{c.ballots} ballot{c.ballots === 1 ? '' : 's'} cast so far. Who voted for whom is never shown; the tally is published at the close.</p>
                  {c.nominees.length === 0 ? <Empty><p>No nominee yet.{isParticipant(session) && c.status === 'nominating' && ' Nominate a mentor below.'}</p></Empty> : (
                    <ul>{c.nominees.map((n) => <li key={n.nomineeId}>{n.name}</li>)}</ul>
                  )}
                  {myVote.state === 'ok' && <p data-testid="my-vote">You voted for {nameOf(myVote.data.nomineeId)}.</p>}
                  {c.status === 'voting' && myVote.state === 'error' && myVote.error.status === 404 && c.nominees.length > 0 && (
                    <form className="assumptions" onSubmit={(e) => { e.preventDefault(); void act('/votes', { nomineeId: value(e, 'nominee') }, 'Your vote is cast.', 'your vote (not cast)'); }}>
                      <label htmlFor="vote-nominee">Your vote (once)</label>
                      <select id="vote-nominee" name="nominee">{c.nominees.map((n) => <option key={n.nomineeId} value={n.nomineeId}>{n.name}</option>)}</select>
                      <button type="submit" className="primary" disabled={busy}>Vote</button>
                    </form>
                  )}
                  {c.status === 'nominating' && isParticipant(session) && (
                    <form className="assumptions" onSubmit={(e) => { e.preventDefault(); void act('/nominations', { nomineeId: value(e, 'nominee'), citation: value(e, 'citation') }, 'Your nomination is in.', 'your nomination (not sent)'); }}>
                      <h3>Nominate a mentor</h3>
                      <label htmlFor="nominate-id">The mentor’s user id</label>
                      <input id="nominate-id" name="nominee" required maxLength={255} list="your-mentors" />
                      {pairings.state === 'ok' && (
                        <datalist id="your-mentors">{pairings.data.items.filter((p) => p.you === 'mentee').map((p) => <option key={p.pairingId} value={p.mentor.userId}>{p.mentor.name}</option>)}</datalist>
                      )}
                      <label htmlFor="nominate-citation">Why (read by the competition’s managers only)</label>
                      <textarea id="nominate-citation" name="citation" required maxLength={1000} rows={3} />
                      <button type="submit" className="primary" disabled={busy}>Nominate</button>
                    </form>
                  )}
                  {manages(session) && (
                    <p>
                      {c.status === 'nominating' && <button type="button" disabled={busy} onClick={() => act('/voting/open', {}, 'Voting is open; nominations are closed.', 'the opening of the voting (nothing changed)')}>Open the voting</button>}
                      {c.status === 'voting' && <button type="button" disabled={busy} onClick={() => act('/close', {}, 'The competition is closed.', 'the close (nothing changed)')}>Close and name the winner</button>}
                    </p>
                  )}
                </section>
              )}
            </>
          );
        }}
      </Show>
    </>
  );
}

/** The nominations with their citations and nominators: the competition's managers only (recognition answers others 403). */
function Nominations({ session, competitionId, nameOf }: { session: Session; competitionId: string; nameOf: (id: string) => string }) {
  const nominations = useApi<Page<Nomination>>(session, 'recognition', `/competitions/${competitionId}/nominations?limit=100`);
  return (
    <section aria-labelledby="nominations-title">
      <h2 id="nominations-title">Nominations <span className="muted">(managers only)</span></h2>
      <Show loaded={nominations} what="the nominations">
        {(page) => page.items.length === 0 ? <Empty><p>No nomination yet: participants nominate an eligible mentor while nominations are open.</p></Empty> : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Nominations">
            <table data-testid="nominations">
              <thead><tr><th scope="col">Nominee</th><th scope="col">By</th><th scope="col">Why</th><th scope="col">On</th></tr></thead>
              <tbody>{page.items.map((n) => <tr key={n.nominationId}><th scope="row">{nameOf(n.nomineeId)}</th><td>{n.nominatorId}</td><td>{n.citation}</td><td>{day(n.submittedAt)}</td></tr>)}</tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
