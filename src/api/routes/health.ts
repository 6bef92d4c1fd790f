/** `/healthz` (the process is up), `/readyz` (the store answers) and `/metrics` (Prometheus). */
import type { FastifyInstance } from 'fastify';
import { PSEUDO_KINDS } from '../../auth/index.js';
import type { Registry } from '../../observability/index.js';
import type { ResourceStore } from '../../store/index.js';

export interface HealthRoutesOptions {
  store: ResourceStore;
  metrics: Registry;
}

const StatusBody = {
  type: 'object',
  properties: {
    status: { type: 'string' },
    revision: { type: 'integer' },
    message: { type: 'string' },
  },
  required: ['status'],
} as const;

export async function healthRoutes(
  app: FastifyInstance,
  options: HealthRoutesOptions,
): Promise<void> {
  app.get(
    '/healthz',
    { schema: { response: { 200: StatusBody } }, config: { access: 'public' } },
    async () => ({
      status: 'ok',
    }),
  );

  app.get(
    '/readyz',
    { schema: { response: { 200: StatusBody, 503: StatusBody } }, config: { access: 'public' } },
    async (_request, reply) => {
      try {
        const revision = await options.store.currentRevision();
        return { status: 'ready', revision };
      } catch (error) {
        return reply.code(503).send({ status: 'unavailable', message: (error as Error).message });
      }
    },
  );

  app.get(
    '/metrics',
    { config: { access: { kind: PSEUDO_KINDS.metrics, verb: 'get' } } },
    async (_request, reply) => {
      reply.header('content-type', options.metrics.contentType);
      return options.metrics.metrics();
    },
  );
}
