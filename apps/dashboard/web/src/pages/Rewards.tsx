import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, useApi, type Loaded } from '../api';
import type { Session } from '../auth';
import { day, figure, minor, toMinor } from '../components/format';
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
              <Table caption="Rewards given and rated per month (in your organization’s reporting time zone)" head={['Month', 'Given', 'Spend', 'Ratings', 'Average satisfaction', 'Average relevance']} testId="reward-months">
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
            {(rows) => (
              <>
                {rows.length === 0 ? <Empty><p>No reward budget for this program yet: mentors cannot request rewards until a manager allocates one (below).</p></Empty> : (
                  <Table caption="Per period: allocated − reserved − spent = remaining" head={['Period', 'Allocated', 'Reserved', 'Spent', 'Remaining']} testId="budget-position">
                    {rows.map((b) => (
                      <tr key={b.period} data-period={b.period}>
                        <th scope="row">{b.period}</th><td data-col="allocated">{minor(b.allocatedMinor, b.currency)}</td><td data-col="reserved">{minor(b.reservedMinor, b.currency)}</td>
                        <td data-col="spent">{minor(b.spentMinor, b.currency)}</td><td data-col="remaining">{minor(b.remainingMinor, b.currency)}</td>
                      </tr>
                    ))}
                  </Table>
                )}
                <AllocateForm session={session} programId={programId} currency={rows[0]?.currency ?? 'EUR'} onAllocated={decided} />
              </>
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

/** A manager allocates budget to a period (the first allocation opens it); the ledger is recognition's. */
function AllocateForm({ session, programId, currency: usual, onAllocated }: { session: Session; programId: string; currency: string; onAllocated: (message: string) => void }) {
  const [period, setPeriod] = useState(new Date().toISOString().slice(0, 4));
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(usual);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = { amountMinor: toMinor(Number(amount), currency), currency, ...(note.trim() ? { note: note.trim() } : {}) };
      await api(session, 'recognition', `/programs/${programId}/reward-budgets/${encodeURIComponent(period)}/allocations`, { method: 'POST', body: JSON.stringify(body), headers: { 'idempotency-key': crypto.randomUUID() } });
      setAmount('');
      setNote('');
      onAllocated(`Allocated ${minor(body.amountMinor, currency)} to ${period}.`);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="allocate" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Allocate budget</h3>
      <div className="fields">
        <div>
          <label htmlFor={`${id}-period`}>Period</label>
          <input id={`${id}-period`} value={period} required pattern="\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?" aria-describedby={`${id}-period-help`} onChange={(e) => setPeriod(e.target.value)} />
          <p id={`${id}-period-help`} className="muted small">A year (2027), a quarter (2027-Q1) or a month (2027-01); requests draw on the narrowest one.</p>
        </div>
        <div>
          <label htmlFor={`${id}-amount`}>Amount</label>
          <input id={`${id}-amount`} type="number" min="0.01" step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`${id}-currency`}>Currency (ISO 4217)</label>
          <input id={`${id}-currency`} value={currency} maxLength={3} pattern="[A-Z]{3}" required onChange={(e) => setCurrency(e.target.value.toUpperCase())} />
        </div>
        <div>
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <input id={`${id}-note`} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
        </div>
      </div>
      <button type="submit" disabled={busy}>{busy ? 'Allocating…' : 'Allocate'}</button>
      {error && <ErrorState error={error} what="the allocation (nothing allocated)" />}
    </form>
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
