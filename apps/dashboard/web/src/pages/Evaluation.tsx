import { useApi } from '../api';
import type { Session } from '../auth';
import { figure } from '../components/format';
import { Empty, Show } from '../components/States';
import type { EvaluationMatrix } from '../types';

const STATUS_TEXT: Record<string, string> = { met: 'Met', 'on-track': 'On track', behind: 'Behind', 'not-measured': 'Not measured' };

/** Each objective against its target (analytics' evaluation matrix). */
export function EvaluationPage({ session, programId, asOf }: { session: Session; programId: string; asOf: string | null }) {
  const matrix = useApi<EvaluationMatrix>(session, 'analytics', `/programs/${programId}/evaluation${asOf ? `?asOf=${asOf}` : ''}`);
  return (
    <section aria-labelledby="matrix-title">
      <h2 id="matrix-title">Evaluation matrix</h2>
      <Show loaded={matrix} what="the evaluation matrix">
        {(m) => m.objectives.length === 0 ? (
          <Empty><p>This program states no objectives. Its managers add them to the program’s definition (enrollment, <code>PATCH /programs/:id</code>) while it is a draft.</p></Empty>
        ) : (
          <>
            <p className="muted">Judged {m.evaluatedAt.slice(0, 16).replace('T', ' ')} UTC. On track: a running total at least at its target × the part of its horizon gone by.</p>
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
              <table aria-labelledby="matrix-title" className="matrix">
                <thead><tr><th scope="col">Objective</th><th scope="col">Metric</th><th scope="col">Target</th><th scope="col">Actual</th><th scope="col">Status</th><th scope="col">Term</th><th scope="col">Due</th></tr></thead>
                <tbody>
                  {m.objectives.map((o) => (
                    <tr key={o.objectiveId} data-objective={o.objectiveId}>
                      <th scope="row">{o.description}</th>
                      <td><code>{o.metric}</code></td>
                      <td data-col="target">{figure(o.target)}</td>
                      <td data-col="actual">{figure(o.actual)}</td>
                      <td data-col="status"><span className={`badge objective-${o.status}`}>{STATUS_TEXT[o.status] ?? o.status}</span></td>
                      <td>{o.term}</td>
                      <td>{o.dueOn}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}
