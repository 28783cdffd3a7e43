import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, useApi } from '../api';
import type { Session } from '../auth';
import { day } from '../components/format';
import { Empty, ErrorState, Show } from '../components/States';
import { Link } from '../router';
import type { HeldCredential, Page } from '../types';

type ProgramCredential = Omit<HeldCredential, 'verificationPage' | 'linkedInUrl'>;
const SHOWN = 25;

/**
 * The credentials a program issued (recognition, newest first) for its managers, each with its public verification
 * page and, while it stands, a revocation with a reason (its bit is set: every verifier then reports it revoked).
 */
export function ProgramCredentials({ session, programId }: { session: Session; programId: string }) {
  const credentials = useApi<Page<ProgramCredential>>(session, 'recognition', `/programs/${programId}/credentials?limit=${SHOWN}`);
  const [done, setDone] = useState<string>();
  const revoked = (message: string) => {
    setDone(message);
    credentials.reload();
  };
  return (
    <section aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials issued</h2>
      {done && <p role="status" className="done">{done}</p>}
      {credentials.state === 'error' && credentials.error.status === 403 ? (
        <Empty><p>Only the program’s managers see its credentials one by one; the awards above count them.</p></Empty>
      ) : (
        <Show loaded={credentials} what="the program’s credentials">
          {(page) => page.items.length === 0 ? <Empty><p>No credential issued yet: each award and grant is issued as a verifiable credential when it is made.</p></Empty> : (
            <>
              {page.total !== undefined && page.total > page.items.length && <p className="muted">The newest {page.items.length} of {page.total}.</p>}
              <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
                <table data-testid="program-credentials">
                  <thead><tr><th scope="col">Achievement</th><th scope="col">Holder</th><th scope="col">Issued</th><th scope="col">Status</th><th scope="col">Verification</th><th scope="col">Action</th></tr></thead>
                  <tbody>{page.items.map((c) => <CredentialRow key={c.credentialId} session={session} credential={c} onRevoked={revoked} />)}</tbody>
                </table>
              </div>
            </>
          )}
        </Show>
      )}
    </section>
  );
}

function CredentialRow({ session, credential: c, onRevoked }: { session: Session; credential: ProgramCredential; onRevoked: (message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const field = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  useEffect(() => {
    if (open) field.current?.focus();
  }, [open]);
  const revoke = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api(session, 'recognition', `/programs/${c.programId}/credentials/${c.credentialId}/revoke`, { method: 'POST', body: JSON.stringify({ reason }), headers: { 'idempotency-key': crypto.randomUUID() } });
      onRevoked(`Revoked: ${c.name} of ${c.personId}.`);
    } catch (err) {
      setError(err as ApiError);
      setBusy(false);
    }
  };
  const label = `${c.name} of ${c.personId}`;
  return (
    <tr data-credential={c.credentialId}>
      <th scope="row">{c.name} {c.tier && <span className={`badge tier-${c.tier}`}>{c.tier}</span>}</th>
      <td>{c.personId}</td>
      <td>{day(c.issuedAt)}</td>
      <td data-col="status">{c.status === 'revoked' ? `Revoked ${day(c.revokedAt)}` : 'Valid'}</td>
      <td><Link to={`/verify/${c.credentialId}`}>Check<span className="sr-only"> {label}</span></Link></td>
      <td>
        {c.status === 'issued' && !open && <button type="button" onClick={() => setOpen(true)}>Revoke<span className="sr-only"> {label}</span>…</button>}
        {open && (
          <form onSubmit={revoke} className="reject">
            <label htmlFor={`${id}-reason`}>Reason for revoking</label>
            <textarea id={`${id}-reason`} ref={field} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
            <div className="actions">
              <button type="submit" disabled={busy || reason.trim() === ''}>Revoke credential</button>
              <button type="button" onClick={() => setOpen(false)}>Cancel</button>
            </div>
          </form>
        )}
        {error && <ErrorState error={error} what="the revocation (nothing changed)" />}
      </td>
    </tr>
  );
}
