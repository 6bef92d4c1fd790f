/**
 * A per-caller rate limit on every mutating route (POST, PUT, PATCH, DELETE), counted after
 * authentication so one noisy integration cannot starve the others. Login has its own, stricter
 * per-address limit. Must be installed before `@fastify/rate-limit` registers, so its route hook
 * sees the config this one adds.
 */
import type { FastifyInstance } from 'fastify';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function installMutationRateLimit(app: FastifyInstance, perMinute: number): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((method) => MUTATING.has(method))) return;
    route.config ??= {};
    if (route.config.rateLimit !== undefined) return;
    route.config.rateLimit = {
      max: perMinute,
      timeWindow: '1 minute',
      hook: 'preHandler',
      keyGenerator: (request) => request.principal?.id ?? request.ip,
    };
  });
}
