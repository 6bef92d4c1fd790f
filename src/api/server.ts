/** Builds the Fastify application. Routes arrive issue by issue; each is a plugin under routes/. */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../observability/index.js';
import type { Registry } from '../observability/index.js';
import type { ResourceStore } from '../store/index.js';
import { healthRoutes } from './routes/health.js';

export interface ApiServerOptions {
  store: ResourceStore;
  metrics: Registry;
  logger: Logger;
}

export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger.child({ component: 'api' });
  const app = Fastify({ loggerInstance: logger });
  await app.register(healthRoutes, { store: options.store, metrics: options.metrics });
  return app;
}
