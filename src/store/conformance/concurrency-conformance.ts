/**
 * Conformance under load: 8 writers × 500 updates on overlapping objects while 3 watchers read.
 * Every watcher must see every committed change exactly once, in revision order; no update is lost.
 */
import { describe, expect, it } from 'vitest';
import { SystemClock } from '../../clock/index.js';
import { hasReason } from '../../errors/index.js';
import type { ResourceStore, Watch } from '../resource-store.js';
import type { ConformanceContext } from './store-conformance.js';
import { aWidget } from './test-kinds.js';
import { revisionOf, type ChangeEvent } from './conformance-helpers.js';

const WRITERS = 8;
const UPDATES_PER_WRITER = 500;
const OBJECTS = 5;
const WATCHERS = 3;

interface CommittedWrite {
  name: string;
  revision: number;
  counter: number;
}

async function runWriter(
  store: ResourceStore,
  writer: number,
  committed: CommittedWrite[],
): Promise<void> {
  for (let i = 0; i < UPDATES_PER_WRITER; i++) {
    const name = `obj-${(writer + i) % OBJECTS}`;
    for (;;) {
      const current = await store.get('TestWidget', name, 'default');
      const counter = (current.spec.counter as number) + 1;
      try {
        const written = await store.update({ ...current, spec: { counter, lastWriter: writer } });
        committed.push({ name, revision: revisionOf(written), counter });
        break;
      } catch (error) {
        if (!hasReason(error, 'Conflict')) throw error;
      }
    }
  }
}

/** Collects MODIFIED events until `target()` is known and reached (bookmarks wake it up). */
async function runWatcher(watch: Watch, target: () => number | undefined): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  let position = 0;
  for (;;) {
    const goal = target();
    if (goal !== undefined && position >= goal) return events;
    const next = await watch.next();
    if (next.done) throw new Error('watch ended early');
    position = Math.max(position, next.value.revision);
    if (next.value.type !== 'BOOKMARK') events.push(next.value);
  }
}

export function describeConcurrencyConformance({ open }: ConformanceContext): void {
  describe('concurrency', () => {
    it(`keeps every update of ${WRITERS} writers × ${UPDATES_PER_WRITER} and shows each, once and in order, to ${WATCHERS} watchers`, async () => {
      const store = await open({
        clock: new SystemClock(),
        config: { bookmarkIntervalSeconds: 1 },
      });
      for (let i = 0; i < OBJECTS; i++) await store.create(aWidget(`obj-${i}`, { counter: 0 }));
      const start = await store.currentRevision();
      const target: { finalRevision?: number } = {};
      const watches = await Promise.all(
        Array.from({ length: WATCHERS }, () => store.watch('TestWidget', { sinceRevision: start })),
      );
      const watching = watches.map((watch) => runWatcher(watch, () => target.finalRevision));
      const committed: CommittedWrite[] = [];
      await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) => runWriter(store, writer, committed)),
      );
      target.finalRevision = await store.currentRevision();
      const seenByWatchers = await Promise.all(watching);
      watches.forEach((watch) => watch.close());

      expect(committed).toHaveLength(WRITERS * UPDATES_PER_WRITER);
      for (let i = 0; i < OBJECTS; i++) {
        const name = `obj-${i}`;
        const writes = committed.filter((write) => write.name === name);
        expect((await store.get('TestWidget', name, 'default')).spec.counter).toBe(writes.length);
      }
      const expected = [...committed].sort((a, b) => a.revision - b.revision);
      for (const events of seenByWatchers) {
        expect(events.map((event) => event.revision)).toEqual(
          expected.map((write) => write.revision),
        );
        expect(
          events.map((event) => [event.object.metadata.name, event.object.spec.counter]),
        ).toEqual(expected.map((write) => [write.name, write.counter]));
      }
    });
  });
}
