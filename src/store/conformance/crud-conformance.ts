/** Conformance: create, get, update, updateStatus, delete with finalizers, and input validation. */
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './store-conformance.js';
import { aNode, aWidget } from './test-kinds.js';
import { caught, revisionOf } from './conformance-helpers.js';

export function describeCrudConformance({ open }: ConformanceContext): void {
  describe('create and get', () => {
    it('assigns uid, generation 1, creationTimestamp and resourceVersion, and get returns the same object', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1', { size: 3 }, { labels: { tier: 'gold' } }));
      expect(created.metadata).toMatchObject({ name: 'w1', namespace: 'default', generation: 1 });
      expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.metadata.creationTimestamp).toBeTruthy();
      expect(revisionOf(created)).toBeGreaterThan(0);
      expect(await store.get('TestWidget', 'w1', 'default')).toEqual(created);
    });

    it('puts namespaced objects in "default" when no namespace is given, and keeps cluster objects namespace-free', async () => {
      const store = await open();
      const widget = await store.create({ ...aWidget('w1'), metadata: { name: 'w1' } });
      const node = await store.create(aNode('n1'));
      expect(widget.metadata.namespace).toBe('default');
      expect(node.metadata.namespace).toBeUndefined();
      expect((await store.get('TestNode', 'n1')).metadata.name).toBe('n1');
    });

    it('rejects a second object with the same name as AlreadyExists', async () => {
      const store = await open();
      await store.create(aWidget('w1'));
      expect((await caught(() => store.create(aWidget('w1')))).reason).toBe('AlreadyExists');
      await store.create(aWidget('w1', {}, { namespace: 'other' }));
    });

    it('answers NotFound for an object that does not exist', async () => {
      const store = await open();
      const error = await caught(() => store.get('TestWidget', 'missing', 'default'));
      expect(error.reason).toBe('NotFound');
    });
  });

  describe('bad input', () => {
    it('rejects an unknown kind as Invalid naming the kind field', async () => {
      const store = await open();
      const error = await caught(() => store.create({ ...aWidget('w1'), kind: 'Gizmo' }));
      expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'kind' } });
      expect(error.message).toContain('Gizmo');
      expect((await caught(() => store.list('Gizmo'))).reason).toBe('Invalid');
    });

    it.each(['Upper', '-lead', 'trail-', 'under_score', 'a'.repeat(254), ''])(
      'rejects the name %j as Invalid naming metadata.name',
      async (name) => {
        const store = await open();
        const error = await caught(() => store.create(aWidget(name)));
        expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'metadata.name' } });
      },
    );

    it('rejects a namespace on a cluster-scoped kind and an invalid namespace', async () => {
      const store = await open();
      const clusterError = await caught(() =>
        store.create({ ...aNode('n1'), metadata: { name: 'n1', namespace: 'default' } }),
      );
      expect(clusterError).toMatchObject({
        reason: 'Invalid',
        details: { field: 'metadata.namespace' },
      });
      const badNamespace = await caught(() =>
        store.create(aWidget('w1', {}, { namespace: 'Bad_NS' })),
      );
      expect(badNamespace).toMatchObject({
        reason: 'Invalid',
        details: { field: 'metadata.namespace' },
      });
    });

    it('rejects an object over the size limit, naming its largest field, and writes nothing', async () => {
      const store = await open({ config: { maxObjectBytes: 4096 } });
      const before = await store.currentRevision();
      const error = await caught(() => store.create(aWidget('big', { blob: 'x'.repeat(5000) })));
      expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'spec' } });
      expect((await caught(() => store.get('TestWidget', 'big', 'default'))).reason).toBe(
        'NotFound',
      );
      expect(await store.currentRevision()).toBe(before);
    });

    it.each([
      ['a NUL character', { note: 'a\u0000b' }, 'spec.note'],
      ['a lone surrogate', { list: ['ok', 'x\ud800'] }, 'spec.list.1'],
      ['a lone surrogate in a key', { '\udfff': 1 }, 'spec.\udfff'],
    ])(
      'rejects %s (PostgreSQL cannot store it) as Invalid naming the field',
      async (_, spec, field) => {
        const store = await open();
        const error = await caught(() => store.create(aWidget('w1', spec)));
        expect(error).toMatchObject({ reason: 'Invalid', details: { field } });
      },
    );

    it('stores surrogate pairs and a backslash followed by u0000 as they are', async () => {
      const store = await open();
      const spec = { note: '👩‍👩‍👧 e\u0301 \\u0000 \\ud800' };
      await store.create(aWidget('w1', spec));
      expect((await store.get('TestWidget', 'w1', 'default')).spec).toEqual(spec);
    });

    it('rejects an update without resourceVersion, and a create with one', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1'));
      const { resourceVersion: _dropped, ...metadata } = created.metadata;
      const error = await caught(() => store.update({ ...created, metadata }));
      expect(error).toMatchObject({
        reason: 'Invalid',
        details: { field: 'metadata.resourceVersion' },
      });
      const createError = await caught(() =>
        store.create({ ...created, metadata: { ...created.metadata, name: 'w2' } }),
      );
      expect(createError).toMatchObject({
        reason: 'Invalid',
        details: { field: 'metadata.resourceVersion' },
      });
    });
  });

  describe('update and updateStatus', () => {
    it('bumps generation on spec changes only, and keeps status on update', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1', { size: 1 }));
      const withStatus = await store.updateStatus({ ...created, status: { phase: 'Ready' } });
      const relabelled = await store.update({
        ...withStatus,
        metadata: { ...withStatus.metadata, labels: { a: 'b' } },
        status: { phase: 'Ignored' },
      });
      expect(relabelled.metadata.generation).toBe(1);
      expect(relabelled.status).toEqual({ phase: 'Ready' });
      const resized = await store.update({ ...relabelled, spec: { size: 2 } });
      expect(resized.metadata.generation).toBe(2);
      expect(revisionOf(resized)).toBeGreaterThan(revisionOf(relabelled));
    });

    it('changes only status in updateStatus and leaves generation and spec alone', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1', { size: 1 }));
      const updated = await store.updateStatus({
        ...created,
        spec: { size: 99 },
        status: { phase: 'Running' },
      });
      expect(updated.spec).toEqual({ size: 1 });
      expect(updated.status).toEqual({ phase: 'Running' });
      expect(updated.metadata.generation).toBe(1);
    });

    it('returns Conflict for a stale resourceVersion and leaves the object as it was', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1', { size: 1 }));
      const current = await store.update({ ...created, spec: { size: 2 } });
      const specError = await caught(() => store.update({ ...created, spec: { size: 3 } }));
      const statusError = await caught(() =>
        store.updateStatus({ ...created, status: { phase: 'X' } }),
      );
      expect(specError).toMatchObject({ reason: 'Conflict' });
      expect(statusError).toMatchObject({ reason: 'Conflict' });
      expect(await store.get('TestWidget', 'w1', 'default')).toEqual(current);
    });

    it('writes nothing for an update that changes nothing', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1', { size: 1 }));
      const same = await store.update({ ...created });
      expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      expect(await store.currentRevision()).toBe(revisionOf(created));
    });

    it('treats fields set to undefined as absent, so repeating such an update writes nothing', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1', { size: 1 }));
      const first = await store.update({ ...created, spec: { size: 2, color: undefined } });
      const again = await store.update({ ...first, spec: { size: 2, color: undefined } });
      const status = await store.updateStatus({
        ...again,
        status: { phase: 'Ready', message: undefined },
      });
      const statusAgain = await store.updateStatus({
        ...status,
        status: { phase: 'Ready', message: undefined },
      });
      expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
      expect(again.metadata.generation).toBe(2);
      expect(again.spec).toEqual({ size: 2 });
      expect(statusAgain.metadata.resourceVersion).toBe(status.metadata.resourceVersion);
    });

    it('answers NotFound when updating an object that does not exist', async () => {
      const store = await open();
      const error = await caught(() =>
        store.update({ ...aWidget('ghost'), metadata: { name: 'ghost', resourceVersion: '1' } }),
      );
      expect(error.reason).toBe('NotFound');
    });
  });

  describe('delete', () => {
    it('removes an object without finalizers', async () => {
      const store = await open();
      await store.create(aWidget('w1'));
      await store.delete('TestWidget', 'w1', { namespace: 'default' });
      expect((await caught(() => store.get('TestWidget', 'w1', 'default'))).reason).toBe(
        'NotFound',
      );
      expect(
        (await caught(() => store.delete('TestWidget', 'w1', { namespace: 'default' }))).reason,
      ).toBe('NotFound');
    });

    it('only marks an object with finalizers, and removes it when its last finalizer goes', async () => {
      const store = await open();
      await store.create(aWidget('w1', {}, { finalizers: ['lcm/a', 'lcm/b'] }));
      const marked = await store.delete('TestWidget', 'w1', { namespace: 'default' });
      expect(marked.metadata.deletionTimestamp).toBeTruthy();
      const again = await store.delete('TestWidget', 'w1', { namespace: 'default' });
      expect(again.metadata.resourceVersion).toBe(marked.metadata.resourceVersion);
      const addError = await caught(() =>
        store.update({
          ...marked,
          metadata: { ...marked.metadata, finalizers: ['lcm/a', 'lcm/b', 'lcm/c'] },
        }),
      );
      expect(addError).toMatchObject({
        reason: 'Invalid',
        details: { field: 'metadata.finalizers' },
      });
      const one = await store.update({
        ...marked,
        metadata: { ...marked.metadata, finalizers: ['lcm/b'] },
      });
      expect((await store.get('TestWidget', 'w1', 'default')).metadata.finalizers).toEqual([
        'lcm/b',
      ]);
      await store.update({ ...one, metadata: { ...one.metadata, finalizers: [] } });
      expect((await caught(() => store.get('TestWidget', 'w1', 'default'))).reason).toBe(
        'NotFound',
      );
    });

    it('checks delete preconditions', async () => {
      const store = await open();
      const created = await store.create(aWidget('w1'));
      await store.update({ ...created, spec: { size: 5 } });
      const stale = await caught(() =>
        store.delete('TestWidget', 'w1', {
          namespace: 'default',
          preconditions: { resourceVersion: created.metadata.resourceVersion as string },
        }),
      );
      expect(stale.reason).toBe('Conflict');
      const wrongUid = await caught(() =>
        store.delete('TestWidget', 'w1', {
          namespace: 'default',
          preconditions: { uid: '00000000-0000-0000-0000-000000000000' },
        }),
      );
      expect(wrongUid.reason).toBe('Conflict');
      await store.delete('TestWidget', 'w1', {
        namespace: 'default',
        preconditions: { uid: created.metadata.uid as string },
      });
    });
  });
}
