/**
 * The dashboard: who is signed in (`GET /api/auth/me`), the live stream for the kinds they may
 * watch, and the page for the current path.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, messageOf } from './api/api-error';
import { fetchMe, logout, maySignedIn, rememberSignedIn, type Principal } from './api/auth-api';
import { EventStream } from './api/event-stream';
import { completeOidcLogin, oidcIssuer } from './api/oidc-login';
import { Layout } from './components/layout';
import { LoginPage } from './pages/login-page';
import { PageFor } from './pages/page-for';
import { LiveProvider } from './state/live-context';
import { LiveStore } from './state/live-store';
import { streamKinds } from './state/permissions';

type Session =
  | { state: 'checking' }
  | { state: 'signed-out' }
  | { state: 'signed-in'; principal: Principal; store: LiveStore };

async function whoAmI(): Promise<Principal | undefined> {
  try {
    const principal = await fetchMe();
    rememberSignedIn(true);
    return principal;
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    rememberSignedIn(false);
    return undefined;
  }
}

export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [error, setError] = useState<string | undefined>();
  const refresh = useCallback(async () => {
    try {
      const settings = oidcIssuer();
      const completed = settings ? await completeOidcLogin(settings) : false;
      const principal = completed || maySignedIn() ? await whoAmI() : undefined;
      setSession(
        principal
          ? { state: 'signed-in', principal, store: new LiveStore() }
          : { state: 'signed-out' },
      );
    } catch (caught) {
      setError(messageOf(caught));
      setSession({ state: 'signed-out' });
    }
  }, []);
  useEffect(() => void refresh(), [refresh]);

  const store = session.state === 'signed-in' ? session.store : undefined;
  const principal = session.state === 'signed-in' ? session.principal : undefined;
  useEffect(() => {
    if (!store || !principal) return;
    const stream = new EventStream({
      kinds: streamKinds(principal),
      onMessage: (message) => store.dispatch(message),
      onStatus: (status) => store.setStatus(status),
      onClosed: async () => {
        // A closed stream is a refusal: reconnect unless the sign-in has expired.
        const still = await whoAmI().catch(() => principal);
        if (!still) setSession({ state: 'signed-out' });
        return still !== undefined;
      },
    });
    stream.start();
    return () => stream.stop();
  }, [store, principal]);

  const signOut = async () => {
    await logout().catch(() => undefined);
    window.history.replaceState(null, '', '/');
    setSession({ state: 'signed-out' });
  };

  if (session.state === 'checking')
    return (
      <p className="loading" role="status">
        Loading…
      </p>
    );
  if (session.state === 'signed-out')
    return (
      <>
        <LoginPage onLoggedIn={() => void refresh()} />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </>
    );
  return (
    <LiveProvider store={session.store} principal={session.principal}>
      <Layout principal={session.principal} onLogout={() => void signOut()}>
        <PageFor principal={session.principal} />
      </Layout>
    </LiveProvider>
  );
}
