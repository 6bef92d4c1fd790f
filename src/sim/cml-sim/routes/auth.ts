/** cml-sim `POST /authenticate`, `POST /auth_extended`, `GET /authok` and `DELETE /logout`. */
import type { FastifyInstance } from 'fastify';
import { sendJsonString, type SimContext } from '../sim-context.js';

const CREDENTIALS = {
  type: 'object',
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 32 },
    password: { type: 'string', minLength: 1 },
  },
} as const;

interface Credentials {
  username: string;
  password: string;
}

export async function authRoutes(app: FastifyInstance, ctx: SimContext): Promise<void> {
  app.post<{ Body: Credentials }>(
    '/authenticate',
    { schema: { body: CREDENTIALS } },
    async (request, reply) => {
      const { token } = ctx.auth.authenticate(request.body.username, request.body.password);
      return sendJsonString(reply, token);
    },
  );

  app.post<{ Body: Credentials }>(
    '/auth_extended',
    { schema: { body: CREDENTIALS } },
    async (request) => {
      const { token, user } = ctx.auth.authenticate(request.body.username, request.body.password);
      return { username: user.username, id: user.id, token, admin: user.admin, error: null };
    },
  );

  app.get('/authok', async () => true);

  app.delete<{ Querystring: { clear_all_sessions?: boolean } }>(
    '/logout',
    {
      schema: {
        querystring: {
          type: 'object',
          properties: { clear_all_sessions: { type: 'boolean' } },
        },
      },
    },
    async (request) => {
      ctx.auth.logout(request.headers.authorization, request.query.clear_all_sessions ?? false);
      return true;
    },
  );
}
