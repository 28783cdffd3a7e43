import type { ReactNode } from 'react';
import type { ApiError, Loaded } from '../api';
import { Link } from '../router';

export function Loading({ what }: { what: string }) {
  return <p className="state" role="status" aria-live="polite">Loading {what}…</p>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty">{children}</div>;
}

/** An error that says what happened and what to do about it. */
export function ErrorState({ error, what, retry }: { error: ApiError; what: string; retry?: () => void }) {
  let advice: ReactNode;
  if (error.status === 401) advice = <>Your session has expired. <a href="/login">Log in again</a>.</>;
  else if (error.status === 403) advice = <>You do not have access to {what}. Ask one of the program’s managers or your tenant administrator to give you access.</>;
  else if (error.status === 404) advice = <>{what[0].toUpperCase() + what.slice(1)} was not found: it does not exist, or it belongs to another organization. <Link to="/">Back to the programs</Link>.</>;
  else if (error.status === 0 || error.status >= 500) advice = <>The service is not answering right now. Try again in a moment.</>;
  else advice = <>{error.message}</>;
  return (
    <div className="state error" role="alert">
      <p><strong>Could not load {what}.</strong> {advice}</p>
      {error.status !== 404 && error.status !== 403 && retry && <button type="button" onClick={retry}>Try again</button>}
      <p className="detail">({error.status || 'network'} {error.code})</p>
    </div>
  );
}

/** Renders a loaded value, or its loading or error state. */
export function Show<T>({ loaded, what, children }: { loaded: Loaded<T> & { reload?: () => void }; what: string; children: (data: T) => ReactNode }) {
  if (loaded.state === 'loading') return <Loading what={what} />;
  if (loaded.state === 'error') return <ErrorState error={loaded.error} what={what} retry={loaded.reload} />;
  return <>{children(loaded.data)}</>;
}
