import { useApi } from '../api';
import type { Session } from '../auth';
import { Show } from '../components/States';
import { Link, navigate, useLocation } from '../router';
import type { ProgramSummary } from '../types';
import { EvaluationPage } from './Evaluation';
import { OverviewPage } from './Overview';
import { RecognitionPage } from './Recognition';
import { RewardsPage } from './Rewards';
import { RoiPage } from './Roi';

const TABS = [
  { path: '', label: 'Overview' },
  { path: '/evaluation', label: 'Evaluation' },
  { path: '/roi', label: 'ROI' },
  { path: '/recognition', label: 'Recognition' },
  { path: '/rewards', label: 'Rewards' },
] as const;

/** One program: its name and status, the as-of day, and its five pages. */
export function ProgramPage({ session, programId, tab }: { session: Session; programId: string; tab: string }) {
  const location = useLocation();
  const asOf = location.searchParams.get('asOf');
  const program = useApi<ProgramSummary>(session, 'analytics', `/programs/${programId}`);
  const setAsOf = (value: string) => navigate(`${location.pathname}${value ? `?asOf=${value}` : ''}`, true);
  const query = asOf ? `?asOf=${asOf}` : '';
  return (
    <Show loaded={program} what="this program">
      {(p) => (
        <>
          <p className="crumbs"><Link to="/">Programs</Link> /</p>
          <h1>{p.name} <span className={`badge status-${p.status}`}>{p.status}</span></h1>
          <div className="toolbar">
            <nav aria-label="Program pages" className="tabs">
              {TABS.map((t) => (
                <Link key={t.label} to={`/programs/${programId}${t.path}${query}`} aria-current={tab === t.path ? 'page' : undefined}>{t.label}</Link>
              ))}
            </nav>
            {tab !== '/recognition' && tab !== '/rewards' && (
              <form className="as-of" onSubmit={(e) => e.preventDefault()}>
                <label htmlFor="as-of">Figures as of</label>
                <input id="as-of" type="date" value={asOf ?? ''} max={new Date().toISOString().slice(0, 10)} onChange={(e) => setAsOf(e.target.value)} />
                {asOf && <button type="button" onClick={() => setAsOf('')}>Today</button>}
              </form>
            )}
          </div>
          {tab === '' && <OverviewPage session={session} programId={programId} asOf={asOf} />}
          {tab === '/evaluation' && <EvaluationPage session={session} programId={programId} asOf={asOf} />}
          {tab === '/roi' && <RoiPage session={session} programId={programId} asOf={asOf} />}
          {tab === '/recognition' && <RecognitionPage session={session} programId={programId} />}
          {tab === '/rewards' && <RewardsPage session={session} programId={programId} />}
        </>
      )}
    </Show>
  );
}
