import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, useApi, type Loaded } from '../api';
import type { Session } from '../auth';
import { day, figure, minor } from '../components/format';
import { KpiCard } from '../components/KpiCard';
import { Empty, ErrorState, Show } from '../components/States';
import type { BudgetPosition, Page, ProgramKpis, RewardFigures, RewardRequest } from '../types';

const TABLE_REGION = 'Table (scrolls sideways on narrow screens)';
type Decision = 'approve' | 'reject' | 'fulfil';
const DONE: Record<Decision, string> = { approve: 'Approved', reject: 'Rejected', fulfil: 'Marked as given' };

/** Shown instead of an access error where recognition answers 403: its budgets and requests are the program managers'. */
const onlyManagers = (what: string) => <Empty><p>Only the program’s managers see {what}. The spend and satisfaction above are open to analysts.</p></Empty>;

/**
 * A program's rewards for its managers: spend against budget and satisfaction (analytics' KPIs and figures), the
 * budget position per period and the request queue with its decisions (recognition). Every figure is the APIs'.
 */
export function RewardsPage({ session, programId }: { session: Session; programId: string }) {
  const kpis = useApi<ProgramKpis>(session, 'analytics', `/programs/${programId}/kpis`);
  const figures = useApi<RewardFigures>(session, 'analytics', `/programs/${programId}/rewards`);
  const budgets = useApi<BudgetPosition[]>(session, 'recognition', `/programs/${programId}/reward-budgets`);
  const pending = useApi<Page<RewardRequest>>(session, 'recognition', `/programs/${programId}/reward-requests?status=requested&limit=100`);
  const second = useApi<Page<RewardRequest>>(session, 'recognition', `/programs/${programId}/reward-requests?status=awaiting-second-approval&limit=100`);
  const approved = useApi<Page<RewardRequest>>(session, 'recognition', `/programs/${programId}/reward-requests?status=approved&limit=100`);
  const [done, setDone] = useState<string>();
  const decided = (message: string) => {
    setDone(message);
    for (const loaded of [budgets, pending, second, approved, kpis, figures]) loaded.reload();
  };
  const metric = (m: string) => (kpis.state === 'ok' ? kpis.data.kpis.find((k) => k.metric === m) : undefined);

  return (
    <>
      <section aria-labelledby="reward-kpis-title">
        <h2 id="reward-kpis-title">Reward spend and satisfaction</h2>
        <Show loaded={kpis} what="the reward figures">
          {() => <dl className="kpis"><KpiCard kpi={metric('reward-spend-against-budget')} /><KpiCard kpi={metric('reward-satisfaction')} /></dl>}
        </Show>
        <Show loaded={figures} what="the reward spend by month">
          {(f) => f.budgets.length === 0 && f.months.length === 0 ? (
            <Empty><p>No reward budget or spend yet. Once a manager allocates a budget and rewards are given, the spend and the mentors’ ratings show here.</p></Empty>
          ) : (
            <>
              <Table caption="Budget allocated per period (allocations and corrections)" head={['Period', 'Allocated']} testId="reward-allocations">
                {f.budgets.map((b) => <tr key={b.period}><th scope="row">{b.period}</th><td>{minor(b.allocatedMinor, b.currency)}</td></tr>)}
              </Table>
              <Table caption="Rewards given and rated per month (UTC)" head={['Month', 'Given', 'Spend', 'Ratings', 'Average satisfaction', 'Average relevance']} testId="reward-months">
                {f.months.map((m) => (
                  <tr key={`${m.month}-${m.currency}`}>
                    <th scope="row">{m.month}</th><td>{m.fulfilled}</td><td>{minor(m.spentMinor, m.currency)}</td><td>{m.ratings}</td>
                    <td>{figure(m.averageSatisfaction, undefined, 2)}</td><td>{figure(m.averageRelevance, undefined, 2)}</td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </Show>
      </section>
      <section aria-labelledby="budget-title">
        <h2 id="budget-title">Budget position</h2>
        {budgets.state === 'error' && budgets.error.status === 403 ? onlyManagers('the budget position') : (
          <Show loaded={budgets} what="the budget position">
            {(rows) => rows.length === 0 ? <Empty><p>No reward budget for this program yet: mentors cannot request rewards until a manager allocates one.</p></Empty> : (
              <Table caption="Per period: allocated − reserved − spent = remaining" head={['Period', 'Allocated', 'Reserved', 'Spent', 'Remaining']} testId="budget-position">
                {rows.map((b) => (
                  <tr key={b.period} data-period={b.period}>
                    <th scope="row">{b.period}</th><td data-col="allocated">{minor(b.allocatedMinor, b.currency)}</td><td data-col="reserved">{minor(b.reservedMinor, b.currency)}</td>
                    <td data-col="spent">{minor(b.spentMinor, b.currency)}</td><td data-col="remaining">{minor(b.remainingMinor, b.currency)}</td>
                  </tr>
                ))}
              </Table>
            )}
          </Show>
        )}
      </section>
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">Reward requests</h2>
        {done && <p role="status" className="done">{done}</p>}
        {pending.state === 'error' && pending.error.status === 403 ? onlyManagers('the reward requests') : (
          <>
            <Queue title="To decide" empty="No request waits for a decision." loaded={pending} decisions={['approve', 'reject']} session={session} onDecided={decided} />
            <Queue title="Awaiting a tenant administrator’s second approval (remuneration)" empty="No remuneration request waits for an administrator." loaded={second} decisions={['approve', 'reject']} session={session} onDecided={decided} />
            <Queue title="Approved, to give" empty="No approved reward waits to be given." loaded={approved} decisions={['fulfil']} session={session} onDecided={decided} />
          </>
        )}
      </section>
    </>
  );
}

function Table({ caption, head, testId, children }: { caption: string; head: string[]; testId: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={TABLE_REGION}>
      <table data-testid={testId}>
        <caption>{caption}</caption>
        <thead><tr>{head.map((h) => <th scope="col" key={h}>{h}</th>)}</tr></thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

function Queue({ title, empty, loaded, decisions, session, onDecided }: {
  title: string; empty: string; loaded: Loaded<Page<RewardRequest>> & { reload: () => void }; decisions: Decision[]; session: Session; onDecided: (message: string) => void;
}) {
  const headingId = useId();
  return (
    <div className="queue" aria-labelledby={headingId} role="group">
      <h3 id={headingId}>{title}</h3>
      <Show loaded={loaded} what={title.toLowerCase()}>
        {(page) => page.items.length === 0 ? <Empty><p>{empty}</p></Empty> : (
          <ul className="cards">
            {page.items.map((r) => <RequestCard key={r.requestId} request={r} decisions={decisions} session={session} onDecided={onDecided} />)}
          </ul>
        )}
      </Show>
    </div>
  );
}

function RequestCard({ request: r, decisions, session, onDecided }: { request: RewardRequest; decisions: Decision[]; session: Session; onDecided: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError>();
  const reasonId = useId();
  const reasonField = useRef<HTMLTextAreaElement>(null);
  // The reason field takes the focus when it opens (the button that opened it is gone).
  useEffect(() => {
    if (rejecting) reasonField.current?.focus();
  }, [rejecting]);
  const decide = async (decision: Decision, body: object = {}) => {
    setBusy(true);
    setError(undefined);
    try {
      await api(session, 'recognition', `/programs/${r.programId}/reward-requests/${r.requestId}/${decision}`, { method: 'POST', body: JSON.stringify(body), headers: { 'idempotency-key': crypto.randomUUID() } });
      onDecided(`${DONE[decision]}: ${r.rewardName} for ${r.mentorId}.`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  const reject = (e: FormEvent) => {
    e.preventDefault();
    void decide('reject', { reason });
  };
  const label = `${r.rewardName} for ${r.mentorId}`;
  return (
    <li className="card" data-request={r.requestId}>
      <h4>{r.rewardName} <span className="badge">{r.kind}</span></h4>
      <dl className="facts">
        <dt>Mentor</dt><dd>{r.mentorId}</dd>
        <dt>Cost</dt><dd>{minor(r.costMinor, r.currency)} <span className="muted">(budget {r.period})</span></dd>
        <dt>Requested</dt><dd>{day(r.requestedAt)}</dd>
        {r.decidedAt && <><dt>Approved</dt><dd>{day(r.decidedAt)} by {r.approvers.join(', ')}</dd></>}
      </dl>
      {r.secondApprovalRequired && <p className="warn">Remuneration: a tenant administrator approves after the manager.</p>}
      <div className="actions">
        {decisions.includes('approve') && <button type="button" className="primary" disabled={busy} onClick={() => decide('approve')}>Approve<span className="sr-only"> {label}</span></button>}
        {decisions.includes('reject') && !rejecting && <button type="button" disabled={busy} onClick={() => setRejecting(true)}>Reject<span className="sr-only"> {label}</span>…</button>}
        {decisions.includes('fulfil') && <button type="button" className="primary" disabled={busy} onClick={() => decide('fulfil')}>Mark<span className="sr-only"> {label}</span> as given</button>}
      </div>
      {rejecting && (
        <form onSubmit={reject} className="reject">
          <label htmlFor={reasonId}>Reason for rejecting (the mentor sees it)</label>
          <textarea id={reasonId} ref={reasonField} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="actions">
            <button type="submit" disabled={busy || reason.trim() === ''}>Reject request</button>
            <button type="button" onClick={() => setRejecting(false)}>Cancel</button>
          </div>
        </form>
      )}
      {error && <ErrorState error={error} what="the decision (nothing changed)" />}
    </li>
  );
}
