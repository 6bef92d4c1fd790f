/**
 * The shared event tail: one log read per commit for any number of watches, the same answers as
 * reading the log, and the log itself for watches behind the tail or of kinds it does not hold.
 */
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../log-watch.js';
import { EventTail } from './event-tail.js';
import type { EventsBatch, EventsQuery } from './sql/read-events.js';

/** An event log in memory with the semantics of `readEvents`, counting the reads. */
class FakeLog {
  events: LogEvent[] = [];
  compacted = 0;
  reads: EventsQuery[] = [];

  append(kind: string, name: string, namespace?: string): void {
    const revision = (this.events.at(-1)?.revision ?? 0) + 1;
    this.events.push({
      type: 'ADDED',
      revision,
      object: {
        apiVersion: 'lcm/v1',
        kind,
        metadata: { name, ...(namespace ? { namespace } : {}), resourceVersion: `${revision}` },
        spec: {},
      },
    });
  }

  get head(): number {
    return this.events.at(-1)?.revision ?? 0;
  }

  read = (query: EventsQuery): Promise<EventsBatch> => {
    this.reads.push(query);
    const events = this.events
      .filter((e) => e.revision > query.sinceRevision && query.kinds.includes(e.object.kind))
      .filter((e) => !query.namespace || e.object.metadata.namespace === query.namespace)
      .slice(0, query.limit);
    return Promise.resolve({
      events: structuredClone(events),
      headRevision: this.head,
      compactedRevision: this.compacted,
    });
  };
}

const names = (batch: EventsBatch) => batch.events.map((e) => e.object.metadata.name);

function aTail(log: FakeLog, maxEvents = 100) {
  return new EventTail({ read: log.read, kinds: () => ['Worker', 'LabletSession'], maxEvents });
}

describe('EventTail', () => {
  it('reads the log once per commit, however many watches read after it', async () => {
    const log = new FakeLog();
    const tail = aTail(log);
    await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    log.append('Worker', 'w1');
    log.append('LabletSession', 's1', 'default');
    tail.markStale();
    const readsBefore = log.reads.length;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        tail.read({ kinds: [i % 2 ? 'Worker' : 'LabletSession'], sinceRevision: 0, limit: 10 }),
      ),
    );
    expect(log.reads.length - readsBefore).toBe(1);
    expect(names(answers[0] as EventsBatch)).toEqual(['s1']);
    expect(names(answers[1] as EventsBatch)).toEqual(['w1']);
    expect(answers[1]?.headRevision).toBe(2);
  });

  it('answers as the log does: kinds, namespace, after the revision, up to the limit', async () => {
    const log = new FakeLog();
    const tail = aTail(log);
    await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 1 });
    for (let i = 0; i < 6; i++) log.append('LabletSession', `s${i}`, i % 2 ? 'a' : 'b');
    log.append('Worker', 'w1');
    tail.markStale();
    const queries: EventsQuery[] = [
      { kinds: ['LabletSession'], namespace: 'a', sinceRevision: 0, limit: 10 },
      { kinds: ['LabletSession', 'Worker'], sinceRevision: 3, limit: 2 },
      { kinds: ['Worker'], sinceRevision: 7, limit: 10 },
    ];
    for (const query of queries) {
      const fromTail = await tail.read(query);
      const fromLog = await log.read(query);
      expect(names(fromTail)).toEqual(names(fromLog));
    }
  });

  it('sends a watch behind the tail, or of a kind it does not hold, to the log', async () => {
    const log = new FakeLog();
    log.append('Worker', 'w0');
    const tail = aTail(log, 3);
    await tail.read({ kinds: ['Worker'], sinceRevision: 1, limit: 10 });
    for (let i = 1; i <= 5; i++) log.append('Worker', `w${i}`);
    log.append('AuditRecord', 'a1');
    tail.markStale();
    const behind = await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    expect(names(behind)).toEqual(['w0', 'w1', 'w2', 'w3', 'w4', 'w5']);
    expect(log.reads.at(-1)?.sinceRevision).toBe(0);
    const audit = await tail.read({ kinds: ['AuditRecord'], sinceRevision: 1, limit: 10 });
    expect(names(audit)).toEqual(['a1']);
  });

  it('sees a commit that happened while a refresh was already running', async () => {
    const log = new FakeLog();
    const tail = aTail(log);
    await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    log.append('Worker', 'w1');
    tail.markStale();
    const first = tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    // The second commit lands after the first refresh began.
    log.append('Worker', 'w2');
    tail.markStale();
    const second = tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    expect(names(await first)).toContain('w1');
    expect(names(await second)).toEqual(['w1', 'w2']);
  });

  it('gives each reader its own copy of an event', async () => {
    const log = new FakeLog();
    const tail = aTail(log);
    await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    log.append('Worker', 'w1');
    tail.markStale();
    const one = await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    (one.events[0] as LogEvent).object.metadata.name = 'changed';
    const other = await tail.read({ kinds: ['Worker'], sinceRevision: 0, limit: 10 });
    expect(names(other)).toEqual(['w1']);
  });
});
