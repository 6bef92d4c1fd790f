/** `lcm serve`: everything in one process on the configured store (embedded PGlite by default). */
import { SystemClock, type Clock } from '../clock/index.js';
import type { LcmConfig } from '../config/index.js';
import { createLogger, createMetricsRegistry, type Logger } from '../observability/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import type { ResourceStore } from '../store/index.js';
import { assembleApi, type AssembledApi } from './assemble-api.js';
import { CONTROLLER_NAMES } from './controller-catalogue.js';
import { createFleetProviders } from './create-fleet-providers.js';
import { startDemo } from './demo/start-demo.js';
import { formatWhereToLook } from './demo/where-to-look.js';
import { FileSecretSource } from './file-secret-source.js';
import { openStore } from './open-store.js';
import { createProviderSet } from './provider-set.js';
import { runControllers } from './run-controllers.js';
import { replaceSimulatorApiKey } from './simulator-api-key.js';

export interface RunningServer {
  /** The base URL the API listens on. */
  url: string;
  /** Set on the first start when the admin's password was generated: show it once. */
  generatedAdminPassword?: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** The time every part runs on (tests and demos run faster with a ScaledClock). @default wall time */
  clock?: Clock;
}

export async function startServe(
  config: Readonly<LcmConfig>,
  logger: Logger = createLogger({ level: config.logLevel }),
  options: ServeOptions = {},
): Promise<RunningServer> {
  const clock = options.clock ?? new SystemClock();
  const metrics = createMetricsRegistry();
  const registry = createKindRegistry();
  const store: ResourceStore = await openStore({ config, registry, clock, logger });
  let api: AssembledApi | undefined;
  try {
    api = await assembleApi({ config, store, registry, clock, logger, metrics });
    const url = await api.app.listen({ host: config.host, port: config.port });
    const providers = await createProviderSet({
      config: config.providers,
      clock,
      logger,
      eventsSinkUrl: `${config.api.publicUrl ?? url}/api/events`,
      eventsSinkCredential: await replaceSimulatorApiKey(api.local),
    });
    const controllers = runControllers({
      names: CONTROLLER_NAMES,
      local: api.local,
      clock,
      logger,
      metrics,
      config,
      providers: createFleetProviders(providers),
      secrets: new FileSecretSource({ dir: config.secretsDir }),
      publicUrl: config.api.publicUrl ?? url,
      leaderElection: config.databaseUrl !== undefined,
    });
    const demo = await startDemo({
      config,
      local: api.local,
      clock,
      logger,
      metrics,
      ldsSimUrl: providers.simulatorUrls.lds,
    });
    logger.info(
      { url, simulators: providers.simulatorUrls, controllers: CONTROLLER_NAMES },
      'lcm serve is up',
    );
    // On stderr, beside the first admin's password: stdout carries the JSON log.
    process.stderr.write(
      formatWhereToLook({
        url,
        generatedAdminPassword: api.generatedAdminPassword !== undefined,
        demoSeeded: demo.seeded,
      }),
    );
    const running = api;
    return {
      url,
      ...(api.generatedAdminPassword ? { generatedAdminPassword: api.generatedAdminPassword } : {}),
      stop: async () => {
        await demo.stop();
        await controllers.stop();
        await running.close();
        await providers.close();
        await store.close();
      },
    };
  } catch (error) {
    await api?.close();
    await store.close();
    throw error;
  }
}
