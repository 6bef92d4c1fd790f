/** Conformance: multi-object transactions are all-or-nothing, each op with its precondition. */
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './store-conformance.js';
import { aNode, aWidget } from './test-kinds.js';
import { caught, revisionOf } from './conformance-helpers.js';

export function describeTransactConformance({ open }: ConformanceContext): void {
  describe('transact', () => {
    it('applies creates, updates, status updates and deletes together with consecutive revisions', async () => {
      const store = await open();
      const node = await store.create(aNode('n1', { cpu: 4 }));
      const doomed = await store.create(aWidget('old'));
      const results = await store.transact([
        { op: 'create', object: aWidget('s1', { worker: 'n1' }) },
        { op: 'updateStatus', object: { ...node, status: { allocated: 2 } } },
        {
          op: 'delete',
          kind: 'TestWidget',
          name: 'old',
          namespace: 'default',
          preconditions: { resourceVersion: doomed.metadata.resourceVersion as string },
        },
      ]);
      const revisions = results.map(revisionOf);
      expect(revisions).toEqual([
        revisions[0],
        (revisions[0] as number) + 1,
        (revisions[0] as number) + 2,
      ]);
      expect((await store.get('TestNode', 'n1')).status).toEqual({ allocated: 2 });
      expect((await store.get('TestWidget', 's1', 'default')).spec).toEqual({ worker: 'n1' });
      expect((await caught(() => store.get('TestWidget', 'old', 'default'))).reason).toBe(
        'NotFound',
      );
    });

    it('rolls back wholly when one precondition fails, and says which operation failed', async () => {
      const store = await open();
      const node = await store.create(aNode('n1', { cpu: 4 }));
      await store.updateStatus({ ...node, status: { allocated: 1 } });
      const revisionBefore = await store.currentRevision();
      const error = await caught(() =>
        store.transact([
          { op: 'create', object: aWidget('s1') },
          { op: 'updateStatus', object: { ...node, status: { allocated: 2 } } },
        ]),
      );
      expect(error).toMatchObject({ reason: 'Conflict', details: { op: 1 } });
      expect((await caught(() => store.get('TestWidget', 's1', 'default'))).reason).toBe(
        'NotFound',
      );
      expect((await store.get('TestNode', 'n1')).status).toEqual({ allocated: 1 });
      expect(await store.currentRevision()).toBe(revisionBefore);
    });

    it('rolls back when a create collides with an existing object', async () => {
      const store = await open();
      await store.create(aWidget('taken'));
      const error = await caught(() =>
        store.transact([
          { op: 'create', object: aWidget('fresh') },
          { op: 'create', object: aWidget('taken') },
        ]),
      );
      expect(error).toMatchObject({ reason: 'AlreadyExists', details: { op: 1 } });
      expect((await caught(() => store.get('TestWidget', 'fresh', 'default'))).reason).toBe(
        'NotFound',
      );
    });

    it('rejects a transaction that names one object twice', async () => {
      const store = await open();
      const error = await caught(() =>
        store.transact([
          { op: 'create', object: aWidget('a') },
          { op: 'delete', kind: 'TestWidget', name: 'a', namespace: 'default' },
        ]),
      );
      expect(error).toMatchObject({ reason: 'Invalid', details: { field: 'ops[1]' } });
    });

    it('lets exactly one of two racing transactions take the same precondition', async () => {
      const store = await open();
      const node = await store.create(aNode('n1'));
      const outcomes = await Promise.allSettled(
        ['s1', 's2'].map((name) =>
          store.transact([
            { op: 'create', object: aWidget(name) },
            { op: 'updateStatus', object: { ...node, status: { holder: name } } },
          ]),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const winner = (await store.get('TestNode', 'n1')).status?.holder as string;
      const loser = winner === 's1' ? 's2' : 's1';
      expect((await caught(() => store.get('TestWidget', loser, 'default'))).reason).toBe(
        'NotFound',
      );
    });
  });
}
