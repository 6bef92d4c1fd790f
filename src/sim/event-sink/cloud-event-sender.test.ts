/** CloudEventSender against a real loopback sink: modes, retries on the clock, ordering, drops. */
import { CloudEvent } from 'cloudevents';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { CloudEventSender, type CloudEventMode } from './cloud-event-sender.js';
import { waitFor } from '../../../test/support/wait-for.js';
import { RecordingSink } from '../../../test/support/recording-sink.js';

function anEvent(type: string, data: unknown = { lds_session_id: 'l1' }): CloudEvent<unknown> {
  return new CloudEvent<unknown>({ type, source: 'http://sim.test', data });
}

describe('CloudEventSender', () => {
  let clock: ManualClock;
  let sink: RecordingSink;
  let sender: CloudEventSender;

  function newSender(mode: CloudEventMode = 'structured'): CloudEventSender {
    return new CloudEventSender({ sinkUrl: sink.url, clock, logger: createSilentLogger(), mode });
  }

  beforeEach(async () => {
    clock = new ManualClock();
    sink = new RecordingSink();
    await sink.start();
    sender = newSender();
  });
  afterEach(async () => {
    await sender.close();
    await sink.close();
  });

  it.each(['structured', 'binary'] as const)('delivers an event in %s mode', async (mode) => {
    await sender.close();
    sender = newSender(mode);
    sender.send(anEvent('lds.session.started'));
    const [event] = await sink.waitForEvents(1);
    expect(event).toMatchObject({ type: 'lds.session.started', data: { lds_session_id: 'l1' } });
    expect(sink.requests[0]?.mode).toBe(mode);
  });

  it('retries a 503 after the backoff passes on the clock', async () => {
    sink.failNext(503);
    sender.send(anEvent('lds.session.started'));
    await waitFor(() => sink.requests.length === 1 && clock.pendingTimers() === 1);
    expect(sink.events).toHaveLength(0);
    await clock.advance(500);
    await sink.waitForEvents(1);
    await waitFor(() => sender.stats.pending === 0);
    expect(sender.stats).toMatchObject({ delivered: 1, failedAttempts: 1, dropped: 0 });
  });

  it('keeps the order of one key while an earlier event is being retried', async () => {
    sink.failNext(500);
    sender.send(anEvent('lds.session.started'), 'l1');
    sender.send(anEvent('lds.session.user-finished'), 'l1');
    await waitFor(() => clock.pendingTimers() === 1);
    await clock.advance(500);
    const events = await sink.waitForEvents(2);
    expect(events.map((event) => event.type)).toEqual([
      'lds.session.started',
      'lds.session.user-finished',
    ]);
  });

  it('drops an event the sink rejects with a 4xx instead of retrying it', async () => {
    sink.failNext(400);
    sender.send(anEvent('lds.session.started'));
    await waitFor(() => sender.stats.dropped === 1);
    expect(clock.pendingTimers()).toBe(0);
    expect(sink.requests).toHaveLength(1);
  });

  it('gives up after maxAttempts failed deliveries', async () => {
    await sender.close();
    sender = new CloudEventSender({
      sinkUrl: sink.url,
      clock,
      logger: createSilentLogger(),
      maxAttempts: 2,
    });
    sink.failNext(503, 503);
    sender.send(anEvent('lds.session.started'));
    await waitFor(() => clock.pendingTimers() === 1);
    await clock.advance(500);
    await waitFor(() => sender.stats.dropped === 1);
    expect(sink.requests).toHaveLength(2);
  });
});
