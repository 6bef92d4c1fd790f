/**
 * A small history router: the server answers every dashboard path with index.html, so paths are
 * real URLs (`/sessions/default/s1`) that survive a reload and can be shared.
 */
import { useSyncExternalStore } from 'react';

const NAVIGATED = 'lcm:navigated';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; search: string } {
  const path = useSyncExternalStore(subscribe, () => window.location.pathname);
  const search = useSyncExternalStore(subscribe, () => window.location.search);
  return { path, search };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** The dashboard's pages and their parameters. */
export type Route =
  | { page: 'overview' }
  | { page: 'workers' }
  | { page: 'worker'; name: string }
  | { page: 'sessions' }
  | { page: 'session'; namespace: string; name: string }
  | { page: 'definitions' }
  | { page: 'reservations' }
  | { page: 'audit' }
  | { page: 'my-labs' }
  | { page: 'not-found' };

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'overview' };
  if (first === 'workers' && parts.length === 1) return { page: 'workers' };
  if (first === 'workers' && second && parts.length === 2) return { page: 'worker', name: second };
  if (first === 'sessions' && parts.length === 1) return { page: 'sessions' };
  if (first === 'sessions' && second && third && parts.length === 3)
    return { page: 'session', namespace: second, name: third };
  if (parts.length === 1 && first === 'definitions') return { page: 'definitions' };
  if (parts.length === 1 && first === 'reservations') return { page: 'reservations' };
  if (parts.length === 1 && first === 'audit') return { page: 'audit' };
  if (parts.length === 1 && first === 'my-labs') return { page: 'my-labs' };
  return { page: 'not-found' };
}

export function sessionPath(namespace: string | undefined, name: string): string {
  return `/sessions/${encodeURIComponent(namespace ?? 'default')}/${encodeURIComponent(name)}`;
}

export function workerPath(name: string): string {
  return `/workers/${encodeURIComponent(name)}`;
}
