/** `/api/auth/*`: log in with a built-in user, log out, and who am I. */
import { requestJson, setBearerToken } from './http';

/** The caller, as `GET /api/auth/me` answers. */
export interface Principal {
  id: string;
  username: string;
  roles: string[];
  /** How the caller authenticated, e.g. `builtin`, `oidc`, `apikey`. */
  via: string;
}

/**
 * Remembered in localStorage that this browser signed in: the session cookie is httpOnly, and
 * without the hint a first visit would ask `/api/auth/me` only to be told 401.
 */
const SIGNED_IN_KEY = 'lcm-signed-in';

export function maySignedIn(): boolean {
  return localStorage.getItem(SIGNED_IN_KEY) === 'true';
}

export function rememberSignedIn(signedIn: boolean): void {
  if (signedIn) localStorage.setItem(SIGNED_IN_KEY, 'true');
  else localStorage.removeItem(SIGNED_IN_KEY);
}

export async function login(username: string, password: string): Promise<void> {
  // The answer also sets the httpOnly cookie that authenticates every later request and the stream.
  await requestJson<{ token: string; expiresAt: string }>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
  rememberSignedIn(true);
}

export async function logout(): Promise<void> {
  setBearerToken(undefined);
  rememberSignedIn(false);
  await requestJson<undefined>('/api/auth/logout', { method: 'POST' });
}

export async function fetchMe(): Promise<Principal> {
  return requestJson<Principal>('/api/auth/me');
}
