/**
 * Builds the Fastify application: hardening (helmet, CORS off unless configured, body limit, rate
 * limits), the error mapping, authentication + RBAC, OpenAPI, and the route plugins under routes/.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { BuiltInIssuer } from '../auth/index.js';
import type { Clock } from '../clock/index.js';
import type { LocalResourceClient } from '../client/local-client.js';
import type { ApiConfig, AuthConfig, SchedulingConfig } from '../config/index.js';
import type { Logger, Registry } from '../observability/index.js';
import type { KindRegistry } from '../resources/index.js';
import type { ResourceStore } from '../store/index.js';
import { ACTIONS } from './actions/index.js';
import type { Authenticator } from './auth/authenticator.js';
import { installAuthentication } from './plugins/authentication.js';
import { createDashboard } from './plugins/dashboard.js';
import {
  installErrorHandler,
  sendClientError,
  sendFrameworkError,
} from './plugins/error-handler.js';
import { installHttpMetrics } from './plugins/http-metrics.js';
import { installOpenApi } from './plugins/openapi.js';
import { installMutationRateLimit } from './plugins/mutation-rate-limit.js';
import { RequestClients } from './request-client.js';
import { servedKinds } from './resource-paths.js';
import { actionRoutes } from './routes/actions.js';
import { apiKeyRoutes } from './routes/api-keys.js';
import { auditRoutes } from './routes/audit.js';
import { availabilityRoutes } from './routes/availability.js';
import { authRoutes } from './routes/auth.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { WatchStreams } from './routes/resource-watch.js';
import { resourceRoutes } from './routes/resources.js';
import { streamRoutes } from './routes/stream.js';
import { transactRoutes } from './routes/transact.js';
import { userRoutes } from './routes/users.js';

export interface ApiServerOptions {
  store: ResourceStore;
  registry: KindRegistry;
  /** The unaudited, unauthorised client; each request gets an audited, authorised view of it. */
  local: LocalResourceClient;
  authenticator: Authenticator;
  /** The built-in issuer; absent when an OIDC issuer is configured. */
  issuer?: BuiltInIssuer;
  metrics: Registry;
  logger: Logger;
  clock: Clock;
  config: { api: ApiConfig; auth: AuthConfig; scheduling: SchedulingConfig };
  /** Folder of the built dashboard served at `/`. @default `<package root>/dist/ui` */
  dashboardDir?: string;
}

export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
  const { config, local } = options;
  const logger: FastifyBaseLogger = options.logger.child({ component: 'api' });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.api.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    // Unknown fields are errors, never silently dropped; defaults belong to admission.
    ajv: { customOptions: { removeAdditional: false, useDefaults: false, coerceTypes: 'array' } },
    // Names may be 253 characters (the route schemas check them); the router's default is 100.
    routerOptions: { maxParamLength: 512 },
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: sendClientError,
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const dashboard = createDashboard({
    ...(options.dashboardDir ? { dir: options.dashboardDir } : {}),
    ...(config.auth.oidcIssuer
      ? { oidc: { issuer: config.auth.oidcIssuer, clientId: config.auth.oidcAudience } }
      : {}),
  });
  installErrorHandler(app, { notFoundPage: dashboard.notFoundPage });
  await app.register(cookie);
  installAuthentication(app, options.authenticator);
  installHttpMetrics(app, options.metrics);
  installMutationRateLimit(app, config.auth.mutationRateLimitPerMinute);
  await app.register(helmet, { contentSecurityPolicy: false });
  if (config.api.corsOrigins.length > 0)
    await app.register(cors, { origin: [...config.api.corsOrigins], credentials: true });
  await app.register(rateLimit, { global: false });
  await installOpenApi(app);

  const clients = new RequestClients({ local });
  const watchStreams = new WatchStreams();
  app.addHook('preClose', async () => watchStreams.closeAll());
  const kinds = servedKinds(options.registry.list());
  await app.register(healthRoutes, { store: options.store, metrics: options.metrics });
  await app.register(authRoutes, {
    authenticator: options.authenticator,
    ...(options.issuer ? { issuer: options.issuer } : {}),
    ...(config.auth.oidcIssuer ? { oidcIssuer: config.auth.oidcIssuer } : {}),
    cookieSecure: config.auth.cookieSecure,
    loginRateLimitPerMinute: config.auth.loginRateLimitPerMinute,
  });
  await app.register(userRoutes, { clients });
  await app.register(apiKeyRoutes, { clients });
  await app.register(auditRoutes, { reader: local });
  // Before the resource routes: `…/reservations/availability` is not a reservation's name.
  await app.register(availabilityRoutes, {
    reader: local,
    maxWorkersPerRegion: config.scheduling.maxWorkersPerRegion,
  });
  await app.register(resourceRoutes, { kinds, clients, watchStreams });
  await app.register(transactRoutes, { kinds, clients });
  await app.register(streamRoutes, {
    registry: options.registry,
    clients,
    watchStreams,
    clock: options.clock,
    heartbeatSeconds: config.api.sseHeartbeatSeconds,
  });
  await app.register(eventRoutes, { clients, reader: local, clock: options.clock });
  await app.register(actionRoutes, {
    actions: ACTIONS,
    registry: options.registry,
    clients,
    reader: local,
    clock: options.clock,
  });
  // `/` and its assets; other page requests reach index.html through the not-found handler.
  await app.register(dashboard.routes);
  return app;
}
