import { useId, useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../api';
import type { Session } from '../auth';
import { day, minor } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import { Link } from '../router';
import type { MyApplication, Page, RewardRequest, RewardSuggestion } from '../types';

const STATUS: Record<string, string> = {
  requested: 'Waiting for a manager', 'awaiting-second-approval': 'Waiting for an administrator’s approval', approved: 'Approved: on its way',
  rejected: 'Rejected', fulfilled: 'Received', cancelled: 'Cancelled',
};

/** Until it is given, a mentor may withdraw a request (its budget reservation and stock are released). */
const CANCELLABLE = ['requested', 'awaiting-second-approval', 'approved'];

/**
 * A mentor's rewards: per program they mentor in, the rewards they may request now (recognition's suggestions, in its
 * order) and their requests with the feedback they give once a reward is received.
 */
export function MyRewardsPage({ session }: { session: Session }) {
  const programs = useApi<Page<MyApplication>>(session, 'enrollment', '/my/applications?role=mentor&status=approved&limit=200');
  const requests = useApi<Page<RewardRequest>>(session, 'recognition', '/me/reward-requests?limit=100');
  const [done, setDone] = useState<string>();
  const [tick, setTick] = useState(0);
  const changed = (message: string) => {
    setDone(message);
    setTick((t) => t + 1);
    requests.reload();
  };
  const nameOf = (programId: string) => (programs.state === 'ok' && programs.data.items.find((a) => a.programId === programId)?.programName) || 'Your program';
  return (
    <>
      <h1>My rewards</h1>
      {done && <p role="status" className="done">{done}</p>}
      <Show loaded={programs} what="your programs">
        {(page) => page.items.length === 0 ? (
          <Empty><p>You are not an approved mentor in a program yet. Once a program approves you as a mentor, the rewards your badges unlock show here.</p></Empty>
        ) : page.items.map((a) => <Eligible key={`${a.programId}-${tick}`} session={session} programId={a.programId} programName={a.programName} onRequested={changed} />)}
      </Show>
      <section aria-labelledby="my-requests-title">
        <h2 id="my-requests-title">My requests</h2>
        <Show loaded={requests} what="your reward requests">
          {(page) => page.items.length === 0 ? <Empty><p>You have not requested a reward yet. Pick one above.</p></Empty> : (
            <ul className="cards">
              {page.items.map((r) => (
                <li key={r.requestId} className="card" data-request={r.requestId}>
                  <h3>{r.rewardName}</h3>
                  <p className="muted">{nameOf(r.programId)}</p>
                  <dl className="facts">
                    <dt>Status</dt><dd data-col="status">{STATUS[r.status] ?? r.status}</dd>
                    <dt>Requested</dt><dd>{day(r.requestedAt)}</dd>
                    <dt>Value</dt><dd>{minor(r.costMinor, r.currency)}</dd>
                    {r.fulfilledAt && <><dt>Received</dt><dd>{day(r.fulfilledAt)}</dd></>}
                    {r.reason && <><dt>Reason</dt><dd>{r.reason}</dd></>}
                  </dl>
                  {r.feedback ? (
                    <p data-testid="feedback-given">Your rating: satisfaction {r.feedback.satisfaction} of 5, relevance {r.feedback.relevance} of 5{r.feedback.comment && ` — “${r.feedback.comment}”`}</p>
                  ) : r.status === 'fulfilled' ? <FeedbackForm session={session} request={r} onSent={changed} /> : null}
                  {CANCELLABLE.includes(r.status) && <CancelButton session={session} request={r} onCancelled={changed} />}
                </li>
              ))}
            </ul>
          )}
        </Show>
      </section>
    </>
  );
}

function Eligible({ session, programId, programName, onRequested }: { session: Session; programId: string; programName: string; onRequested: (message: string) => void }) {
  const eligible = useApi<RewardSuggestion[]>(session, 'recognition', `/programs/${programId}/rewards/eligible`);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const request = async (reward: RewardSuggestion) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(session, 'recognition', `/programs/${programId}/reward-requests`, { method: 'POST', body: JSON.stringify({ rewardId: reward.rewardId }), headers: { 'idempotency-key': crypto.randomUUID() } });
      onRequested(`Requested: ${reward.name}. A program manager will decide.`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Rewards you can request in {programName}</h2>
      <Show loaded={eligible} what="the rewards you can request">
        {(rewards) => rewards.length === 0 ? <Empty><p>No reward is open to you in this program right now. Rewards unlock with badges; your progress is on <Link to="/me">My recognition</Link>.</p></Empty> : (
          <ul className="cards">
            {rewards.map((r) => (
              <li key={r.rewardId} className="card" data-reward={r.name}>
                <h3>{r.name} <span className="badge">{r.kind}</span></h3>
                {r.description && <p>{r.description}</p>}
                <dl className="facts">
                  <dt>Value</dt><dd>{minor(r.costMinor, r.currency)}</dd>
                  {r.available !== null && <><dt>Left</dt><dd>{r.available}</dd></>}
                </dl>
                {r.matchesPreferences.length > 0 && <p className="muted">Matches what you said you value: {r.matchesPreferences.join(', ')}</p>}
                {r.unlockedByHeld.length > 0 && <p className="muted">Unlocked by your badge: {r.unlockedByHeld.join(', ')}</p>}
                {r.warning && <p className="warn">{r.warning}</p>}
                <button type="button" className="primary" disabled={busy} onClick={() => request(r)}>Request<span className="sr-only"> {r.name}</span></button>
              </li>
            ))}
          </ul>
        )}
      </Show>
      {error && (error.code === 'reward.budget_exhausted' || error.code === 'reward.no_budget' || error.code === 'reward.out_of_stock'
        ? <p role="alert" className="error">{error.code === 'reward.out_of_stock' ? 'That reward has just run out.' : 'The program’s reward budget cannot cover it right now.'} Ask a program manager, or pick another one.</p>
        : <ErrorState error={error} what="your request (not sent)" />)}
    </section>
  );
}

function CancelButton({ session, request: r, onCancelled }: { session: Session; request: RewardRequest; onCancelled: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const cancel = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(session, 'recognition', `/programs/${r.programId}/reward-requests/${r.requestId}/cancel`, { method: 'POST', body: '{}', headers: { 'idempotency-key': crypto.randomUUID() } });
      onCancelled(`Cancelled: your request for ${r.rewardName}.`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={cancel}>Cancel<span className="sr-only"> your request for {r.rewardName}</span></button>
      {error && <ErrorState error={error} what="the cancellation (nothing changed)" />}
    </>
  );
}

function FeedbackForm({ session, request: r, onSent }: { session: Session; request: RewardRequest; onSent: (message: string) => void }) {
  const [satisfaction, setSatisfaction] = useState('');
  const [relevance, setRelevance] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const id = useId();
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { satisfaction: Number(satisfaction), relevance: Number(relevance), ...(comment.trim() ? { comment: comment.trim() } : {}) };
      await api(session, 'recognition', `/programs/${r.programId}/reward-requests/${r.requestId}/feedback`, { method: 'POST', body: JSON.stringify(body), headers: { 'idempotency-key': crypto.randomUUID() } });
      onSent(`Thank you: your feedback on ${r.rewardName} is saved.`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  const scale = (value: string, set: (v: string) => void, name: string, legend: string) => (
    <fieldset className="scale">
      <legend>{legend}</legend>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}><input type="radio" name={`${id}-${name}`} value={n} required checked={value === String(n)} onChange={() => set(String(n))} /> {n}</label>
      ))}
    </fieldset>
  );
  return (
    <form onSubmit={send} className="feedback" aria-label={`Feedback on ${r.rewardName}`}>
      {scale(satisfaction, setSatisfaction, 'satisfaction', 'How satisfied are you with it? (1 = not at all, 5 = very)')}
      {scale(relevance, setRelevance, 'relevance', 'How relevant was it to you? (1 = not at all, 5 = very)')}
      <label htmlFor={`${id}-comment`}>Comment (optional; only you and the program’s managers see it)</label>
      <textarea id={`${id}-comment`} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} />
      <button type="submit" disabled={busy}>Send feedback</button>
      {error && <ErrorState error={error} what="your feedback (not saved)" />}
    </form>
  );
}
