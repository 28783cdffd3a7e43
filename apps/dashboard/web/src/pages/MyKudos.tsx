import { useState, type FormEvent } from 'react';
import { api, useApi, type ApiError } from '../api';
import { isMentor, type Session } from '../auth';
import { day } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import type { Page } from '../types';

interface Kudos { programId: string; kudosId: string; mentorId: string; menteeId: string; category: string; message: string; shared: boolean; givenAt: string }
interface Grant { programId: string; grantId: string; title: string; tier: string; citation: string; status: string; revokeReason: string | null; grantedAt: string }
interface MyPairing { pairingId: string; programId: string; status: string; you: 'mentor' | 'mentee'; mentor: { userId: string; name: string } }

const CATEGORIES = ['expertise', 'commitment', 'trust', 'creativity', 'networking'] as const;
const idempotencyKey = () => crypto.randomUUID();

/** Kudos and recognitions: what a mentor received (private messages, share on the wall; grants with citations); a mentee thanks their mentor. */
export function MyKudosPage({ session }: { session: Session }) {
  const mentee = session.roles.includes('mentee');
  return (
    <>
      <h1>Kudos and recognitions</h1>
      {isMentor(session) && <Received session={session} />}
      {mentee && <Give session={session} />}
    </>
  );
}

function Received({ session }: { session: Session }) {
  const kudos = useApi<Page<Kudos>>(session, 'recognition', '/me/kudos?limit=50');
  const grants = useApi<Page<Grant>>(session, 'recognition', '/me/grants?limit=50');
  const [error, setError] = useState<ApiError | null>(null);
  const [said, setSaid] = useState('');
  const share = async (k: Kudos, shared: boolean) => {
    setError(null);
    try {
      await api(session, 'recognition', `/programs/${k.programId}/kudos/${k.kudosId}/share`, { method: 'POST', body: JSON.stringify({ shared }) });
      setSaid(shared ? 'Shared on the wall (shown while you consent to public acknowledgement in the program).' : 'Taken off the wall.');
      kudos.reload();
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <>
      <section aria-labelledby="kudos-received">
        <h2 id="kudos-received">Kudos you received</h2>
        <p className="muted">The messages are yours alone, unless you share one on the recognition wall.</p>
        <p role="status">{said}</p>
        {error && <ErrorState error={error} what="the change (nothing changed)" />}
        <Show loaded={kudos} what="your kudos">
          {(page) => page.items.length === 0 ? <Empty><p>No kudos yet. Your mentees can thank you here with a category and a short message.</p></Empty> : (
            <ul className="cards" data-testid="kudos-received">
              {page.items.map((k) => (
                <li className="card" key={k.kudosId} data-kudos={k.kudosId}>
                  <h3><span className="badge">{k.category}</span> <span className="muted">{day(k.givenAt)}</span></h3>
                  <blockquote>{k.message}</blockquote>
                  <p>{k.shared ? 'On the wall.' : 'Private.'}</p>
                  <button type="button" onClick={() => share(k, !k.shared)}>{k.shared ? 'Take off the wall' : 'Share on the wall'}</button>
                </li>
              ))}
            </ul>
          )}
        </Show>
      </section>
      <section aria-labelledby="grants-received">
        <h2 id="grants-received">Recognitions granted to you</h2>
        <Show loaded={grants} what="your recognitions">
          {(page) => page.items.length === 0 ? <Empty><p>No recognition granted yet. A program manager can recognize your work with a citation; it shows here.</p></Empty> : (
            <ul className="cards" data-testid="grants-received">
              {page.items.map((g) => (
                <li className="card" key={g.grantId} data-grant={g.grantId}>
                  <h3>{g.title} <span className={`badge tier-${g.tier}`}>{g.tier}</span></h3>
                  <blockquote>{g.citation}</blockquote>
                  <p className="muted">Granted {day(g.grantedAt)}{g.status === 'revoked' && <> — revoked: {g.revokeReason}</>}</p>
                </li>
              ))}
            </ul>
          )}
        </Show>
      </section>
    </>
  );
}

function Give({ session }: { session: Session }) {
  const pairings = useApi<Page<MyPairing>>(session, 'enrollment', '/my/pairings?limit=100');
  const given = useApi<Page<Kudos>>(session, 'recognition', '/me/kudos?direction=given&limit=50');
  const [result, setResult] = useState<{ ok: string } | { error: ApiError; nextAllowedAt?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const [programId, mentorId] = String(form.get('mentor')).split('|');
    setBusy(true);
    setResult(null);
    try {
      await api(session, 'recognition', `/programs/${programId}/kudos`, {
        method: 'POST', headers: { 'idempotency-key': idempotencyKey() },
        body: JSON.stringify({ mentorId, category: form.get('category'), message: form.get('message') }),
      });
      formElement.reset();
      setResult({ ok: 'Kudos sent. Your mentor reads your message; it stays private unless they share it.' });
      given.reload();
    } catch (err) {
      const error = err as ApiError;
      setResult({ error, nextAllowedAt: typeof error.details?.nextAllowedAt === 'string' ? error.details.nextAllowedAt : undefined });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="give-kudos">
      <h2 id="give-kudos">Thank your mentor</h2>
      <Show loaded={pairings} what="your mentors">
        {(page) => {
          const mentors = page.items.filter((p) => p.you === 'mentee' && ['active', 'paused', 'completed'].includes(p.status));
          if (mentors.length === 0) return <Empty><p>You have no mentor to thank yet. Once your pairing starts, you can give your mentor kudos here.</p></Empty>;
          return (
            <form className="assumptions" onSubmit={submit}>
              <label htmlFor="kudos-mentor">Mentor</label>
              <select id="kudos-mentor" name="mentor">{mentors.map((p) => <option key={p.pairingId} value={`${p.programId}|${p.mentor.userId}`}>{p.mentor.name}</option>)}</select>
              <label htmlFor="kudos-category">Category</label>
              <select id="kudos-category" name="category">{CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}</select>
              <label htmlFor="kudos-message">Message (at most 280 characters, private to your mentor)</label>
              <textarea id="kudos-message" name="message" required maxLength={280} rows={3} />
              <p className="muted">One kudos per mentor every 7 days.</p>
              <button type="submit" className="primary" disabled={busy}>Give kudos</button>
            </form>
          );
        }}
      </Show>
      {result && 'ok' in result && <p role="status" className="state">{result.ok}</p>}
      {result && 'error' in result && (result.error.code === 'kudos.too_soon' ? (
        <div role="alert" className="state error"><p><strong>You already thanked this mentor in the last 7 days.</strong> You can give them kudos again from {result.nextAllowedAt ? day(result.nextAllowedAt) : 'next week'}; your earlier kudos is below.</p></div>
      ) : <ErrorState error={result.error} what="your kudos (not sent)" />)}
      <h3>Kudos you gave</h3>
      <Show loaded={given} what="the kudos you gave">
        {(page) => page.items.length === 0 ? <Empty><p>You have not given kudos yet.</p></Empty> : (
          <ul className="cards" data-testid="kudos-given">
            {page.items.map((k) => <li className="card" key={k.kudosId}><span className="badge">{k.category}</span> <span className="muted">{day(k.givenAt)}</span><blockquote>{k.message}</blockquote></li>)}
          </ul>
        )}
      </Show>
    </section>
  );
}
