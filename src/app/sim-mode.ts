/**
 * `lcm sim`: the simulators (cloud, CML per instance, LDS, grading) as a process of their own, so
 * that `lcm api` and each `lcm controller <name>` share one simulated world (`providers.simHostUrl`)
 * and it outlives any of them. Each LCM process tells the host where to send its events.
 */
import { SystemClock } from '../clock/index.js';
import type { LcmConfig } from '../config/index.js';
import { createLogger, type Logger } from '../observability/index.js';
import { serveSimulators } from '../sim/sim-host/sim-host-server.js';
import { startSimulators } from '../sim/simulators.js';

export interface RunningSimHost {
  url: string;
  stop(): Promise<void>;
}

/** Events wait (retried) while their LCM restarts; a day of attempts is plenty. */
const HOST_EVENT_ATTEMPTS = 100_000;

export async function startSimMode(
  config: Readonly<LcmConfig>,
  logger: Logger = createLogger({ level: config.logLevel }),
): Promise<RunningSimHost> {
  const { providers } = config;
  const sims = await startSimulators({
    clock: new SystemClock(),
    logger,
    timeScale: providers.simTimeScale,
    lds: providers.lds,
    gradingToken: providers.grading.token,
    cml: providers.cml,
    sender: { maxAttempts: HOST_EVENT_ATTEMPTS },
  });
  try {
    const server = await serveSimulators(sims, { host: config.host, port: config.port });
    logger.info(
      { url: server.url, lds: sims.ldsUrl, grading: sims.gradingUrl },
      'simulator host listening; point LCM processes at it with LCM_PROVIDERS_SIM_HOST_URL',
    );
    return {
      url: server.url,
      async stop() {
        await server.close();
        await sims.close();
      },
    };
  } catch (error) {
    await sims.close();
    throw error;
  }
}
