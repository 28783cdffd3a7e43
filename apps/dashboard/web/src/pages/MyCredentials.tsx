import { useState } from 'react';
import { download, useApi } from '../api';
import type { Session } from '../auth';
import { day } from '../components/format';
import { Empty, Show } from '../components/States';
import { Link } from '../router';
import type { HeldCredential, MyApplication, Page } from '../types';

/** The public page of a credential in this dashboard: what its holder shares (no login needed to open it). */
export const verificationLink = (credentialId: string) => `${location.origin}/verify/${credentialId}`;

/**
 * A mentor's (or mentee's) verifiable credentials (recognition issues one per award and per grant, Open Badges 3.0): each to
 * download as the signed JSON, to add to LinkedIn, and to share as a verification page.
 */
export function MyCredentialsPage({ session }: { session: Session }) {
  const credentials = useApi<Page<HeldCredential>>(session, 'recognition', '/me/credentials?limit=100');
  // The program's name (enrollment's); the achievement's is the credential's.
  const applications = useApi<Page<MyApplication>>(session, 'enrollment', '/my/applications?limit=200');
  const [failed, setFailed] = useState<string>();
  const programName = (programId: string) => (applications.state === 'ok' && applications.data.items.find((a) => a.programId === programId)?.programName) || 'Your program';
  return (
    <>
      <h1>My credentials</h1>
      <p>Each badge you earn or are granted is also a signed, verifiable credential (Open Badges 3.0) that you own: download it, add it to your LinkedIn profile, or share its verification page with anyone.</p>
      {failed && <p role="alert" className="error">{failed}</p>}
      <Show loaded={credentials} what="your credentials">
        {(page) => page.items.length === 0 ? (
          <Empty><p>No credential yet. Each badge you earn is issued to you as a credential; your progress to the next badges is on <Link to="/me">My recognition</Link>.</p></Empty>
        ) : (
          <ul className="cards">
            {page.items.map((c) => {
              const name = c.name;
              return (
                <li key={c.credentialId} className={`card${c.status === 'revoked' ? ' revoked' : ''}`} data-credential={c.credentialId}>
                  <h2>{name} {c.tier && <span className={`badge tier-${c.tier}`}>{c.tier}</span>}{c.grantId && <span className="badge">granted</span>}</h2>
                  <p className="muted">{programName(c.programId)}</p>
                  <dl className="facts">
                    <dt>Issued</dt><dd>{day(c.issuedAt)}</dd>
                    <dt>Status</dt><dd>{c.status === 'revoked' ? `Revoked on ${day(c.revokedAt)}` : 'Valid'}</dd>
                  </dl>
                  <div className="actions">
                    <button type="button" onClick={() => download(null, `/credentials/${c.credentialId}`, `credential-${c.credentialId}.json`, 'recognition').catch((e: Error) => setFailed(e.message))}
                    >Download<span className="sr-only"> the {name} credential</span> (JSON)</button>
                    {c.status === 'issued' && <a className="button" href={c.linkedInUrl} target="_blank" rel="noopener noreferrer">Add to LinkedIn<span className="sr-only">: {name} (opens in a new tab)</span></a>}
                  </div>
                  <p className="small">Verification page to share: <Link to={`/verify/${c.credentialId}`}>{verificationLink(c.credentialId)}</Link></p>
                </li>
              );
            })}
          </ul>
        )}
      </Show>
    </>
  );
}
