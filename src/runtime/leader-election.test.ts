/** Leader election on the manual clock: one leader at a time, handover, stepping down. */
import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../observability/index.js';
import { type LeaseSpec } from '../resources/kinds/lease.js';
import { LeaderElector } from './leader-election.js';
import { FaultyClient } from '../../test/support/faulty-client.js';
import { createMemoryWorld } from '../../test/support/memory-world.js';
import { waitFor } from '../../test/support/wait-for.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
});

interface Candidate {
  elector: LeaderElector;
  client: FaultyClient;
  /** [start, stop) of each leadership term, in clock ms. */
  terms: { startMs: number; stopMs?: number; signal: AbortSignal }[];
  stop: () => Promise<void>;
}

function setup() {
  const { clock, store, local } = createMemoryWorld();
  stops.push(() => store.close());
  const candidate = (identity: string): Candidate => {
    const client = new FaultyClient(local);
    const terms: Candidate['terms'] = [];
    const elector = new LeaderElector({
      client,
      clock,
      logger: createSilentLogger(),
      leaseName: 'widgets-controller',
      identity,
      onStartedLeading: (signal) => terms.push({ startMs: clock.nowMs(), signal }),
      onStoppedLeading: () => {
        const term = terms[terms.length - 1];
        if (term) term.stopMs = clock.nowMs();
      },
    });
    const abort = new AbortController();
    const running = elector.run(abort.signal);
    const stop = async () => {
      abort.abort();
      await running;
    };
    stops.push(stop);
    return { elector, client, terms, stop };
  };
  const leaseSpec = async () =>
    (await store.get('Lease', 'widgets-controller')).spec as unknown as LeaseSpec;
  /** Advances in small steps, asserting after each that at most one candidate leads. */
  const stepThrough = async (totalMs: number, candidates: readonly Candidate[], stepMs = 100) => {
    for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) {
      await clock.advance(stepMs);
      const leaders = candidates.filter((c) => c.elector.isLeader());
      expect(leaders.length, `leaders at ${clock.nowMs()}`).toBeLessThanOrEqual(1);
    }
  };
  return { clock, store, candidate, leaseSpec, stepThrough };
}

/** True when no two terms of different candidates overlap in time. */
function termsOverlap(a: Candidate, b: Candidate): boolean {
  return a.terms.some((x) =>
    b.terms.some((y) => x.startMs < (y.stopMs ?? Infinity) && y.startMs < (x.stopMs ?? Infinity)),
  );
}

describe('LeaderElector', () => {
  it('lets exactly one of two candidates that start together lead', async () => {
    const { candidate, stepThrough } = setup();
    const a = candidate('a');
    const b = candidate('b');
    await waitFor(() => a.elector.isLeader() || b.elector.isLeader());
    await stepThrough(60_000, [a, b]);
    expect([a, b].filter((c) => c.elector.isLeader())).toHaveLength(1);
    expect(a.terms.length + b.terms.length).toBe(1);
  });

  it('hands over only after the lease expires when the leader stops renewing, never with two leaders', async () => {
    const { clock, candidate, leaseSpec, stepThrough } = setup();
    const a = candidate('a');
    await waitFor(() => a.elector.isLeader());
    const b = candidate('b');
    await stepThrough(5_000, [a, b]);

    a.client.failWrites = true; // "killed": a keeps running but can no longer renew
    const lastRenewMs = Date.parse((await leaseSpec()).renewTime as string);
    await stepThrough(30_000, [a, b]);

    expect(a.elector.isLeader()).toBe(false);
    expect(b.elector.isLeader()).toBe(true);
    expect(a.terms[0]?.stopMs).toBe(lastRenewMs + 10_000);
    expect(b.terms[0]?.startMs).toBeGreaterThanOrEqual(lastRenewMs + 15_000);
    expect(termsOverlap(a, b)).toBe(false);
    expect((await leaseSpec()).holderIdentity).toBe('b');
    expect((await leaseSpec()).leaseTransitions).toBe(1);
    expect(clock.nowMs()).toBeGreaterThan(lastRenewMs + 15_000);
  });

  it('stops acting exactly when renewal has failed for 10 s', async () => {
    const { clock, candidate, leaseSpec } = setup();
    const a = candidate('a');
    await waitFor(() => a.elector.isLeader());
    await clock.advance(3_000);
    a.client.failWrites = true;
    const lastRenewMs = Date.parse((await leaseSpec()).renewTime as string);
    const signal = a.terms[0]?.signal as AbortSignal;

    await clock.advance(lastRenewMs + 9_999 - clock.nowMs());
    expect(a.elector.isLeader()).toBe(true);
    expect(signal.aborted).toBe(false);
    await clock.advance(1);
    expect(a.elector.isLeader()).toBe(false);
    expect(signal.aborted).toBe(true);
  });

  it('steps down at its next renewal, not at its deadline, when another holder took the lease', async () => {
    const { clock, store, candidate, leaseSpec } = setup();
    const a = candidate('a');
    await waitFor(() => a.elector.isLeader());
    // An operator deletes the Lease and another replica recreates it at once.
    const lease = await store.get('Lease', 'widgets-controller');
    await store.delete('Lease', 'widgets-controller');
    const now = clock.now().toISOString();
    await store.create({
      ...lease,
      metadata: { name: 'widgets-controller' },
      spec: { ...lease.spec, holderIdentity: 'b', acquireTime: now, renewTime: now },
    });
    await clock.advance(2_000);
    await waitFor(() => !a.elector.isLeader(), { description: 'a to step down' });
    expect(a.terms[0]?.signal.aborted).toBe(true);
    expect((await leaseSpec()).holderIdentity).toBe('b');
  });

  it('leads again after a failed renewal if nobody took the lease meanwhile', async () => {
    const { clock, candidate } = setup();
    const a = candidate('a');
    await waitFor(() => a.elector.isLeader());
    a.client.failWrites = true;
    await clock.advance(12_000);
    expect(a.elector.isLeader()).toBe(false);
    a.client.failWrites = false;
    await clock.advance(2_000);
    await waitFor(() => a.elector.isLeader());
    expect(a.terms).toHaveLength(2);
  });

  it('releases the lease on stop so a standby takes over at its next retry, not after expiry', async () => {
    const { clock, candidate, leaseSpec, stepThrough } = setup();
    const a = candidate('a');
    await waitFor(() => a.elector.isLeader());
    const b = candidate('b');
    await stepThrough(3_000, [a, b]);
    await a.stop();
    expect((await leaseSpec()).holderIdentity).toBeUndefined();
    const stoppedMs = clock.nowMs();
    await stepThrough(2_000, [a, b]);
    expect(b.elector.isLeader()).toBe(true);
    expect((b.terms[0]?.startMs ?? Infinity) - stoppedMs).toBeLessThanOrEqual(2_000);
  });

  it('rejects timings whose renew deadline is not shorter than the lease', () => {
    const { clock } = setup();
    const build = () =>
      new LeaderElector({
        client: {} as unknown as FaultyClient,
        clock,
        logger: createSilentLogger(),
        leaseName: 'x',
        identity: 'a',
        leaseDurationMs: 10_000,
        renewDeadlineMs: 10_000,
      });
    expect(build).toThrow(expect.objectContaining({ reason: 'Invalid' }) as Error);
  });
});
