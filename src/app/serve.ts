/** `lcm serve`: everything in one process on the configured store (embedded PGlite by default). */
import type { FastifyInstance } from 'fastify';
import { SystemClock } from '../clock/index.js';
import type { LcmConfig } from '../config/index.js';
import { buildApiServer } from '../api/server.js';
import { createLogger, createMetricsRegistry, type Logger } from '../observability/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import type { ResourceStore } from '../store/index.js';
import { openStore } from './open-store.js';
import { createProviderSet } from './provider-set.js';

export interface RunningServer {
  /** The base URL the API listens on. */
  url: string;
  stop(): Promise<void>;
}

export async function startServe(
  config: Readonly<LcmConfig>,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<RunningServer> {
  const clock = new SystemClock();
  const metrics = createMetricsRegistry();
  const store: ResourceStore = await openStore({
    config,
    registry: createKindRegistry(),
    clock,
    logger,
  });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApiServer({ store, metrics, logger });
    const url = await app.listen({ host: config.host, port: config.port });
    const providers = await createProviderSet({
      config: config.providers,
      clock,
      logger,
      eventsSinkUrl: `${url}/api/events`,
    });
    logger.info({ url, simulators: providers.simulatorUrls }, 'lcm serve is up');
    const server = app;
    return {
      url,
      stop: async () => {
        await server.close();
        await providers.close();
        await store.close();
      },
    };
  } catch (error) {
    await app?.close();
    await store.close();
    throw error;
  }
}
