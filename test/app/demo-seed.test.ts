/**
 * The demo seeding of `lcm serve`: a simulated template and two Active definitions from real CML
 * topologies, created through admission, idempotent, never overwriting an operator's edit, and
 * valid in the definitions controller.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo/seed-demo.js';
import { createDefinitionsController } from '../../src/controllers/definitions/definitions-controller.js';
import {
  createMetricsRegistry,
  createSilentLogger,
  type Logger,
} from '../../src/observability/index.js';
import { isConditionTrue } from '../../src/resources/index.js';
import type { LabletDefinition } from '../../src/resources/kinds/lablet-definition.js';
import type { WorkerTemplate } from '../../src/resources/kinds/worker-template.js';
import { createBuiltInWorld, type BuiltInWorld } from '../support/built-in-world.js';
import { waitFor } from '../support/wait-for.js';

const logger: Logger = createSilentLogger();
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

function world(): BuiltInWorld {
  const built = createBuiltInWorld();
  cleanup.push(() => built.store.close());
  return built;
}

const ALL = [
  'WorkerTemplate/demo-small',
  'LabletDefinition/demo-ccna-vlans',
  'LabletDefinition/demo-vmanage-api',
];

async function definitions({ client }: BuiltInWorld): Promise<LabletDefinition[]> {
  const { items } = await client.list('LabletDefinition', { namespace: 'default' });
  return items as unknown as LabletDefinition[];
}

describe('seedDemo', () => {
  it('creates the demo template and two Active definitions, then leaves them alone', async () => {
    const w = world();
    const first = await seedDemo({ client: w.client, logger, timeScale: 0.05 });
    const before = await definitions(w);
    const second = await seedDemo({ client: w.client, logger, timeScale: 0.05 });

    expect(first).toEqual({ created: ALL, existing: [] });
    expect(second).toEqual({ created: [], existing: ALL });
    expect(await definitions(w)).toEqual(before);
    expect(
      before.map((d) => [d.metadata.name, d.spec.state, d.spec.grading !== undefined]),
    ).toEqual([
      ['demo-ccna-vlans', 'Active', true],
      ['demo-vmanage-api', 'Active', false],
    ]);
    expect(before[0]?.spec.lds?.formQualifiedName).toBeTruthy();
    expect(before[0]?.spec.devices?.map((device) => device.label)).toEqual([
      'PC',
      'RTR',
      'SW1',
      'SW2',
    ]);
  });

  it('sizes the template to the 20 nodes a CML licence runs: 4 or 5 seats per worker', async () => {
    const w = world();
    await seedDemo({ client: w.client, logger, timeScale: 0.05 });
    const template = (await w.client.get('WorkerTemplate', 'demo-small')) as WorkerTemplate;

    expect(template.spec).toMatchObject({
      provider: 'sim',
      licenseType: 'enterprise',
      enabled: true,
    });
    expect(template.spec.capacity.nodes).toBe(20);
    // The simulated boot (70 s × 0.05) plus the workers controller's polling.
    expect(template.spec.startupSeconds).toBe(24);
    const seats: Record<string, number> = {};
    for (const definition of await definitions(w)) {
      const need = definition.spec.resources;
      if (!need) throw new Error(`${definition.metadata.name} has no resources`);
      seats[definition.metadata.name] = Math.min(
        ...(['cpu', 'memoryMiB', 'storageGiB', 'nodes'] as const).map((dimension) =>
          Math.floor(template.spec.capacity[dimension] / need[dimension]),
        ),
      );
    }
    expect(seats).toEqual({ 'demo-ccna-vlans': 4, 'demo-vmanage-api': 5 });
  });

  it('never overwrites an object an operator has changed', async () => {
    const w = world();
    await seedDemo({ client: w.client, logger, timeScale: 0.05 });
    await w.client.patch('WorkerTemplate', 'demo-small', { spec: { enabled: false } });

    await seedDemo({ client: w.client, logger, timeScale: 1 });

    const template = (await w.client.get('WorkerTemplate', 'demo-small')) as WorkerTemplate;
    expect(template.spec).toMatchObject({ enabled: false, startupSeconds: 24 });
  });

  it('seeds definitions the definitions controller finds valid, with their ports', async () => {
    const w = world();
    const controller = createDefinitionsController({
      client: w.client,
      clock: w.clock,
      logger,
      metrics: createMetricsRegistry({ defaultMetrics: false }),
    });
    const abort = new AbortController();
    const running = controller.start(abort.signal);
    cleanup.push(async () => {
      abort.abort();
      await running;
    });

    await seedDemo({ client: w.client, logger, timeScale: 0.05 });

    await waitFor(async () => (await definitions(w)).every((d) => d.status?.nodeCount), {
      description: 'both definitions derived',
    });
    const [graded, ungraded] = await definitions(w);
    for (const definition of [graded, ungraded])
      expect(isConditionTrue(definition?.status?.conditions, 'Valid')).toBe(true);
    expect(graded?.status).toMatchObject({ phase: 'Active', nodeCount: 5 });
    // Port names are lower-cased (CML tag style); the devices keep their labels.
    expect(graded?.status?.portTemplate?.map((entry) => entry.name)).toEqual([
      'pc_vnc',
      'rtr_serial',
      'sw1_serial',
      'sw2_serial',
    ]);
    expect(ungraded?.status).toMatchObject({ phase: 'Active', nodeCount: 3 });
    expect(ungraded?.status?.portTemplate?.map((entry) => entry.device)).toEqual([
      'PC',
      'PC',
      'iosv-0',
      'vManageMockAPI',
    ]);
  });
});
