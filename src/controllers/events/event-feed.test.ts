import { afterEach, describe, expect, it } from 'vitest';
import {
  EventFeedWorld,
  FEED_SOURCE,
  type RunningFeed,
} from '../../../test/support/event-feed-world.js';
import { RecordingSink } from '../../../test/support/recording-sink.js';
import type { Registry } from '../../observability/index.js';
import type { SecretSource } from '../workers/secret-source.js';
import { createEventFeed } from './event-feed.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function aWorld(config: ConstructorParameters<typeof EventFeedWorld>[0] = {}): EventFeedWorld {
  const world = new EventFeedWorld(config);
  cleanups.push(() => world.close());
  return world;
}

async function aSink(): Promise<RecordingSink> {
  const sink = new RecordingSink();
  await sink.start();
  cleanups.push(() => sink.close());
  return sink;
}

async function started(feed: Promise<RunningFeed>): Promise<RunningFeed> {
  const running = await feed;
  cleanups.push(() => running.stop());
  return running;
}

/** A definition, a session scheduled, a scale-up worker: six events in log order. */
async function aBusyMinute(world: EventFeedWorld): Promise<void> {
  await world.anActiveDefinition();
  await world.aSession('s1');
  await world.move('LabletSession', 's1', 'Scheduled');
  await world.aScaleUpWorker('w1');
}

const BUSY_MINUTE_TYPES = [
  'ccm.lablet.definition.created',
  'ccm.lablet.definition.activated',
  'ccm.lablet.session.pending',
  'ccm.lablet.session.scheduled',
  'ccm.worker.scaled.up',
  'ccm.worker.pending',
];

const typesOf = (sink: RecordingSink) => sink.events.map((event) => event.type);
const idsOf = (sink: RecordingSink) => sink.events.map((event) => event.id);

async function metricValue(metrics: Registry, name: string, labels: Record<string, string>) {
  const metric = await metrics.getSingleMetric(name)?.get();
  return metric?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted),
  )?.value;
}

