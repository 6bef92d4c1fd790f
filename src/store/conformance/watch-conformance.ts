/** Conformance: watch order, filters, resume from any revision, bookmarks, Gone, and restart. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import type { ResourceStore } from '../resource-store.js';
import type { ConformanceContext } from './store-conformance.js';
import { aNode, aWidget } from './test-kinds.js';
import {
  caught,
  revisionOf,
  summarize,
  takeChanges,
  takeChangesThrough,
} from './conformance-helpers.js';

/** Writes a create / update / updateStatus / delete history of widgets; returns the last revision. */
async function writeHistory(store: ResourceStore, objects: number): Promise<number> {
  for (let i = 0; i < objects; i++) {
    const created = await store.create(aWidget(`w${i}`, { step: 0 }));
    const updated = await store.update({ ...created, spec: { step: 1 } });
    await store.updateStatus({ ...updated, status: { phase: 'Done' } });
    if (i % 2 === 0) await store.delete('TestWidget', `w${i}`, { namespace: 'default' });
  }
  return store.currentRevision();
}

export function describeWatchConformance({ open, reopen }: ConformanceContext): void {
  describe('watch', () => {
    it('streams ADDED, MODIFIED and DELETED in revision order for its kind only', async () => {
      const store = await open();
      const watch = await store.watch('TestWidget');
      const created = await store.create(aWidget('w1'));
      await store.create(aNode('n1'));
      const updated = await store.update({ ...created, spec: { size: 2 } });
      await store.delete('TestWidget', 'w1', { namespace: 'default' });
      const events = await takeChanges(watch, 3);
      expect(summarize(events)).toEqual([
        ['ADDED', 'w1', revisionOf(created)],
        ['MODIFIED', 'w1', revisionOf(updated)],
        ['DELETED', 'w1', revisionOf(updated) + 1],
      ]);
      expect(events[1]?.object.spec).toEqual({ size: 2 });
      watch.close();
    });

    it('filters by namespace', async () => {
      const store = await open();
      const watch = await store.watch('TestWidget', { namespace: 'team-2' });
      await store.create(aWidget('a', {}, { namespace: 'team-1' }));
      await store.create(aWidget('b', {}, { namespace: 'team-2' }));
      expect(summarize(await takeChanges(watch, 1)).map(([, name]) => name)).toEqual(['b']);
      watch.close();
    });

    it('resumes from any past revision with every later event and no gaps', async () => {
      const store = await open();
      const last = await writeHistory(store, 6);
      const all = await takeChangesThrough(
        await store.watch('TestWidget', { sinceRevision: 0 }),
        last,
      );
      expect(all.map((event) => event.revision)).toEqual(
        Array.from({ length: last }, (_, i) => i + 1),
      );
      for (let since = 0; since < last; since++) {
        const watch = await store.watch('TestWidget', { sinceRevision: since });
        const events = await takeChangesThrough(watch, last);
        expect(summarize(events)).toEqual(summarize(all.slice(since)));
        watch.close();
      }
    });

    it('sends a BOOKMARK with the current revision when the interval passes', async () => {
      const clock = new ManualClock();
      const store = await open({ clock, config: { bookmarkIntervalSeconds: 5 } });
      await store.create(aNode('n1'));
      const watch = await store.watch('TestWidget');
      const next = watch.next();
      await clock.advance(5000);
      expect((await next).value).toEqual({
        type: 'BOOKMARK',
        revision: await store.currentRevision(),
      });
      watch.close();
    });

    it('ends iteration when closed', async () => {
      const store = await open();
      const watch = await store.watch('TestWidget');
      const pending = watch.next();
      watch.close();
      expect((await pending).done).toBe(true);
    });

    it('answers Gone for a revision older than the retained log, for new and lagging watches and list pages', async () => {
      const store = await open({ config: { eventRetentionMaxEvents: 5 } });
      const lagging = await store.watch('TestWidget', { sinceRevision: 0 });
      await store.create(aWidget('w00'));
      await store.create(aWidget('w01'));
      const page = await store.list('TestWidget', { limit: 1 });
      for (let i = 2; i < 12; i++) await store.create(aWidget(`w${String(i).padStart(2, '0')}`));
      await store.compact();
      const current = await store.currentRevision();
      expect(await caught(() => store.watch('TestWidget', { sinceRevision: 1 }))).toMatchObject({
        reason: 'Gone',
      });
      expect((await caught(() => lagging.next())).reason).toBe('Gone');
      expect(
        (
          await caught(() =>
            store.list('TestWidget', { limit: 1, continue: page.continue as string }),
          )
        ).reason,
      ).toBe('Gone');
      const recent = await store.watch('TestWidget', { sinceRevision: current - 5 });
      expect((await takeChangesThrough(recent, current)).map((event) => event.revision)).toEqual(
        [4, 3, 2, 1, 0].map((back) => current - back),
      );
      recent.close();
    });

    it('compacts events older than the retention time', async () => {
      const clock = new ManualClock();
      const store = await open({ clock, config: { eventRetentionSeconds: 60 } });
      await store.create(aWidget('old'));
      await clock.advance(120_000);
      const fresh = await store.create(aWidget('new'));
      await store.compact();
      expect((await caught(() => store.watch('TestWidget', { sinceRevision: 0 }))).reason).toBe(
        'Gone',
      );
      const watch = await store.watch('TestWidget', { sinceRevision: revisionOf(fresh) - 1 });
      expect(summarize(await takeChanges(watch, 1))).toEqual([['ADDED', 'new', revisionOf(fresh)]]);
      watch.close();
    });
  });

  if (reopen)
    describe('restart', () => {
      it('keeps every committed object and keeps the revision increasing after close and reopen', async () => {
        const store = await open();
        const last = await writeHistory(store, 4);
        const before = await store.list('TestWidget');
        await store.close();
        const reopened = await reopen();
        const after = await reopened.list('TestWidget');
        expect(after).toEqual(before);
        expect(await reopened.currentRevision()).toBe(last);
        const next = await reopened.create(aWidget('later'));
        expect(revisionOf(next)).toBe(last + 1);
        const watch = await reopened.watch('TestWidget', { sinceRevision: last - 1 });
        expect((await takeChanges(watch, 2)).map((event) => event.revision)).toEqual([
          last,
          last + 1,
        ]);
        watch.close();
      });
    });
}
