/**
 * Sign in with a built-in user (`POST /api/auth/login`, which sets the session cookie). When the
 * server is set up with an OIDC issuer it says so in the page (`<meta name="lcm-oidc-issuer">`),
 * local login is off, and the page sends the person to the issuer instead (oidc-login.ts).
 */
import { useState, type SyntheticEvent } from 'react';
import { messageOf } from '../api/api-error';
import { login } from '../api/auth-api';
import { oidcIssuer, startOidcLogin } from '../api/oidc-login';

export function LoginPage(props: { onLoggedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const issuer = oidcIssuer();
  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
      props.onLoggedIn();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" className="login">
      <h1>Lablet Cloud Manager</h1>
      {issuer ? (
        <section aria-labelledby="sso">
          <h2 id="sso">Sign in</h2>
          <p>This server signs people in at {issuer.issuer}.</p>
          <button
            type="button"
            onClick={() =>
              void startOidcLogin(issuer).catch((e: unknown) => setError(messageOf(e)))
            }
          >
            Sign in with single sign-on
          </button>
        </section>
      ) : (
        <form onSubmit={(event) => void submit(event)} aria-labelledby="login-title">
          <h2 id="login-title">Sign in</h2>
          <label>
            User name
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
            />
          </label>
          <label>
            Password
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
