import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../api';
import type { Session } from '../auth';
import { figure, money } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import type { AssumptionsVersion, OutcomeKind, Page, Roi, RoiAssumptions } from '../types';

const OUTCOMES: { kind: OutcomeKind; label: string }[] = [
  { kind: 'promotion', label: 'Value of one verified promotion' },
  { kind: 'project-completion', label: 'Value of one completed project' },
  { kind: 'skill-attainment', label: 'Value of one skill attained' },
  { kind: 'certification', label: 'Value of one certification' },
];
const AMOUNTS = [
  { key: 'trainingHourValue', label: 'Value of one training hour' },
  { key: 'participantHourlyCost', label: 'Hourly cost of a participant’s time' },
  { key: 'fixedProgramCost', label: 'Fixed program cost' },
] as const;
const EMPTY: RoiAssumptions = { currency: 'EUR', outcomeValues: { promotion: 0, 'project-completion': 0, 'skill-attainment': 0, certification: 0 }, trainingHourValue: 0, participantHourlyCost: 0, fixedProgramCost: 0 };

/** ROI with its breakdown and the assumptions behind it, which the program's managers and analysts edit. */
export function RoiPage({ session, programId, asOf }: { session: Session; programId: string; asOf: string | null }) {
  const roi = useApi<Roi>(session, 'analytics', `/programs/${programId}/roi${asOf ? `?asOf=${asOf}` : ''}`);
  const versions = useApi<Page<AssumptionsVersion>>(session, 'analytics', `/programs/${programId}/roi/assumptions?limit=1`);
  const reload = () => {
    roi.reload();
    versions.reload();
  };
  return (
    <>
      <section aria-labelledby="roi-title">
        <h2 id="roi-title">Return on investment{asOf && ` as of ${asOf}`}</h2>
        {roi.state === 'error' && roi.error.code === 'roi.no_assumptions' ? (
          <Empty><p>No ROI yet: nobody has set this program’s assumptions. Set them below (program managers and analysts).</p></Empty>
        ) : (
          <Show loaded={roi} what="the ROI">{(r) => <RoiFigures roi={r} />}</Show>
        )}
      </section>
      <section aria-labelledby="assumptions-title">
        <h2 id="assumptions-title">Assumptions</h2>
        <Show loaded={versions} what="the ROI assumptions">
          {(page) => <AssumptionsForm session={session} programId={programId} current={page.items[0]} onSaved={reload} />}
        </Show>
      </section>
    </>
  );
}

function RoiFigures({ roi }: { roi: Roi }) {
  const m = (v: number) => money(v, roi.currency);
  return (
    <>
      <p className="headline">ROI <output data-testid="roi-value">{roi.roi === null ? '— (no cost yet)' : figure(roi.roi, undefined, 2)}</output> <span className="muted">on assumptions version {roi.assumptionsVersion}</span></p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
        <table className="roi">
          <caption>How the ROI is made: (value − cost) ÷ cost</caption>
          <thead><tr><th scope="col">Item</th><th scope="col">Quantity</th><th scope="col">Unit value</th><th scope="col">Amount</th></tr></thead>
          <tbody>
            {roi.value.outcomes.map((o) => <tr key={o.kind}><th scope="row">Verified {o.kind}</th><td>{o.count}</td><td>{m(o.unitValue)}</td><td>{m(o.value)}</td></tr>)}
            <tr><th scope="row">Training hours</th><td>{figure(roi.value.trainingHours.hours)} h</td><td>{m(roi.value.trainingHours.unitValue)}</td><td>{m(roi.value.trainingHours.value)}</td></tr>
            <tr className="total"><th scope="row">Value</th><td /><td /><td data-testid="roi-total-value">{m(roi.value.total)}</td></tr>
            <tr><th scope="row">Participants’ time (session hours × 2)</th><td>{figure(roi.cost.participantTime.hours)} h</td><td>{m(roi.cost.participantTime.hourlyCost)}</td><td>{m(roi.cost.participantTime.cost)}</td></tr>
            <tr><th scope="row">Fixed program cost</th><td /><td /><td>{m(roi.cost.fixedProgramCost)}</td></tr>
            <tr><th scope="row">Reward spend</th><td /><td /><td>{m(roi.cost.rewardSpend)}</td></tr>
            <tr className="total"><th scope="row">Cost</th><td /><td /><td data-testid="roi-total-cost">{m(roi.cost.total)}</td></tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

function AssumptionsForm({ session, programId, current, onSaved }: { session: Session; programId: string; current?: AssumptionsVersion; onSaved: () => void }) {
  const [draft, setDraft] = useState<RoiAssumptions>(current?.assumptions ?? EMPTY);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<number>();
  useEffect(() => setDraft(current?.assumptions ?? EMPTY), [current]);
  const num = (v: string) => (v === '' ? NaN : Number(v));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const body = { ...draft, expectedVersion: current?.version ?? 0 };
      const result = await api<AssumptionsVersion>(session, 'analytics', `/programs/${programId}/roi/assumptions`, { method: 'PUT', body: JSON.stringify(body), headers: { 'idempotency-key': crypto.randomUUID() } });
      setSaved(result.version);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={submit} className="assumptions" aria-describedby="assumptions-help">
      <p id="assumptions-help" className="muted">
        {current ? `Version ${current.version}, set by ${current.setBy} on ${current.setAt.slice(0, 10)}.` : 'Not set yet.'} Saving makes a new version; the ROI above is computed by analytics on it.
      </p>
      <label htmlFor="currency">Currency (ISO 4217)</label>
      <input id="currency" value={draft.currency} maxLength={3} pattern="[A-Z]{3}" required onChange={(e) => setDraft({ ...draft, currency: e.target.value.toUpperCase() })} />
      {OUTCOMES.map((o) => (
        <div key={o.kind}>
          <label htmlFor={`value-${o.kind}`}>{o.label}</label>
          <input id={`value-${o.kind}`} type="number" min={0} step="0.01" required value={Number.isNaN(draft.outcomeValues[o.kind]) ? '' : draft.outcomeValues[o.kind]}
            onChange={(e) => setDraft({ ...draft, outcomeValues: { ...draft.outcomeValues, [o.kind]: num(e.target.value) } })} />
        </div>
      ))}
      {AMOUNTS.map((a) => (
        <div key={a.key}>
          <label htmlFor={a.key}>{a.label}</label>
          <input id={a.key} type="number" min={0} step="0.01" required value={Number.isNaN(draft[a.key]) ? '' : draft[a.key]} onChange={(e) => setDraft({ ...draft, [a.key]: num(e.target.value) })} />
        </div>
      ))}
      <button type="submit" disabled={saving}>{saving ? 'Saving…' : 'Save assumptions'}</button>
      {saved !== undefined && !error && <p role="status">Saved as version {saved}.</p>}
      {error && (error.status === 409
        ? <p role="alert" className="error">Someone changed the assumptions meanwhile. Reload the page to see their version, then make your change again.</p>
        : <ErrorState error={error} what="the assumptions (not saved)" />)}
    </form>
  );
}
