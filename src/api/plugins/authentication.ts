/**
 * Authentication and the kind-level RBAC check, once for every route, before the body is parsed or
 * validated (so an anonymous or forbidden caller gets 401/403, never schema details). Each route
 * declares in its `config.access` what it needs: `public`, `authenticated`, or a kind and verb that
 * `authorize()` judges. Object-level checks (a user's own sessions) happen in the
 * AuthorizedResourceClient the route gets from `clientFor()`.
 */
import '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize, type Principal, type Verb } from '../../auth/index.js';
import { ForbiddenError, UnauthorizedError } from '../../errors/index.js';
import type { Authenticator } from '../auth/authenticator.js';

/** What a route requires of its caller. */
export type RouteAccess = 'public' | 'authenticated' | { kind: string; verb: Verb };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The dashboard's cookie (httpOnly, SameSite=Strict) carrying the same token as `Authorization`. */
export const SESSION_COOKIE = 'lcm_token';

export function installAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    if (access === undefined && !route.url.startsWith('/docs'))
      throw new Error(`route ${route.method.toString()} ${route.url} declares no config.access`);
  });
  // Needs @fastify/cookie registered first: its own onRequest hook parses the session cookie.
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access ?? 'public';
    if (access === 'public') return;
    request.principal = await authenticator.authenticate(credentialOf(request));
    request.log = request.log.child({ principal: request.principal.id });
    if (access === 'authenticated') return;
    const decision = authorize(request.principal, access.verb, access.kind);
    if (!decision.allowed)
      throw new ForbiddenError(decision.message, {
        details: { kind: access.kind, verb: access.verb },
      });
  });
}

/** The caller; only for routes whose access is not `public`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError('this route needs credentials');
  return request.principal;
}

function credentialOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new UnauthorizedError('Authorization header must be "Bearer <token or API key>"');
    return match[1];
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) return cookie;
  throw new UnauthorizedError(
    'credentials required: send "Authorization: Bearer <token>" (POST /api/auth/login) or an API key',
  );
}
