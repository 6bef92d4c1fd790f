/** Conformance: one watch over several kinds — one revision order, resume, namespace, Gone. */
import { describe, expect, it } from 'vitest';
import type { ResourceStore } from '../resource-store.js';
import { caught, revisionOf, takeChangesThrough, type ChangeEvent } from './conformance-helpers.js';
import type { ConformanceContext } from './store-conformance.js';
import { aGadget, aNode, aWidget } from './test-kinds.js';

const WATCHED = ['TestWidget', 'TestGadget'] as const;

/** `[type, kind, name, revision]` per event: the kind matters when several are watched. */
function summarizeKinds(events: readonly ChangeEvent[]): [string, string, string, number][] {
  return events.map((event) => [
    event.type,
    event.object.kind,
    event.object.metadata.name,
    event.revision,
  ]);
}

/**
 * Interleaves writes of widgets, gadgets and nodes (the unwatched kind), ending with a gadget
 * write; returns the revision of that last write.
 */
async function writeMixedHistory(store: ResourceStore, rounds: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < rounds; i++) {
    const widget = await store.create(aWidget(`w${i}`));
    await store.create(aNode(`n${i}`));
    const gadget = await store.create(aGadget(`g${i}`));
    await store.update({ ...widget, spec: { step: 1 } });
    if (i % 2 === 0) await store.delete('TestNode', `n${i}`);
    last = revisionOf(await store.updateStatus({ ...gadget, status: { phase: 'Done' } }));
  }
  return last;
}

export function describeMultiKindWatchConformance({ open }: ConformanceContext): void {
  describe('watch over several kinds', () => {
    it('delivers interleaved writes of the listed kinds in one revision order, and no other kind', async () => {
      const store = await open();
      const watch = await store.watch(WATCHED);
      const widget = await store.create(aWidget('w1'));
      await store.create(aNode('n1'));
      const gadget = await store.create(aGadget('g1'));
      const updated = await store.update({ ...widget, spec: { size: 2 } });
      await store.create(aNode('n2'));
      await store.delete('TestGadget', 'g1', { namespace: 'default' });
      const last = await store.create(aWidget('w2'));
      const events = await takeChangesThrough(watch, revisionOf(last));
      expect(summarizeKinds(events)).toEqual([
        ['ADDED', 'TestWidget', 'w1', revisionOf(widget)],
        ['ADDED', 'TestGadget', 'g1', revisionOf(gadget)],
        ['MODIFIED', 'TestWidget', 'w1', revisionOf(updated)],
        ['DELETED', 'TestGadget', 'g1', revisionOf(updated) + 2],
        ['ADDED', 'TestWidget', 'w2', revisionOf(last)],
      ]);
      watch.close();
    });

    it('treats a one-kind array like the kind, and repeated kinds once', async () => {
      const store = await open();
      const single = await store.watch(['TestWidget'], { sinceRevision: 0 });
      const repeated = await store.watch(['TestGadget', 'TestGadget'], { sinceRevision: 0 });
      await store.create(aGadget('g1'));
      const widget = await store.create(aWidget('w1'));
      const gadget = await store.create(aGadget('g2'));
      expect(summarizeKinds(await takeChangesThrough(single, revisionOf(widget)))).toEqual([
        ['ADDED', 'TestWidget', 'w1', revisionOf(widget)],
      ]);
      expect(
        summarizeKinds(await takeChangesThrough(repeated, revisionOf(gadget))).map(
          ([, , name]) => name,
        ),
      ).toEqual(['g1', 'g2']);
      single.close();
      repeated.close();
    });

    it('resumes from any revision, across kinds, with every later event and no gaps', async () => {
      const store = await open();
      const last = await writeMixedHistory(store, 4);
      const all = await takeChangesThrough(await store.watch(WATCHED, { sinceRevision: 0 }), last);
      const revisions = all.map((event) => event.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(new Set(all.map((event) => event.object.kind))).toEqual(new Set(WATCHED));
      for (let since = 0; since < last; since++) {
        const watch = await store.watch(WATCHED, { sinceRevision: since });
        const events = await takeChangesThrough(watch, last);
        expect(summarizeKinds(events)).toEqual(
          summarizeKinds(all.filter((event) => event.revision > since)),
        );
        watch.close();
      }
    });

    it('still applies the namespace filter to every listed kind', async () => {
      const store = await open();
      const watch = await store.watch([...WATCHED, 'TestNode'], { namespace: 'team-2' });
      await store.create(aWidget('a', {}, { namespace: 'team-1' }));
      const gadget = await store.create(aGadget('b', {}, { namespace: 'team-2' }));
      await store.create(aNode('c'));
      await store.create(aGadget('d', {}, { namespace: 'team-1' }));
      const widget = await store.create(aWidget('e', {}, { namespace: 'team-2' }));
      expect(summarizeKinds(await takeChangesThrough(watch, revisionOf(widget)))).toEqual([
        ['ADDED', 'TestGadget', 'b', revisionOf(gadget)],
        ['ADDED', 'TestWidget', 'e', revisionOf(widget)],
      ]);
      watch.close();
    });

    it('answers Gone for a compacted revision, for new and lagging watches', async () => {
      const store = await open({ config: { eventRetentionMaxEvents: 5 } });
      const lagging = await store.watch(WATCHED, { sinceRevision: 0 });
      for (let i = 0; i < 12; i++)
        await store.create(i % 2 === 0 ? aWidget(`w${i}`) : aGadget(`g${i}`));
      await store.compact();
      const current = await store.currentRevision();
      expect((await caught(() => store.watch(WATCHED, { sinceRevision: 1 }))).reason).toBe('Gone');
      expect((await caught(() => lagging.next())).reason).toBe('Gone');
      const recent = await store.watch(WATCHED, { sinceRevision: current - 5 });
      expect((await takeChangesThrough(recent, current)).map((event) => event.revision)).toEqual(
        [4, 3, 2, 1, 0].map((back) => current - back),
      );
      recent.close();
    });

    it('rejects an empty kind list and any unknown kind with Invalid', async () => {
      const store = await open();
      expect((await caught(() => store.watch([]))).reason).toBe('Invalid');
      expect((await caught(() => store.watch(['TestWidget', 'NoSuchKind']))).reason).toBe(
        'Invalid',
      );
    });
  });
}
