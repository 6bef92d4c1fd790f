/** `apply` of one object over a real client with built-in admission: create, configure, unchanged. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../test/support/builders.js';
import { BuiltInAdmission } from '../admission/built-in-admission.js';
import { LocalResourceClient } from '../client/local-client.js';
import { ManualClock } from '../clock/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../store/conformance/conformance-helpers.js';
import { MemoryStore } from '../store/memory/memory-store.js';
import { applyManifest, contains } from './apply-manifest.js';

let store: MemoryStore;
let client: LocalResourceClient;

beforeEach(() => {
  const clock = new ManualClock();
  store = new MemoryStore({
    registry: createKindRegistry(),
    clock,
    config: { ...CONFORMANCE_CONFIG },
  });
  client = new LocalResourceClient({ store, admission: new BuiltInAdmission({ clock }), clock });
});
afterEach(() => store.close());

describe('applyManifest', () => {
  it('creates, leaves alone what the server defaulted, and updates a changed field', async () => {
    expect(await applyManifest(client, aTemplate('small'))).toBe('created');
    expect(await applyManifest(client, aTemplate('small'))).toBe('unchanged');
    expect(await applyManifest(client, aTemplate('small', { region: 'sim-2' }))).toBe('configured');

    expect((await client.get('WorkerTemplate', 'small')).spec).toMatchObject({ region: 'sim-2' });
  });

  it('keeps spec fields others set that the manifest leaves out', async () => {
    await applyManifest(client, aTemplate('small'));
    await client.patch('WorkerTemplate', 'small', { spec: { costPerHour: 2 } });

    expect(await applyManifest(client, aTemplate('small', { region: 'sim-2' }))).toBe('configured');
    expect((await client.get('WorkerTemplate', 'small')).spec).toMatchObject({
      region: 'sim-2',
      costPerHour: 2,
    });
  });

  it('accepts what `get -o yaml` prints: server fields and status are ignored', async () => {
    const created = await client.create(aTemplate('small'));
    const printed = {
      ...created,
      spec: { ...created.spec, region: 'sim-3' },
      status: { phase: 'x' },
    };

    expect(await applyManifest(client, printed)).toBe('configured');
    expect(
      await applyManifest(client, {
        ...printed,
        metadata: { ...printed.metadata, resourceVersion: '1' },
      }),
    ).toBe('unchanged');
  });

  it('keeps labels the server has and adds the manifest’s', async () => {
    const labelled = (labels: Record<string, string>) => {
      const template = aTemplate('small');
      return { ...template, metadata: { ...template.metadata, labels } };
    };
    await applyManifest(client, labelled({ tier: 'gold' }));

    expect(await applyManifest(client, labelled({ env: 'lab' }))).toBe('configured');
    expect((await client.get('WorkerTemplate', 'small')).metadata.labels).toEqual({
      tier: 'gold',
      env: 'lab',
    });
  });
});

describe('contains', () => {
  it('matches nested subsets, but arrays only in full', () => {
    expect(contains({ a: 1, b: { c: 2, d: 3 } }, { b: { c: 2 } })).toBe(true);
    expect(contains({ a: 1 }, { a: 2 })).toBe(false);
    expect(contains({ a: [1, 2] }, { a: [1] })).toBe(false);
    expect(contains({ a: [{ x: 1, y: 2 }] }, { a: [{ x: 1 }] })).toBe(true);
    expect(contains(undefined, { a: 1 })).toBe(false);
  });
});
