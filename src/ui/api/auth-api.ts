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

export async function login(username: string, password: string): Promise<void> {
  // The answer also sets the httpOnly cookie that authenticates every later request and the stream.
  await requestJson<{ token: string; expiresAt: string }>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
  });
}

export async function logout(): Promise<void> {
  setBearerToken(undefined);
  await requestJson<undefined>('/api/auth/logout', { method: 'POST' });
}

export async function fetchMe(): Promise<Principal> {
  return requestJson<Principal>('/api/auth/me');
}
