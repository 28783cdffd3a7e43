import { useCallback, useEffect, useRef, useState } from 'react';
import type { Session } from './auth';

export type Service = 'enrollment' | 'session-tracking' | 'recognition' | 'analytics';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

/** One call to a service's API through the dashboard's same-origin route, with the user's token (null: a public route, no login). */
export async function api<T>(session: Session | null, service: Service, path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/${service}${path}`, {
      ...init,
      headers: {
        ...(session ? { authorization: `Bearer ${session.token}` } : {}), accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers,
      },
    });
  } catch {
    throw new ApiError(0, 'network', 'The dashboard could not be reached. Check your connection and try again.');
  }
  const text = await response.text();
  const body = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const b = (body ?? {}) as { code?: string; message?: string | string[]; details?: Record<string, unknown> };
    throw new ApiError(response.status, b.code ?? String(response.status), Array.isArray(b.message) ? b.message.join('; ') : b.message ?? response.statusText, b.details);
  }
  return body as T;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export type Loaded<T> = { state: 'loading' } | { state: 'ok'; data: T } | { state: 'error'; error: ApiError };

/**
 * Loads `path` from `service` (again whenever the path changes: loading state meanwhile); `reload` fetches it anew
 * and keeps showing what it had until the answer comes.
 */
export function useApi<T>(session: Session | null, service: Service, path: string | null): Loaded<T> & { reload: () => void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const shown = useRef<string>(undefined);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    const key = `${service}${path}`;
    if (shown.current !== key) setLoaded({ state: 'loading' });
    shown.current = key;
    api<T>(session, service, path).then(
      (data) => live && setLoaded({ state: 'ok', data }),
      (error: ApiError) => live && setLoaded({ state: 'error', error }),
    );
    return () => {
      live = false;
    };
  }, [session, service, path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...loaded, reload };
}

/** Downloads what a service answers as a file, byte for byte (an export needs the bearer token, so a plain link cannot). */
export async function download(session: Session | null, path: string, filename: string, service: Service = 'analytics') {
  const response = await fetch(`/api/${service}${path}`, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
  if (!response.ok) throw new ApiError(response.status, String(response.status), 'The download failed; try again.');
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}
