/** The manager: leader-only runnables run only while leading. */
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../observability/index.js';
import { API_VERSION, type AnyResource } from '../resources/index.js';
import { Manager, type ManagerLeaderElection, type Runnable } from './manager.js';
import { FaultyClient } from '../../test/support/faulty-client.js';
import { createMemoryWorld } from '../../test/support/memory-world.js';
import { waitFor } from '../../test/support/wait-for.js';

/** Runs until aborted; records whether it is running and how often it started. */
class TestRunnable implements Runnable {
  running = false;
  starts = 0;
  readonly needsLeaderElection: boolean;
  constructor(needsLeaderElection: boolean) {
    this.needsLeaderElection = needsLeaderElection;
  }
  async start(signal: AbortSignal): Promise<void> {
    this.running = true;
    this.starts++;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    this.running = false;
  }
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

function setup() {
  const { clock, store, local } = createMemoryWorld();
  stops.push(() => store.close());
  const manager = (identity: string, election: Partial<ManagerLeaderElection> | null = {}) => {
    const client = new FaultyClient(local);
    const created = new Manager({
      client,
      clock,
      logger: createSilentLogger(),
      ...(election ? { leaderElection: { leaseName: 'lcm', identity, ...election } } : {}),
    });
    const always = new TestRunnable(false);
    const leaderOnly = new TestRunnable(true);
    created.add(always);
    created.add(leaderOnly);
    const abort = new AbortController();
    const start = () => {
      const running = created.start(abort.signal);
      const stop = async () => {
        abort.abort();
        await running;
      };
      stops.push(stop);
      return stop;
    };
    return { manager: created, client, always, leaderOnly, start };
  };
  return { clock, local, manager };
}

describe('Manager', () => {
  it('starts other runnables at once and leader-only ones only once it leads', async () => {
    const { clock, local, manager } = setup();
    const renewTime = clock.now().toISOString();
    const held: AnyResource = {
      apiVersion: API_VERSION,
      kind: 'Lease',
      metadata: { name: 'lcm' },
      spec: {
        holderIdentity: 'someone-else',
        leaseDurationSeconds: 15,
        renewTime,
        leaseTransitions: 0,
      },
    };
    await local.create(held);
    const m = manager('m1');
    m.start();
    await waitFor(() => m.always.running);
    await clock.advance(14_000);
    expect(m.leaderOnly.running).toBe(false);
    expect(m.manager.isLeader()).toBe(false);
    await clock.advance(2_000); // the other holder's lease expired at 15 s
    await waitFor(() => m.leaderOnly.running);
    expect(m.manager.isLeader()).toBe(true);
  });

  it('stops leader-only runnables when the lease is lost and starts them again when regained', async () => {
    const { clock, manager } = setup();
    const m = manager('m1');
    m.start();
    await waitFor(() => m.leaderOnly.running && m.always.running);
    m.client.failWrites = true;
    await clock.advance(10_000);
    await waitFor(() => !m.leaderOnly.running);
    expect(m.always.running).toBe(true);
    m.client.failWrites = false;
    await clock.advance(2_000);
    await waitFor(() => m.leaderOnly.running);
    expect(m.leaderOnly.starts).toBe(2);
    expect(m.always.starts).toBe(1);
  });

  it('runs leader-only runnables in exactly one of two managers', async () => {
    const { clock, manager } = setup();
    const first = manager('m1');
    const second = manager('m2');
    first.start();
    second.start();
    await waitFor(() => first.leaderOnly.running || second.leaderOnly.running);
    for (let i = 0; i < 100; i++) {
      await clock.advance(500);
      expect(Number(first.leaderOnly.running) + Number(second.leaderOnly.running)).toBe(1);
    }
    expect(first.always.running && second.always.running).toBe(true);
  });

  it('stops every runnable before releasing the lease, when its signal aborts', async () => {
    const { local, manager } = setup();
    const m = manager('m1');
    let holderWhileStopping: unknown;
    m.manager.add({
      needsLeaderElection: true,
      start: async (signal) => {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        holderWhileStopping = (await local.get('Lease', 'lcm')).spec.holderIdentity;
      },
    });
    const stop = m.start();
    await waitFor(() => m.leaderOnly.running);
    await stop();
    expect(holderWhileStopping).toBe('m1');
    expect((await local.get('Lease', 'lcm')).spec.holderIdentity).toBeUndefined();
    expect([m.always.running, m.leaderOnly.running, m.manager.isLeader()]).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('runs leader-only runnables at once when no leader election is configured', async () => {
    const { manager } = setup();
    const m = manager('single', null);
    m.start();
    await waitFor(() => m.leaderOnly.running && m.always.running);
    expect(m.manager.isLeader()).toBe(true);
  });
});
