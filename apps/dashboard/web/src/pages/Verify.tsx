import { useEffect, useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { day } from '../components/format';
import { ErrorState, Loading } from '../components/States';
import { navigate } from '../router';
import type { Verification } from '../types';

type Credential = Record<string, unknown> & {
  issuer?: { name?: string } | string; validFrom?: string; validUntil?: string; credentialSubject?: { achievement?: { name?: string; description?: string } };
};
type Result = { state: 'idle' } | { state: 'loading' } | { state: 'error'; error: ApiError; what: string } | { state: 'ok'; credential: Credential; report: Verification; source: string };

/** A credential link names the credential: …/credentials/<id> (recognition's URL) or …/verify/<id> (this page's). */
const LINK = /\/(?:credentials|verify)\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/verification)?\/?$/i;
const CHECKS: { key: keyof Verification['checks']; label: string }[] = [
  { key: 'signature', label: 'Signature' }, { key: 'status', label: 'Not revoked' }, { key: 'validity', label: 'Validity dates' }, { key: 'issuer', label: 'Issuer' },
];

/**
 * Public, no login: anyone checks a credential — opened from its link (`/verify/<id>`, what its holder shares), a
 * pasted credential URL, or an uploaded credential file. Recognition verifies it (POST /credentials/verify): each
 * check is shown as it answers.
 */
export function VerifyPage({ credentialId }: { credentialId: string | null }) {
  const [result, setResult] = useState<Result>({ state: 'idle' });
  const [link, setLink] = useState('');
  const [linkProblem, setLinkProblem] = useState<string>();
  const ids = { link: useId(), file: useId(), linkHelp: useId() };

  const verify = async (credential: Credential, source: string) => {
    try {
      const report = await api<Verification>(null, 'recognition', '/credentials/verify', { method: 'POST', body: JSON.stringify({ credential }) });
      setResult({ state: 'ok', credential, report, source });
    } catch (error) {
      setResult({ state: 'error', error: error as ApiError, what: 'the verification' });
    }
  };
  useEffect(() => {
    if (!credentialId) return setResult({ state: 'idle' });
    let live = true;
    setResult({ state: 'loading' });
    api<Credential>(null, 'recognition', `/credentials/${credentialId}`).then(
      (credential) => {
        if (live) void verify(credential, 'its link');
      },
      (error: ApiError) => {
        if (live) setResult({ state: 'error', error, what: 'this credential' });
      },
    );
    return () => {
      live = false;
    };
  }, [credentialId]);

  const openLink = (e: FormEvent) => {
    e.preventDefault();
    const match = LINK.exec(link.trim().split(/[?#]/)[0]);
    if (!match) return setLinkProblem('That is not a credential link: it ends in /credentials/ followed by the credential’s id.');
    setLinkProblem(undefined);
    navigate(`/verify/${match[1].toLowerCase()}`);
  };
  const upload = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setResult({ state: 'loading' });
    let credential: Credential;
    try {
      credential = JSON.parse(await file.text());
      if (typeof credential !== 'object' || credential === null || Array.isArray(credential)) throw new Error('not an object');
    } catch {
      return setResult({ state: 'error', error: new ApiError(400, 'file.not_json', `${file.name} is not a credential: a credential file is a JSON document.`), what: 'the file' });
    }
    if (credentialId) navigate('/verify', true);
    await verify(credential, `the file ${file.name}`);
  };

  return (
    <>
      <h1>Verify a credential</h1>
      <p>Check that a badge credential issued through Tandem is genuine, unchanged and not revoked. No login needed.</p>
      <section aria-labelledby="verify-result-title" aria-live="polite">
        <h2 id="verify-result-title" className={result.state === 'idle' ? 'sr-only' : undefined}>Result</h2>
        {result.state === 'loading' && <Loading what="and checking the credential" />}
        {result.state === 'error' && (result.error.status === 404
          ? <div className="state error" role="alert"><p><strong>This credential was not found.</strong> Check the link you were given: it may be mistyped or cut short. Its holder can send it again.</p></div>
          : <ErrorState error={result.error} what={result.what} />)}
        {result.state === 'ok' && <Report credential={result.credential} report={result.report} source={result.source} />}
      </section>
      <section aria-labelledby="verify-form-title">
        <h2 id="verify-form-title">{result.state === 'ok' ? 'Verify another credential' : 'Open a credential'}</h2>
        <form onSubmit={openLink} className="verify-link">
          <label htmlFor={ids.link}>Credential link</label>
          <p id={ids.linkHelp} className="muted small">Paste the link you were given, e.g. {location.origin}/verify/… or a credential URL ending in /credentials/….</p>
          <div className="inline">
            <input id={ids.link} type="url" value={link} onChange={(e) => setLink(e.target.value)} required aria-describedby={ids.linkHelp} aria-invalid={linkProblem ? true : undefined} />
            <button type="submit">Verify link</button>
          </div>
          {linkProblem && <p role="alert" className="error">{linkProblem}</p>}
        </form>
        <label htmlFor={ids.file}>Or upload the credential file (JSON)</label>
        <input id={ids.file} type="file" accept="application/json,application/ld+json,.json,.jsonld" onChange={upload} />
      </section>
    </>
  );
}

function Report({ credential, report, source }: { credential: Credential; report: Verification; source: string }) {
  const achievement = credential.credentialSubject?.achievement;
  const issuer = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer?.name;
  return (
    <div className={`verdict-box ${report.verified ? 'valid' : 'invalid'}`} data-verified={String(report.verified)}>
      <p className="verdict" role="status">{report.verified ? 'This credential is valid.' : 'This credential is NOT valid.'}</p>
      <p><strong>{achievement?.name ?? 'A credential'}</strong>{achievement?.description && ` — ${achievement.description}`}</p>
      <p className="muted">Issued by {issuer ?? 'an unnamed issuer'}{credential.validFrom && ` on ${day(credential.validFrom)}`}{credential.validUntil && `, valid until ${day(credential.validUntil)}`}. Checked from {source}.</p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways on narrow screens)">
        <table className="checks">
          <caption>Each check</caption>
          <thead><tr><th scope="col">Check</th><th scope="col">Result</th></tr></thead>
          <tbody>
            {CHECKS.map(({ key, label }) => {
              const check = report.checks[key];
              return (
                <tr key={key} data-check={key}>
                  <th scope="row">{label}</th>
                  <td className={check.ok ? 'passed' : 'failed'}>{check.ok ? 'Passed' : `Failed${check.error ? `: ${check.error}` : ''}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
