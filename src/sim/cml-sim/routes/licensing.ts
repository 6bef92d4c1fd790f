/** cml-sim `GET /licensing`, `POST /licensing/registration`, `DELETE /licensing/deregistration`. */
import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../sim-context.js';

const REGISTRATION = {
  type: 'object',
  required: ['token'],
  additionalProperties: false,
  properties: {
    token: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[A-Za-z0-9+/%=-]+$' },
    reregister: { type: 'boolean' },
  },
} as const;

export async function licensingRoutes(app: FastifyInstance, ctx: SimContext): Promise<void> {
  app.get('/licensing', async () => ctx.licensing.status());

  app.post<{ Body: { token: string; reregister?: boolean } }>(
    '/licensing/registration',
    { schema: { body: REGISTRATION } },
    async (request, reply) => {
      ctx.licensing.register(request.body.token, request.body.reregister ?? false);
      return reply.code(204).send();
    },
  );

  app.delete('/licensing/deregistration', async (_request, reply) => {
    ctx.licensing.deregister();
    return reply.code(204).send();
  });
}
