/** The local ResourceClient: merge patch, preconditions, admission on every operation. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { ALLOW_ALL, type Admission } from '../admission/admission.js';
import { CONFORMANCE_CONFIG } from '../store/conformance/conformance-helpers.js';
import { aWidget, createTestRegistry } from '../store/conformance/test-kinds.js';
import { MemoryStore } from '../store/memory/memory-store.js';
import { InvalidError } from '../errors/index.js';
import { LocalResourceClient } from './local-client.js';
import { applyMergePatch } from './merge-patch.js';

const stores: MemoryStore[] = [];
function newClient(admission: Admission = ALLOW_ALL): LocalResourceClient {
  const store = new MemoryStore({
    registry: createTestRegistry(),
    clock: new ManualClock(),
    config: CONFORMANCE_CONFIG,
  });
  stores.push(store);
  return new LocalResourceClient({ store, admission });
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects, removes fields set to null and replaces arrays', () => {
    expect(
      applyMergePatch(
        { a: 1, b: { c: 2, d: 3 }, e: [1, 2] },
        { b: { c: null, x: 9 }, e: [3], f: 'new' },
      ),
    ).toEqual({
      a: 1,
      b: { d: 3, x: 9 },
      e: [3],
      f: 'new',
    });
  });
});

describe('LocalResourceClient', () => {
  it('patches spec and labels, keeping what the patch does not name', async () => {
    const client = newClient();
    await client.create(aWidget('w1', { size: 1, color: 'red' }));
    const patched = await client.patch(
      'TestWidget',
      'w1',
      { metadata: { labels: { tier: 'gold' } }, spec: { size: 2, color: null } },
      { namespace: 'default' },
    );
    expect(patched.spec).toEqual({ size: 2 });
    expect(patched.metadata.labels).toEqual({ tier: 'gold' });
  });

  it('patches only status through the status subresource', async () => {
    const client = newClient();
    await client.create(aWidget('w1', { size: 1 }));
    const patched = await client.patch(
      'TestWidget',
      'w1',
      { spec: { size: 5 }, status: { phase: 'Ready' } },
      { namespace: 'default', subresource: 'status' },
    );
    expect(patched.spec).toEqual({ size: 1 });
    expect(patched.status).toEqual({ phase: 'Ready' });
  });

  it('honours a resourceVersion in the patch as a precondition', async () => {
    const client = newClient();
    const created = await client.create(aWidget('w1', { size: 1 }));
    await client.patch('TestWidget', 'w1', { spec: { size: 2 } }, { namespace: 'default' });
    await expect(
      client.patch(
        'TestWidget',
        'w1',
        { metadata: { resourceVersion: created.metadata.resourceVersion }, spec: { size: 3 } },
        { namespace: 'default' },
      ),
    ).rejects.toMatchObject({ reason: 'Conflict' });
  });

  it('rejects a resourceVersion in a patch that is not a string', async () => {
    const client = newClient();
    await client.create(aWidget('w1', { size: 1 }));
    await expect(
      client.patch(
        'TestWidget',
        'w1',
        { metadata: { resourceVersion: 1 }, spec: { size: 3 } },
        { namespace: 'default' },
      ),
    ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'metadata.resourceVersion' } });
  });

  it('runs admission on every operation of a transaction, and writes nothing when one is refused', async () => {
    const refuseBig: Admission = {
      admit: async ({ object }) => {
        if (((object.spec.size as number | undefined) ?? 0) > 10)
          throw new InvalidError('too big', { details: { field: 'spec.size' } });
        return object;
      },
    };
    const client = newClient(refuseBig);
    await expect(
      client.transact([
        { op: 'create', object: aWidget('ok', { size: 1 }) },
        { op: 'create', object: aWidget('big', { size: 99 }) },
      ]),
    ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'spec.size' } });
    await expect(client.get('TestWidget', 'ok', 'default')).rejects.toMatchObject({
      reason: 'NotFound',
    });
  });

  it('reports a stale update as Conflict before admission reads anything else', async () => {
    const client = newClient();
    const created = await client.create(aWidget('w1', { size: 1 }));
    await client.update({ ...created, spec: { size: 2 } });
    await expect(client.update({ ...created, spec: { size: 3 } })).rejects.toMatchObject({
      reason: 'Conflict',
      details: { field: 'metadata.resourceVersion' },
    });
  });
});
