/**
 * The demo part of `lcm serve` (docs/demo.md), as `demo.*` configures it: seeds the demo template
 * and definitions (`demo.seed`) and starts the simulated students (`demo.students`, only when
 * LDS is simulated: against a real LDS nobody may click in a person's place).
 */
import type { Clock } from '../../clock/index.js';
import type { LocalResourceClient } from '../../client/local-client.js';
import type { LcmConfig } from '../../config/index.js';
import type { Logger, Registry } from '../../observability/index.js';
import { startDemoStudents } from './demo-students.js';
import { seedDemo } from './seed-demo.js';

export interface RunningDemo {
  /** The demo template and definitions exist (seeded now or earlier). */
  seeded: boolean;
  stop(): Promise<void>;
}

export async function startDemo(options: {
  config: Readonly<LcmConfig>;
  local: LocalResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** The lds-sim this process started; unset when LDS is a real one. */
  ldsSimUrl: string | undefined;
}): Promise<RunningDemo> {
  const { config, clock, logger } = options;
  const actor = { id: 'system:demo', username: 'system:demo', via: 'system' } as const;
  const client = options.local.withAudit({ actor });
  const timeScale = config.providers.simTimeScale;
  const seeded = config.demo.seed && (await seedOrWarn({ client, logger, timeScale }));
  if (!config.demo.students || !options.ldsSimUrl) return { seeded, stop: async () => undefined };
  const students = startDemoStudents({
    client,
    clock,
    logger: logger.child({ demo: 'students' }),
    metrics: options.metrics,
    ldsSimUrl: options.ldsSimUrl,
    timeScale,
  });
  return { seeded, stop: () => students.stop() };
}

/** A demo that cannot be seeded (e.g. an operator's object is in the way) must not stop the server. */
async function seedOrWarn(options: Parameters<typeof seedDemo>[0]): Promise<boolean> {
  try {
    await seedDemo(options);
    return true;
  } catch (error) {
    options.logger.warn({ err: error }, 'demo: seeding failed; lcm serve runs without the demo');
    return false;
  }
}
