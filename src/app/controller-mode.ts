/**
 * `lcm controller <name>`: one controller as a process of its own, against a remote `lcm api`
 * (`apiUrl` + `apiKey`), competing for its own Lease so replicas can stand by. Optionally serves
 * `/healthz`, `/readyz` and `/metrics` on a port of its own.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { hostname } from 'node:os';
import { SystemClock } from '../clock/index.js';
import { HttpResourceClient } from '../client/http-client.js';
import type { LcmConfig } from '../config/index.js';
import { InvalidError } from '../errors/index.js';
import {
  createLogger,
  createMetricsRegistry,
  type Logger,
  type Registry,
} from '../observability/index.js';
import { Manager } from '../runtime/index.js';
import { createController } from './controller-catalogue.js';
import { createFleetProviders } from './create-fleet-providers.js';
import { FileSecretSource } from './file-secret-source.js';
import { createProviderSet, type ProviderSet } from './provider-set.js';

export interface ControllerModeOptions {
  /** Uses `apiUrl`, `apiKey`, `host` and `logLevel`; the controller reads its own settings. */
  config: Readonly<LcmConfig>;
  /** A name of CONTROLLER_NAMES. */
  name: string;
  /** Port of `/healthz`, `/readyz` and `/metrics` (0 = any free port). @default none: no server */
  port?: number;
  logger?: Logger;
}

export interface RunningController {
  /** The health server's URL, when a port was given. */
  url?: string;
  stop(): Promise<void>;
}

export async function startControllerMode(
  options: ControllerModeOptions,
): Promise<RunningController> {
  const { config, name } = options;
  const { apiUrl, apiKey } = requireRemoteApi(config);
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const clock = new SystemClock();
  const metrics = createMetricsRegistry();
  const client = new HttpResourceClient({ baseUrl: apiUrl, credential: apiKey, clock, logger });
  let health: FastifyInstance | undefined;
  let providers: ProviderSet | undefined;
  try {
    // Simulators (the default for unconfigured systems) run inside this process.
    providers = await createProviderSet({
      config: config.providers,
      clock,
      logger,
      eventsSinkUrl: `${apiUrl}/api/events`,
      eventsSinkCredential: apiKey,
    });
    const manager = new Manager({
      client,
      clock,
      logger,
      leaderElection: {
        leaseName: `lcm-controller-${name}`,
        identity: `${hostname()}-${process.pid}`,
      },
    });
    const secrets = new FileSecretSource({ dir: config.secretsDir });
    const fleet = createFleetProviders(providers);
    manager.add(
      createController(name, {
        client,
        clock,
        logger,
        metrics,
        config,
        providers: fleet,
        secrets,
        publicUrl: config.api.publicUrl ?? apiUrl,
      }),
    );
    health =
      options.port === undefined ? undefined : buildHealthServer(metrics, () => manager.isLeader());
    const url = await health?.listen({ host: config.host, port: options.port ?? 0 });
    const abort = new AbortController();
    const running = manager.start(abort.signal).catch((error: unknown) => {
      logger.error({ err: error }, 'controller manager failed');
    });
    logger.info({ controller: name, api: apiUrl, url }, 'lcm controller is up');
    const server = health;
    const external = providers;
    return {
      ...(url ? { url } : {}),
      stop: async () => {
        abort.abort();
        await running;
        await server?.close();
        await external.close();
        await client.close();
      },
    };
  } catch (error) {
    await health?.close();
    await providers?.close();
    await client.close();
    throw error;
  }
}

function requireRemoteApi(config: ControllerModeOptions['config']): {
  apiUrl: string;
  apiKey: string;
} {
  if (!config.apiUrl)
    throw new InvalidError('lcm controller needs the API URL: set LCM_API_URL (or apiUrl)', {
      details: { field: 'apiUrl' },
    });
  if (!config.apiKey)
    throw new InvalidError(
      'lcm controller needs an API key: create one with `lcm apikey create --role controller` and set LCM_API_KEY',
      { details: { field: 'apiKey' } },
    );
  return { apiUrl: config.apiUrl, apiKey: config.apiKey };
}

/** Probes and metrics of the controller process (unauthenticated: bind it to a private address). */
function buildHealthServer(metrics: Registry, isLeader: () => boolean): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ready', leader: isLeader() }));
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  return app;
}
