/**
 * Serves a set of simulators to other processes (`lcm sim`, and the crash tests): the cloud as a
 * small JSON RPC (`POST /cloud/{operation}` with the method's arguments), each instance's CML
 * endpoint, the LDS and grading URLs, where their events go and their faults. The simulators' state lives
 * here, so an LCM process that crashes finds the world as it left it, like a real cloud.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { isLcmError, toStatusBody, UnavailableError } from '../../errors/index.js';
import type { CloudProvider } from '../../providers/cloud/cloud-provider.js';
import { FAULT_SETTINGS_SCHEMA, type FaultSettings } from '../faults.js';
import type { Simulators } from '../simulators.js';

/** The cloud operations a remote caller may invoke, with their argument counts. */
export const CLOUD_OPERATIONS = [
  'launch',
  'describe',
  'start',
  'stop',
  'terminate',
  'listByTag',
  'metrics',
] as const satisfies readonly (keyof CloudProvider)[];
export type CloudOperation = (typeof CLOUD_OPERATIONS)[number];

export interface SimHostInfo {
  ldsUrl?: string;
  gradingUrl?: string;
}

export interface SimHostServer {
  url: string;
  close(): Promise<void>;
}

export async function serveSimulators(
  sims: Simulators,
  options: { host?: string; port?: number } = {},
): Promise<SimHostServer> {
  const app = buildSimHostApp(sims);
  const url = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { url, close: () => app.close() };
}

function buildSimHostApp(sims: Simulators): FastifyInstance {
  const app = Fastify({ logger: false });
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (!isLcmError(error) && error.statusCode === 400)
      return reply.status(400).send({ code: 400, reason: 'Invalid', message: error.message });
    const lcm = isLcmError(error) ? error : new UnavailableError(error.message);
    void reply.status(lcm.status).send(toStatusBody(lcm));
  });
  app.get('/_sim/host', async () => ({
    ...(sims.ldsUrl ? { ldsUrl: sims.ldsUrl } : {}),
    ...(sims.gradingUrl ? { gradingUrl: sims.gradingUrl } : {}),
  }));
  app.put<{ Body: { url?: string; headers?: Record<string, string> } }>(
    '/_sim/sink',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            url: { type: 'string' },
            headers: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      await sims.setEventSink({
        url: request.body.url,
        ...(request.body.headers ? { headers: request.body.headers } : {}),
      });
      return reply.status(204).send();
    },
  );
  app.put<{ Body: Partial<FaultSettings> }>(
    '/_sim/faults',
    { schema: { body: FAULT_SETTINGS_SCHEMA } },
    async (request, reply) => {
      await sims.setFaults(request.body);
      return reply.status(204).send();
    },
  );
  app.post<{ Params: { operation: string }; Body: { args: unknown[] } }>(
    '/cloud/:operation',
    {
      schema: {
        params: {
          type: 'object',
          properties: { operation: { type: 'string', enum: [...CLOUD_OPERATIONS] } },
        },
        body: {
          type: 'object',
          required: ['args'],
          properties: { args: { type: 'array', maxItems: 3 } },
        },
      },
    },
    async (request) => {
      const operation = request.params.operation as CloudOperation;
      const args = request.body.args.map(reviveDates);
      const cloud = sims.cloud as unknown as Record<CloudOperation, (...a: unknown[]) => unknown>;
      return { result: await cloud[operation](...args) };
    },
  );
  app.post<{ Params: { instanceId: string } }>('/cml/:instanceId', async (request) => ({
    url: await sims.cml.endpointFor(request.params.instanceId),
  }));
  app.delete<{ Params: { instanceId: string } }>('/cml/:instanceId', async (request, reply) => {
    await sims.cml.release(request.params.instanceId);
    return reply.status(204).send();
  });
  return app;
}

/** `terminate`'s `launchedAt` travels as an ISO string. */
function reviveDates(arg: unknown): unknown {
  if (typeof arg !== 'object' || arg === null || !('launchedAt' in arg)) return arg;
  const options = arg;
  return typeof options.launchedAt === 'string'
    ? { ...options, launchedAt: new Date(options.launchedAt) }
    : arg;
}
