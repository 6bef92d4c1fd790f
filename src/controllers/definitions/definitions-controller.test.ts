import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltInWorld } from '../../../test/support/built-in-world.js';
import { aDefinition } from '../../../test/support/builders.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { createMetricsRegistry, createSilentLogger } from '../../observability/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import { createDefinitionsController } from './definitions-controller.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function start() {
  const { clock, store, client } = createBuiltInWorld();
  const controller = createDefinitionsController({
    client,
    clock,
    logger: createSilentLogger(),
    metrics: createMetricsRegistry({ defaultMetrics: false }),
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  stops.push(() => store.close());
  stops.push(async () => {
    abort.abort();
    await running;
  });
  const read = async (name: string) =>
    (await client.get('LabletDefinition', name, 'default')) as unknown as LabletDefinition;
  return { client, read };
}

const TWO_NODES = [
  'lab: { title: two, version: 0.2.2 }',
  'nodes:',
  '  - { id: n0, label: r1, node_definition: iosv, tags: ["serial:1000", "vnc:2000"], interfaces: [] }',
  '  - { id: n1, label: sw1, node_definition: iosvl2, tags: [], interfaces: [] }',
  'links: []',
  '',
].join('\n');

describe('definitions controller', () => {
  it('derives topology facts and mirrors the state into status', async () => {
    const { client, read } = start();
    await client.create(aDefinition('ccna-1', { topology: TWO_NODES, state: 'Active' }));
    await waitFor(async () => (await read('ccna-1')).status?.nodeCount === 2);
    const { status } = await read('ccna-1');
    expect(status).toMatchObject({
      phase: 'Active',
      observedGeneration: 1,
      nodeDefinitions: ['iosv', 'iosvl2'],
      topologyHash: expect.stringMatching(/^[0-9a-f]+/),
      portTemplate: [
        { name: 'r1_serial', device: 'r1', protocol: 'serial' },
        { name: 'r1_vnc', device: 'r1', protocol: 'vnc' },
      ],
    });
    expect(status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'Valid', status: 'True' }),
    );
  });

  it('follows a state change', async () => {
    const { client, read } = start();
    await client.create(aDefinition('ccna-1', { state: 'Active' }));
    await waitFor(async () => (await read('ccna-1')).status?.phase === 'Active');
    await client.patch(
      'LabletDefinition',
      'ccna-1',
      { spec: { state: 'Deprecated' } },
      { namespace: 'default' },
    );
    await waitFor(async () => (await read('ccna-1')).status?.phase === 'Deprecated');
  });

  it('says why when the lab is only an artifact reference', async () => {
    const { client, read } = start();
    const remote = aDefinition('remote', { artifact: { uri: 's3://labs/ccna.yaml' } });
    delete remote.spec.topology;
    await client.create(remote);
    await waitFor(async () => (await read('remote')).status?.phase === 'Draft');
    expect((await read('remote')).status?.conditions).toContainEqual(
      expect.objectContaining({
        type: 'Valid',
        status: 'False',
        reason: 'ArtifactNotFetched',
      }),
    );
  });
});
