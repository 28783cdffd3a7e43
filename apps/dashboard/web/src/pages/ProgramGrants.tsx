import { useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../api';
import type { Session } from '../auth';
import { day } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import { Link } from '../router';
import type { Page } from '../types';

const SHOWN = 25;
/** Answers about the request itself (not about access or the service), said in recognition's words. */
const REFUSED = [400, 404, 409, 422];

interface Grant {
  grantId: string;
  personId: string;
  kind: 'badge' | 'custom';
  tier: string;
  title: string;
  citation: string;
  status: 'granted' | 'revoked';
  grantedAt: string;
  grantedBy: string;
}
interface BadgeRule { badgeId: string; name: string; tier: string; status: 'active' | 'retired' }

const value = (e: FormEvent<HTMLFormElement>, name: string) => String(new FormData(e.currentTarget).get(name) ?? '').trim();

/**
 * A program's managers recognize people by hand (recognition's grants: a badge of the program or a custom
 * recognition, with a citation) and open a Mentor of the Year competition over it. Analysts are told these are the
 * managers' (recognition answers them 403).
 */
export function ProgramGrants({ session, programId }: { session: Session; programId: string }) {
  const grants = useApi<Page<Grant>>(session, 'recognition', `/programs/${programId}/grants?limit=${SHOWN}`);
  const badges = useApi<BadgeRule[]>(session, 'recognition', `/programs/${programId}/badge-rules`);
  const [kind, setKind] = useState('custom');
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; link?: string }>();
  const [error, setError] = useState<{ error: ApiError; what: string; undone: string }>();

  const post = async (path: string, body: unknown, what: string, undone: string): Promise<Record<string, string> | undefined> => {
    setBusy(true);
    setError(undefined);
    setSaid(undefined);
    try {
      return await api<Record<string, string>>(session, 'recognition', `/programs/${programId}${path}`, { method: 'POST', headers: { 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify(body) });
    } catch (e) {
      setError({ error: e as ApiError, what, undone });
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const grant = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const title = value(e, 'title');
    const body = { personId: value(e, 'person'), citation: value(e, 'citation'), ...(kind === 'custom' ? { title } : { badgeId: kind, ...(title ? { title } : {}) }) };
    const made = await post('/grants', body, 'the recognition (not granted)', 'Not granted');
    if (!made) return;
    setSaid({ text: `Granted: ${made.title} to ${made.personId}.` });
    form.reset();
    setKind('custom');
    grants.reload();
  };
  const open = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const body = {
      title: value(e, 'title'), periodStart: `${value(e, 'from')}T00:00:00Z`, periodEnd: `${value(e, 'to')}T00:00:00Z`, minConfirmedSessions: Number(value(e, 'sessions')),
    };
    const made = await post('/competitions', body, 'the competition (not opened)', 'Not opened');
    if (!made) return;
    setSaid({ text: `Opened: ${made.title}, taking nominations.`, link: `/competitions/${made.competitionId}` });
    form.reset();
  };

  if (grants.state === 'error' && grants.error.status === 403) {
    return (
      <section aria-labelledby="grants-title">
        <h2 id="grants-title">Recognitions granted</h2>
        <Empty><p>Only the program’s managers grant recognitions and open competitions.</p></Empty>
      </section>
    );
  }
  const activeBadges = badges.state === 'ok' ? badges.data.filter((b) => b.status === 'active') : [];
  return (
    <>
      <section aria-labelledby="grants-title">
        <h2 id="grants-title">Recognitions granted</h2>
        <Show loaded={grants} what="the program’s recognitions">
          {(page) => page.items.length === 0 ? <Empty><p>No recognition granted yet. Grant one below: a badge of the program or a custom one, with a citation.</p></Empty> : (
            <>
              {page.total !== undefined && page.total > page.items.length && <p className="muted">The newest {page.items.length} of {page.total}.</p>}
              <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
                <table data-testid="grants">
                  <thead><tr><th scope="col">Recognition</th><th scope="col">Person</th><th scope="col">Citation</th><th scope="col">Granted</th><th scope="col">Status</th></tr></thead>
                  <tbody>
                    {page.items.map((g) => (
                      <tr key={g.grantId} data-grant={g.grantId}>
                        <th scope="row">{g.title} <span className={`badge tier-${g.tier}`}>{g.tier}</span></th>
                        <td>{g.personId}</td><td>{g.citation}</td><td>{day(g.grantedAt)} by {g.grantedBy}</td><td>{g.status === 'revoked' ? 'Revoked' : 'Granted'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )}
        </Show>
      </section>
      <section aria-labelledby="act-title">
        <h2 id="act-title">Recognize someone</h2>
        <p role="status">{said && <>{said.text}{said.link && <> <Link to={said.link}>Go to the competition</Link>.</>}</>}</p>
        {error && (REFUSED.includes(error.error.status) ? (
          // Recognition refused the request itself (unknown person or badge, bad dates): its own words say why.
          <div className="state error" role="alert">
            <p><strong>{error.undone}.</strong> {error.error.message}</p>
            <p className="detail">({error.error.status} {error.error.code})</p>
          </div>
        ) : <ErrorState error={error.error} what={error.what} />)}
        <form className="assumptions" onSubmit={grant} data-testid="grant-form">
          <h3>Grant a recognition</h3>
          <label htmlFor="grant-person">The person’s user id (a participant of the program)</label>
          <input id="grant-person" name="person" required maxLength={255} />
          <label htmlFor="grant-kind">Recognition</label>
          <select id="grant-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="custom">A custom recognition</option>
            {activeBadges.map((b) => <option key={b.badgeId} value={b.badgeId}>Badge: {b.name} ({b.tier})</option>)}
          </select>
          <label htmlFor="grant-title">{kind === 'custom' ? 'Title' : 'Title (optional: the badge’s name otherwise)'}</label>
          <input id="grant-title" name="title" required={kind === 'custom'} maxLength={120} />
          <label htmlFor="grant-citation">Citation: why (private to the person and the managers; on the wall only with their consent)</label>
          <textarea id="grant-citation" name="citation" required maxLength={1000} rows={3} />
          <button type="submit" disabled={busy}>Grant</button>
        </form>
        <form className="assumptions" onSubmit={open} data-testid="competition-form">
          <h3>Open a Mentor of the Year competition</h3>
          <label htmlFor="competition-title">Title</label>
          <input id="competition-title" name="title" required maxLength={120} />
          <label htmlFor="competition-from">Sessions count from</label>
          <input id="competition-from" name="from" type="date" required />
          <label htmlFor="competition-to">until (not included)</label>
          <input id="competition-to" name="to" type="date" required />
          <label htmlFor="competition-sessions">Eligible mentors have at least this many confirmed sessions in the period</label>
          <input id="competition-sessions" name="sessions" type="number" min={0} max={1000} step={1} defaultValue={1} required />
          <button type="submit" disabled={busy}>Open the competition</button>
        </form>
      </section>
    </>
  );
}
