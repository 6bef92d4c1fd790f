import { it } from 'vitest';
import { createBuiltInWorld } from '../support/built-in-world.js';
import { aSeatTemplate, aTimedSession, seedDefinition } from '../support/scheduler-fixtures.js';
import { createSchedulerController } from '../../src/controllers/scheduler/scheduler-controller.js';
import { createLogger, createMetricsRegistry } from '../../src/observability/index.js';

it('debug', async () => {
  const world = createBuiltInWorld();
  await seedDefinition(world.client, world.clock);
  await world.client.create(aSeatTemplate('four', 4, { enabled: false }));
  await world.client.create(aTimedSession('s1', world.clock));
  const metrics = createMetricsRegistry({ defaultMetrics: false });
  const controller = createSchedulerController({ client: world.client, clock: world.clock, logger: createLogger({ level: 'debug' }), metrics, config: { maxWorkersPerRegion: 10, horizonMinutes: 35, scaleUpCooldownSeconds: 60 } });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  await new Promise((r) => setTimeout(r, 500));
  console.log(JSON.stringify((await world.client.get('LabletSession', 's1', 'default')).status, null, 1));
  console.log(await metrics.metrics());
  abort.abort(); await running; await world.store.close();
});