describe('event feed', () => {
  it('delivers session, definition and worker events in log order as structured CloudEvents', async () => {
    const world = aWorld();
    const sink = await aSink();
    await started(world.startFeed([{ name: 'audit', url: sink.url }]));
    await aBusyMinute(world);
    await sink.waitForEvents(6);
    expect(typesOf(sink)).toEqual(BUSY_MINUTE_TYPES);
    expect(sink.accepted.every(({ mode }) => mode === 'structured')).toBe(true);
    const revisions = sink.events.map((event) => Number(event.lcmrevision));
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    const [, , pending, scheduled, scaledUp] = sink.events;
    expect(scheduled).toMatchObject({
      source: FEED_SOURCE,
      subject: 'default/s1',
      specversion: '1.0',
      data: { name: 's1', phase: 'Scheduled', previousPhase: 'Pending', owner: 'student-1' },
    });
    expect(pending?.id).not.toBe(scheduled?.id);
    expect(scaledUp).toMatchObject({
      subject: 'w1',
      data: { region: 'sim-1', demand: ['default/s1'] },
    });
  });

  it('retries a failing sink with backoff until it recovers, with no gap and no reordering', async () => {
    const world = aWorld();
    const sink = await aSink();
    const feed = await started(world.startFeed([{ name: 'audit', url: sink.url }]));
    sink.failNext(503, 503, 500);
    await aBusyMinute(world);
    await world.advanceUntil(() => sink.events.length >= 6, 'six events after recovery');
    expect(typesOf(sink)).toEqual(BUSY_MINUTE_TYPES);
    expect(new Set(idsOf(sink)).size).toBe(6);
    expect(sink.requests).toHaveLength(9);
    expect(
      sink.requests.slice(0, 3).every((request) => request.event?.type === BUSY_MINUTE_TYPES[0]),
    ).toBe(true);
    expect(
      await metricValue(feed.metrics, 'lcm_event_delivery_failures_total', {
        sink: 'audit',
        result: 'retry',
      }),
    ).toBe(3);
  });

  it('resumes from its stored cursor after a restart without sending acknowledged events again', async () => {
    const world = aWorld();
    const sink = await aSink();
    const first = await world.startFeed([{ name: 'audit', url: sink.url }]);
    await world.anActiveDefinition();
    await world.aSession('s1');
    await world.aSession('s2');
    await world.acknowledged(first, 4);
    await first.stop();
    expect(await world.cursorOf('audit')).toBeGreaterThan(0);
    // While the feed is down: one phase change, one new session, one write that changes no phase.
    await world.move('LabletSession', 's1', 'Scheduled');
    await world.aSession('s3');
    await world.touch('s2');
    await started(world.startFeed([{ name: 'audit', url: sink.url }]));
    await world.touch('s1');
    await world.move('LabletSession', 's2', 'Scheduled');
    await sink.waitForEvents(7);
    expect(sink.events.map((event) => `${event.subject} ${event.type}`)).toEqual([
      'default/ccna-1 ccm.lablet.definition.created',
      'default/ccna-1 ccm.lablet.definition.activated',
      'default/s1 ccm.lablet.session.pending',
      'default/s2 ccm.lablet.session.pending',
      'default/s1 ccm.lablet.session.scheduled',
      'default/s3 ccm.lablet.session.pending',
      'default/s2 ccm.lablet.session.scheduled',
    ]);
  });

  it('drops an event the sink refuses for good, and goes on with the next', async () => {
    const world = aWorld();
    const sink = await aSink();
    const feed = await started(world.startFeed([{ name: 'audit', url: sink.url }]));
    sink.failNext(400);
    await aBusyMinute(world);
    await sink.waitForEvents(5);
    expect(typesOf(sink)).toEqual(BUSY_MINUTE_TYPES.slice(1));
    const refused = { sink: 'audit', result: 'rejected' };
    expect(await metricValue(feed.metrics, 'lcm_event_delivery_failures_total', refused)).toBe(1);
  });

  it('delivers to a sink only the types it asks for', async () => {
    const world = aWorld();
    const workers = await aSink();
    const sessions = await aSink();
    await started(
      world.startFeed([
        { name: 'workers', url: workers.url, types: ['ccm.worker'] },
        { name: 'sessions', url: sessions.url, types: ['ccm.lablet.session.scheduled'] },
      ]),
    );
    await aBusyMinute(world);
    await world.move('Worker', 'w1', 'Provisioning');
    await workers.waitForEvents(3);
    await sessions.waitForEvents(1);
    expect(typesOf(workers)).toEqual([
      'ccm.worker.scaled.up',
      'ccm.worker.pending',
      'ccm.worker.provisioning',
    ]);
    expect(typesOf(sessions)).toEqual(['ccm.lablet.session.scheduled']);
  });

  it('keeps delivering to a healthy sink while another is failing, and catches the other up later', async () => {
    const world = aWorld();
    const down = await aSink();
    const up = await aSink();
    const feed = await started(
      world.startFeed([
        { name: 'down', url: down.url },
        { name: 'up', url: up.url },
      ]),
    );
    down.failNext(503, 503);
    await aBusyMinute(world);
    // The clock stands still, so the failing sink waits in its backoff the whole time.
    await up.waitForEvents(6);
    expect(down.events).toEqual([]);
    const lagDown = await metricValue(feed.metrics, 'lcm_event_sink_lag_revisions', {
      sink: 'down',
    });
    const lagUp = await metricValue(feed.metrics, 'lcm_event_sink_lag_revisions', { sink: 'up' });
    expect(lagDown).toBeGreaterThan(lagUp ?? Infinity);
    await world.advanceUntil(() => down.events.length >= 6, 'the failing sink to catch up');
    expect(typesOf(down)).toEqual(BUSY_MINUTE_TYPES);
    expect(idsOf(down)).toEqual(idsOf(up));
  });

  it('announces a gap when the log was compacted past a sink cursor, then continues', async () => {
    const world = aWorld({ eventRetentionMaxEvents: 2 });
    const sink = await aSink();
    const first = await world.startFeed([{ name: 'audit', url: sink.url }]);
    await world.anActiveDefinition();
    await world.acknowledged(first, 2);
    await first.stop();
    const cursor = (await world.cursorOf('audit')) ?? 0;
    for (const name of ['s1', 's2', 's3', 's4', 's5']) await world.aSession(name);
    await world.store.compact();
    const feed = await started(world.startFeed([{ name: 'audit', url: sink.url }]));
    await sink.waitForEvents(5);
    const [gap, ...after] = sink.events.slice(2);
    expect(gap).toMatchObject({ type: 'ccm.feed.gap', subject: 'audit' });
    const range = gap?.data as { fromRevision: number; toRevision: number };
    expect(range.fromRevision).toBe(cursor + 1);
    expect(after.map((event) => event.subject)).toEqual(['default/s4', 'default/s5']);
    expect(range.toRevision).toBe(Number(after[0]?.lcmrevision) - 1);
    expect(await metricValue(feed.metrics, 'lcm_event_feed_gaps_total', { sink: 'audit' })).toBe(1);
  });

  it('sends the bearer token of a sink with a tokenSecret', async () => {
    const world = aWorld();
    const sink = await aSink();
    const secrets: SecretSource = {
      read: async (name) => (name === 'audit-token' ? 'tok-123' : Promise.reject(new Error(name))),
    };
    await started(
      world.startFeed([{ name: 'audit', url: sink.url, tokenSecret: 'audit-token' }], secrets),
    );
    await world.anActiveDefinition();
    await sink.waitForEvents(2);
    expect(sink.requests.map((request) => request.headers.authorization)).toEqual([
      'Bearer tok-123',
      'Bearer tok-123',
    ]);
  });

  it('refuses two sinks of one name and a tokenSecret without secrets, naming the field', () => {
    const world = aWorld();
    const build = (sinks: { name: string; url: string; tokenSecret?: string }[]) => () =>
      createEventFeed({
        client: world.client,
        clock: world.clock,
        logger: undefined as never,
        metrics: undefined as never,
        events: { sinks, maxRetrySeconds: 8 },
        source: FEED_SOURCE,
      });
    const url = 'http://127.0.0.1:9/';
    expect(
      build([
        { name: 'a', url },
        { name: 'a', url },
      ]),
    ).toThrow(
      expect.objectContaining({ reason: 'Invalid', details: { field: 'events.sinks.1.name' } }),
    );
    expect(build([{ name: 'a', url, tokenSecret: 't' }])).toThrow(
      expect.objectContaining({
        reason: 'Invalid',
        details: { field: 'events.sinks.0.tokenSecret' },
      }),
    );
  });
});
