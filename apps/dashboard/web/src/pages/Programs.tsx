import { useApi } from '../api';
import type { Session } from '../auth';
import { figure } from '../components/format';
import { Empty, Show } from '../components/States';
import { Link } from '../router';
import type { Page, ProgramKpis, ProgramSummary } from '../types';

/** Programs under way: their engagement at a glance too (one KPI read each). */
const LIVE = ['open', 'running'];

/** Every program of the organization with its health at a glance (analytics' program list and, for live ones, KPIs). */
export function ProgramsPage({ session }: { session: Session }) {
  const programs = useApi<Page<ProgramSummary>>(session, 'analytics', '/programs?limit=200');
  return (
    <>
      <h1>Programs</h1>
      <Show loaded={programs} what="the programs">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>
              <p>No programs yet. A program manager creates one with the enrollment API (<code>POST /programs</code>); it appears here within seconds.</p>
            </Empty>
          ) : (
            <ul className="cards" aria-label="Programs">
              {page.items.map((p) => (
                <li key={p.programId} className="card" data-program={p.programId}>
                  <h2><Link to={`/programs/${p.programId}`}>{p.name}</Link></h2>
                  <p><span className={`badge status-${p.status}`}>{p.status}</span> {p.lifecycleKind === 'cohort' ? `cohort ${p.startsOn ?? ''} – ${p.endsOn ?? ''}` : 'evergreen'}</p>
                  <dl className="figures">
                    <div><dt>Applications</dt><dd>{p.applications}</dd></div>
                    <div><dt>Approved</dt><dd>{p.approved}</dd></div>
                    <div><dt>Active pairings</dt><dd>{p.activePairings}{p.maxPairs !== null && <span className="muted"> of {p.maxPairs}</span>}</dd></div>
                    {LIVE.includes(p.status) && <Health session={session} programId={p.programId} />}
                  </dl>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </>
  );
}

function Health({ session, programId }: { session: Session; programId: string }) {
  const kpis = useApi<ProgramKpis>(session, 'analytics', `/programs/${programId}/kpis`);
  if (kpis.state !== 'ok') return <div><dt>At-risk pairings</dt><dd className="muted">{kpis.state === 'loading' ? '…' : '—'}</dd></div>;
  const kpi = (metric: string) => kpis.data.kpis.find((k) => k.metric === metric);
  const atRisk = kpi('at-risk-pairings');
  const rating = kpi('average-session-rating');
  return (
    <>
      <div data-metric="at-risk-pairings"><dt>At-risk pairings</dt><dd className={atRisk?.value ? 'warn' : undefined}>{figure(atRisk?.value)}</dd></div>
      <div data-metric="average-session-rating"><dt>Session rating</dt><dd>{figure(rating?.value, rating?.unit, rating?.decimals)}</dd></div>
    </>
  );
}
