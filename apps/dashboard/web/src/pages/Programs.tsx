import { useApi } from '../api';
import type { Session } from '../auth';
import { Empty, Show } from '../components/States';
import { Link } from '../router';
import type { Page, ProgramSummary } from '../types';

/** Every program of the organization with its health at a glance (analytics' program list). */
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
                <li key={p.programId} className="card">
                  <h2><Link to={`/programs/${p.programId}`}>{p.name}</Link></h2>
                  <p><span className={`badge status-${p.status}`}>{p.status}</span> {p.lifecycleKind === 'cohort' ? `cohort ${p.startsOn ?? ''} – ${p.endsOn ?? ''}` : 'evergreen'}</p>
                  <dl className="figures">
                    <div><dt>Applications</dt><dd>{p.applications}</dd></div>
                    <div><dt>Approved</dt><dd>{p.approved}</dd></div>
                    <div><dt>Active pairings</dt><dd>{p.activePairings}{p.maxPairs !== null && <span className="muted"> of {p.maxPairs}</span>}</dd></div>
                    <div><dt>Objectives</dt><dd>{p.objectives}</dd></div>
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
