/**
 * The built-in issuer's login (`POST /api/auth/login` → `{ token, expiresAt }`, plus an httpOnly
 * SameSite cookie for the dashboard), logout, and `GET /api/auth/me`.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type BuiltInIssuer } from '../../auth/index.js';
import { UnauthorizedError } from '../../errors/index.js';
import type { Authenticator } from '../auth/authenticator.js';
import { principalOf, SESSION_COOKIE } from '../plugins/authentication.js';
import { ERROR_RESPONSES } from '../schemas/common-schemas.js';

export interface AuthRoutesOptions {
  authenticator: Authenticator;
  /** Absent when an OIDC issuer is configured: login then happens at the issuer. */
  issuer?: BuiltInIssuer;
  oidcIssuer?: string;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
}

const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 253 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

const TokenBody = Type.Object({ token: Type.String(), expiresAt: Type.String() });
const MeBody = Type.Object({
  id: Type.String(),
  username: Type.String(),
  roles: Type.Array(Type.String()),
  via: Type.String(),
});

export async function authRoutes(app: FastifyInstance, options: AuthRoutesOptions): Promise<void> {
  // Verified against for unknown user names, so timing does not reveal which names exist.
  const dummyHash = await hashPassword(randomUUID());
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in as a built-in user',
        body: LoginBody,
        response: { 200: TokenBody, ...ERROR_RESPONSES },
      },
      config: {
        access: 'public',
        rateLimit: { max: options.loginRateLimitPerMinute, timeWindow: '1 minute' },
      },
    },
    async (request, reply) => {
      const { issuer } = options;
      if (!issuer)
        throw new UnauthorizedError(
          `local login is off: log in at the OIDC issuer ${options.oidcIssuer ?? ''} and send its token`,
        );
      const { username, password } = request.body as Static<typeof LoginBody>;
      const user = await options.authenticator.findUser(username);
      const valid = await verifyPassword(password, user?.spec.passwordHash ?? dummyHash);
      if (!user || !valid || user.spec.disabled) {
        request.log.info({ username }, 'login refused');
        throw new UnauthorizedError('user name or password is wrong, or the user is disabled');
      }
      const issued = await issuer.issue({
        id: user.metadata.name,
        username: user.metadata.name,
        roles: user.spec.roles,
      });
      void reply.setCookie(SESSION_COOKIE, issued.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: options.cookieSecure,
        path: '/',
        expires: new Date(issued.expiresAt),
      });
      return issued;
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Clear the dashboard cookie',
        response: { 204: Type.Null() },
      },
      config: { access: 'public' },
    },
    async (_request, reply) => {
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who the caller is',
        response: { 200: MeBody, ...ERROR_RESPONSES },
      },
      config: { access: 'authenticated' },
    },
    async (request) => principalOf(request),
  );
}
