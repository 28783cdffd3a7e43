import { useState } from 'react';
import { api, useApi, type ApiError } from '../api';
import type { Session } from '../auth';
import { day } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import type { Page } from '../types';

export interface WallEntry {
  entryId: string; kind: 'award' | 'grant' | 'kudos' | 'winner'; programId: string | null; personId: string; personName: string;
  title: string; text: string | null; category: string | null; fromName: string | null; occurredAt: string;
}
const KINDS = [['', 'All'], ['award', 'Awards'], ['grant', 'Recognitions'], ['kudos', 'Kudos'], ['winner', 'Winners']] as const;
const KIND_LABEL: Record<string, string> = { award: 'Award', grant: 'Recognition', kudos: 'Kudos', winner: 'Winner' };

/** The organization's recognition wall (recognition `GET /wall`), as recognition filters it by consent; managers rotate the newsletter feed's secret URL. */
export function WallPage({ session }: { session: Session }) {
  const [kind, setKind] = useState('');
  const wall = useApi<Page<WallEntry>>(session, 'recognition', `/wall?limit=50${kind ? `&kind=${kind}` : ''}`);
  return (
    <>
      <h1>Recognition wall</h1>
      <p className="muted">Only people who consent to public acknowledgement in their program appear here; withdrawing that consent removes their entries at once.</p>
      <div role="group" aria-label="Show" className="filters">
        {KINDS.map(([value, label]) => (
          <button type="button" key={value} aria-pressed={kind === value} onClick={() => setKind(value)}>{label}</button>
        ))}
      </div>
      <Show loaded={wall} what="the recognition wall">
        {(page) => page.items.length === 0 ? (
          <Empty><p>Nothing on the wall yet. Awards, recognitions, kudos their mentors share and competition winners appear here once the people concerned consent to public acknowledgement.</p></Empty>
        ) : (
          <>
          {page.total !== undefined && page.total > page.items.length && <p className="muted">The newest {page.items.length} of {page.total} entries.</p>}
          <ul className="cards" data-testid="wall">
            {page.items.map((e) => (
              <li className="card" key={e.entryId} data-entry={e.entryId} data-kind={e.kind}>
                <h2>{e.personName}: {e.title}</h2>
                <p><span className="badge">{KIND_LABEL[e.kind]}</span>{e.category && <> <span className={`badge tier-${e.category}`}>{e.category}</span></>} <span className="muted">{day(e.occurredAt)}</span></p>
                {e.text && <blockquote>{e.text}</blockquote>}
                {e.fromName && <p className="muted">From {e.fromName}</p>}
              </li>
            ))}
          </ul>
          </>
        )}
      </Show>
      {session.roles.some((r) => r === 'program-manager' || r === 'admin') && <FeedSection session={session} />}
    </>
  );
}

interface FeedInfo { rotation: number; rotatedBy: string; rotatedAt: string }

function FeedSection({ session }: { session: Session }) {
  const info = useApi<FeedInfo>(session, 'recognition', '/wall/feed');
  const [rotated, setRotated] = useState<(FeedInfo & { path: string }) | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    setBusy(true);
    setError(null);
    try {
      setRotated(await api<FeedInfo & { path: string }>(session, 'recognition', '/wall/feed/rotate', { method: 'POST', body: '{}' }));
      info.reload();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="feed-title">
      <h2 id="feed-title">Newsletter feed</h2>
      <p>The wall as an Atom feed for your newsletter tool, at a secret URL: anyone with the URL can read it. Rotating makes a new URL and stops the previous one at once.</p>
      {info.state === 'ok' && <p>Rotated {info.data.rotation} time{info.data.rotation === 1 ? '' : 's'}, last on {day(info.data.rotatedAt)} by {info.data.rotatedBy}.</p>}
      {info.state === 'error' && info.error.status === 404 && <p>No feed URL yet: create one.</p>}
      {info.state === 'error' && info.error.status !== 404 && <ErrorState error={info.error} what="the feed's status" retry={info.reload} />}
      <button type="button" className="primary" disabled={busy} onClick={rotate}>{info.state === 'ok' ? 'Rotate the feed URL' : 'Create the feed URL'}</button>
      {rotated && (
        <div role="status" className="state">
          <p><strong>The new feed URL</strong> (shown this once — copy it now; the previous one no longer works):</p>
          <p><code data-testid="feed-url">{`${location.origin}/api/recognition${rotated.path}`}</code></p>
        </div>
      )}
      {error && <ErrorState error={error} what="a new feed URL (the current one still works)" />}
    </section>
  );
}
