/** The work queue: dedupe, concurrency, backoff, delays and draining shutdown. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/index.js';
import { ExponentialRateLimiter } from './rate-limiter.js';
import { WorkQueue } from './work-queue.js';
import { waitFor } from '../../test/support/wait-for.js';

/** Takes every ready key without blocking. */
async function drainReady(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.depth > 0) {
    const key = (await queue.get()) as string;
    keys.push(key);
    queue.done(key);
  }
  return keys;
}

describe('WorkQueue', () => {
  it('does not queue a key twice while it waits', async () => {
    const queue = new WorkQueue({ clock: new ManualClock() });
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.depth).toBe(2);
    expect(await drainReady(queue)).toEqual(['a', 'b']);
  });

  it('queues a key added during its processing again only after it is done', async () => {
    const queue = new WorkQueue({ clock: new ManualClock(), maxInFlight: 2 });
    queue.add('a');
    const first = await queue.get();
    queue.add('a');
    queue.add('a');
    expect(queue.depth).toBe(0); // not handed to a second worker while in flight
    queue.done(first as string);
    expect(queue.depth).toBe(1);
    expect(await queue.get()).toBe('a');
  });

  it('never hands one key to two workers at once, with many workers and racing adds', async () => {
    const queue = new WorkQueue({ clock: new ManualClock(), maxInFlight: 8 });
    const active = new Set<string>();
    let overlaps = 0;
    let processed = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        const key = await queue.get();
        if (key === undefined) return;
        if (active.has(key)) overlaps++;
        active.add(key);
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (processed++ % 3 === 0) queue.add(key); // a change arrives while it is processed
        active.delete(key);
        queue.done(key);
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    for (let i = 0; i < 2000; i++) {
      queue.add(`k${i % 10}`);
      if (i % 7 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await queue.whenIdle();
    await queue.shutdown();
    await Promise.all(workers);
    expect(overlaps).toBe(0);
    expect(processed).toBeGreaterThanOrEqual(10);
  });

  it('hands out at most maxInFlight keys at a time', async () => {
    const queue = new WorkQueue({ clock: new ManualClock(), maxInFlight: 2 });
    for (const key of ['a', 'b', 'c']) queue.add(key);
    const taken = [await queue.get(), await queue.get()];
    let third: string | undefined;
    void queue.get().then((key) => (third = key));
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(third).toBeUndefined();
    expect(queue.inFlight).toBe(2);
    queue.done(taken[0] as string);
    await waitFor(() => third === 'c');
    queue.done(taken[1] as string);
    queue.done('c');
    await queue.shutdown();
  });

  it('backs a failing key off 1 s, 2 s, 4 s … up to 5 min on the clock, and forget resets it', async () => {
    const clock = new ManualClock();
    const queue = new WorkQueue({ clock });
    const delays: number[] = [];
    for (let failure = 0; failure < 11; failure++) {
      const delayMs = queue.addRateLimited('a');
      delays.push(delayMs);
      await clock.advance(delayMs - 1);
      expect(queue.depth, `ready before ${delayMs} ms passed`).toBe(0);
      await clock.advance(1);
      expect(await drainReady(queue)).toEqual(['a']);
    }
    expect(delays.map((ms) => ms / 1000)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);
    expect(queue.retries('a')).toBe(11);
    queue.forget('a');
    expect(queue.retries('a')).toBe(0);
    expect(queue.addRateLimited('a')).toBe(1000);
    await queue.shutdown();
  });

  it('keeps backoff per key', () => {
    const limiter = new ExponentialRateLimiter();
    expect([limiter.when('a'), limiter.when('a'), limiter.when('b')]).toEqual([1000, 2000, 1000]);
  });

  it('queues a key after addAfter’s delay and keeps the earliest of two delays', async () => {
    const clock = new ManualClock();
    const queue = new WorkQueue({ clock });
    queue.addAfter('a', 5000);
    queue.addAfter('a', 2000);
    queue.addAfter('a', 9000);
    expect(queue.delayed).toBe(1);
    await clock.advance(1999);
    expect(queue.depth).toBe(0);
    await clock.advance(1);
    expect(await drainReady(queue)).toEqual(['a']);
    await clock.advance(10_000);
    expect(queue.depth).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops taking work on shutdown and resolves once in-flight work is done', async () => {
    const clock = new ManualClock();
    const queue = new WorkQueue({ clock, maxInFlight: 2 });
    queue.add('busy');
    queue.add('waiting');
    queue.addAfter('later', 1000);
    const busy = (await queue.get()) as string;
    const idleGet = queue.get(); // takes 'waiting'
    const waiting = (await idleGet) as string;
    queue.done(waiting);

    let drained = false;
    const shutdown = queue.shutdown().then(() => (drained = true));
    queue.add('new');
    expect(queue.depth).toBe(0);
    expect(await queue.get()).toBeUndefined();
    expect(clock.pendingTimers()).toBe(0);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(drained).toBe(false); // 'busy' is still in flight
    queue.done(busy);
    await shutdown;
    expect(drained).toBe(true);
  });
});
