/** `lcm api`: the API alone on the configured store — no simulators, no controllers (they run remotely). */
import { SystemClock } from '../clock/index.js';
import type { LcmConfig } from '../config/index.js';
import { createLogger, createMetricsRegistry, type Logger } from '../observability/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import { assembleApi } from './assemble-api.js';
import { openStore } from './open-store.js';
import type { RunningServer } from './serve.js';

export async function startApiMode(
  config: Readonly<LcmConfig>,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<RunningServer> {
  const clock = new SystemClock();
  const registry = createKindRegistry();
  const store = await openStore({ config, registry, clock, logger });
  try {
    const api = await assembleApi({
      config,
      store,
      registry,
      clock,
      logger,
      metrics: createMetricsRegistry(),
    });
    const url = await api.app
      .listen({ host: config.host, port: config.port })
      .catch(async (error: unknown) => {
        await api.close();
        throw error;
      });
    logger.info({ url }, 'lcm api is up');
    return {
      url,
      ...(api.generatedAdminPassword ? { generatedAdminPassword: api.generatedAdminPassword } : {}),
      stop: async () => {
        await api.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
