/**
 * Single sign-on at an OIDC issuer (authorization code flow with PKCE, a public client), used when
 * the server says it has one: `lcm serve`/`lcm api` put `<meta name="lcm-oidc-issuer">` and
 * `<meta name="lcm-oidc-client-id">` (= `auth.oidcAudience`) into the page. The access token is
 * kept in memory for `Authorization` and in the `lcm_token` cookie, which EventSource sends.
 */
import { setBearerToken } from './http';

export interface OidcSettings {
  issuer: string;
  clientId: string;
}

const PENDING_KEY = 'lcm-oidc-pending';
export const CALLBACK_PATH = '/login/callback';

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
}

export function oidcIssuer(): OidcSettings | undefined {
  const issuer = meta('lcm-oidc-issuer');
  const clientId = meta('lcm-oidc-client-id');
  return issuer && clientId ? { issuer: issuer.replace(/\/$/, ''), clientId } : undefined;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`the issuer ${issuer} did not answer its discovery document`);
  return (await response.json()) as Discovery;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomText(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

const redirectUri = () => `${window.location.origin}${CALLBACK_PATH}`;

export async function startOidcLogin(settings: OidcSettings): Promise<void> {
  const { authorization_endpoint } = await discover(settings.issuer);
  const verifier = randomText();
  const state = randomText();
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid profile',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  window.location.assign(`${authorization_endpoint}?${query.toString()}`);
}

/** On the callback path: trades the code for a token. Resolves whether a login completed. */
export async function completeOidcLogin(settings: OidcSettings): Promise<boolean> {
  if (window.location.pathname !== CALLBACK_PATH) return false;
  const params = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? '{}') as {
    verifier?: string;
    state?: string;
  };
  sessionStorage.removeItem(PENDING_KEY);
  const code = params.get('code');
  if (!code || !pending.verifier || params.get('state') !== pending.state)
    throw new Error(params.get('error_description') ?? 'the sign-in was not completed; try again');
  const { token_endpoint } = await discover(settings.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error(`the issuer refused the sign-in (${response.status})`);
  const { access_token: token, expires_in: expiresIn } = (await response.json()) as {
    access_token: string;
    expires_in?: number;
  };
  setBearerToken(token);
  document.cookie = `lcm_token=${encodeURIComponent(token)}; path=/; SameSite=Strict; max-age=${expiresIn ?? 3600}`;
  window.history.replaceState(null, '', '/');
  return true;
}
