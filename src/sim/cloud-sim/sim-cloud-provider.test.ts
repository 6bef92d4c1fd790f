/** The cloud simulator: the cloud contract, timings, faults and limits. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { describeCloudProviderContract } from '../../providers/cloud/cloud-provider.contract.js';
import { CONTRACT_TEMPLATE_SPEC } from '../../providers/cloud/cloud-provider.contract.js';
import type { LaunchRequest } from '../../providers/cloud/cloud-provider.js';
import { FaultInjector } from '../faults.js';
import { SimCloudProvider, type SimCloudProviderOptions } from './sim-cloud-provider.js';

describeCloudProviderContract('SimCloudProvider', {
  async create() {
    const clock = new ManualClock();
    const provider = new SimCloudProvider({ clock, region: 'us-east-1' });
    return { provider, advance: (ms) => clock.advance(ms) };
  },
});

function aLaunch(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    template: { name: 'medium', spec: CONTRACT_TEMPLATE_SPEC },
    workerName: 'worker-a',
    clientToken: 'token-a',
    ...overrides,
  };
}

const open: SimCloudProvider[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((provider) => provider.close()));
});

function setup(options: Partial<SimCloudProviderOptions> = {}) {
  const clock = new ManualClock();
  const faults = new FaultInjector({}, () => 0.5);
  const provider = new SimCloudProvider({ clock, faults, ...options });
  open.push(provider);
  return { clock, faults, provider };
}

/** Tracks whether a promise has settled, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false, error: undefined as unknown };
  promise.then(
    () => (state.settled = true),
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

describe('SimCloudProvider timings', () => {
  it('scales the pending, stopping and shutting-down durations by timeScale', async () => {
    const { clock, provider } = setup({ timeScale: 0.01 });
    const { id } = await provider.launch(aLaunch());
    await clock.advance(599);
    expect((await provider.describe(id)).state).toBe('pending');
    await clock.advance(1);
    expect((await provider.describe(id)).state).toBe('running');
    await provider.stop(id);
    await clock.advance(299);
    expect((await provider.describe(id)).state).toBe('stopping');
    await clock.advance(1);
    expect((await provider.describe(id)).state).toBe('stopped');
    await provider.terminate(id);
    await clock.advance(300);
    expect((await provider.describe(id)).state).toBe('terminated');
  });

  it('takes 60 s to run, 30 s to stop and 30 s to terminate at timeScale 1', async () => {
    const { clock, provider } = setup();
    const { id } = await provider.launch(aLaunch());
    await clock.advance(59_999);
    expect((await provider.describe(id)).state).toBe('pending');
    await clock.advance(1);
    expect((await provider.describe(id)).state).toBe('running');
    await provider.stop(id);
    await clock.advance(30_000);
    expect((await provider.describe(id)).state).toBe('stopped');
    await provider.terminate(id);
    await clock.advance(30_000);
    expect((await provider.describe(id)).state).toBe('terminated');
  });

  it('forgets a terminated instance after an hour, after which describe is NotFound', async () => {
    const { clock, provider } = setup();
    const { id } = await provider.launch(aLaunch());
    await provider.terminate(id);
    await clock.advance(30_000 + 3_599_999);
    expect((await provider.describe(id)).state).toBe('terminated');
    await clock.advance(1);
    await expect(provider.describe(id)).rejects.toMatchObject({ reason: 'NotFound' });
    expect(await provider.listByTag('lcm:worker', 'worker-a')).toEqual([]);
  });

  it('mixes idSeed into instance ids so a restarted simulator hands out new ids', async () => {
    const before = await setup().provider.launch(aLaunch());
    const after = await setup({ idSeed: 1_767_225_600_000 }).provider.launch(aLaunch());
    expect(before.id).toBe('i-0a000000000000001');
    expect(after.id).toMatch(/^i-[0-9a-f]{17}$/);
    expect(after.id).not.toBe(before.id);
  });

  it('keeps the private IP across a restart but assigns a new public IP', async () => {
    const { clock, provider } = setup();
    const first = await provider.launch(aLaunch());
    const second = await provider.launch(aLaunch({ clientToken: 'token-b' }));
    expect(first.privateIp).toBe('10.0.0.4');
    expect(second.privateIp).toBe('10.0.0.5');
    await clock.advance(60_000);
    await provider.stop(first.id);
    await clock.advance(30_000);
    await provider.start(first.id);
    const restarted = await provider.describe(first.id);
    expect(restarted.privateIp).toBe(first.privateIp);
    expect(restarted.publicIp).toBeDefined();
    expect(restarted.publicIp).not.toBe(first.publicIp);
    expect(restarted.launchTime.getTime()).toBe(clock.nowMs());
  });
});

describe('SimCloudProvider images, limits and metrics', () => {
  it('resolves amiNamePattern to the newest matching image of its catalogue', async () => {
    const { provider } = setup();
    const spec = { ...CONTRACT_TEMPLATE_SPEC, image: { amiNamePattern: 'CML-2.9*' } };
    const instance = await provider.launch(aLaunch({ template: { name: 'medium', spec } }));
    expect(instance.amiId).toBe('ami-0c2a9e0000000291a');
    const none = { ...CONTRACT_TEMPLATE_SPEC, image: { amiNamePattern: 'CML-3.*' } };
    await expect(
      provider.launch(aLaunch({ template: { name: 'x', spec: none }, clientToken: 'other' })),
    ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'spec.image.amiNamePattern' } });
  });

  it('refuses a launch beyond maxInstances with a retryable Unavailable naming the quota', async () => {
    const { provider } = setup({ maxInstances: 1 });
    await provider.launch(aLaunch());
    const error = await provider
      .launch(aLaunch({ clientToken: 'token-b' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: 'Unavailable',
      details: { code: 'InstanceLimitExceeded', retryable: true },
    });
    expect(String(error)).toContain('Service Quotas');
  });

  it('reports metrics a test sets, and model metrics after the first CloudWatch period', async () => {
    const { clock, provider } = setup();
    const { id } = await provider.launch(aLaunch());
    await clock.advance(60_000 + 299_999);
    expect((await provider.metrics(id)).cpuPercent).toBeUndefined();
    await clock.advance(1);
    expect((await provider.metrics(id)).cpuPercent).toBe(60);
    await clock.advance(600_000);
    expect((await provider.metrics(id)).cpuPercent).toBe(4);
    provider.setMetrics(id, { cpuPercent: 97, networkInBytes: 1, networkOutBytes: 2 });
    expect(await provider.metrics(id)).toMatchObject({ cpuPercent: 97, networkOutBytes: 2 });
  });
});

describe('SimCloudProvider fault injection', () => {
  it('fails every call with a retryable Unavailable when the error rate is 1', async () => {
    const { faults, provider } = setup();
    faults.configure({ errorRate: 1, errorStatus: 503 });
    await expect(provider.launch(aLaunch())).rejects.toMatchObject({
      reason: 'Unavailable',
      details: { retryable: true },
    });
    faults.reset();
    expect(await provider.listByTag('lcm:worker', 'worker-a')).toEqual([]);
  });

  it('fails only the targeted operation and instance, as often as asked, with the given code', async () => {
    const { clock, faults, provider } = setup();
    const { id } = await provider.launch(aLaunch());
    await clock.advance(60_000);
    await provider.stop(id);
    await clock.advance(30_000);
    faults.failNext({
      method: 'StartInstances',
      path: id,
      status: 500,
      body: { code: 'InsufficientInstanceCapacity' },
    });
    const error = await provider.start(id).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'Unavailable', details: { retryable: true } });
    expect(String(error)).toContain('no spare capacity for m5.2xlarge');
    expect((await provider.describe(id)).state).toBe('stopped');
    expect((await provider.start(id)).currentState).toBe('pending');
  });

  it('can fail a launch after applying it, and a retry with the same token returns that instance', async () => {
    const { faults, provider } = setup();
    faults.failNext({ method: 'RunInstances', status: 503, body: { applied: true } });
    await expect(provider.launch(aLaunch())).rejects.toMatchObject({ reason: 'Unavailable' });
    const retried = await provider.launch(aLaunch());
    expect(await provider.listByTag('lcm:worker', 'worker-a')).toEqual([retried]);
  });

  it('keeps a hung call pending until the call timeout, then rejects it as Unavailable', async () => {
    const { clock, faults, provider } = setup({ callTimeoutMs: 10_000 });
    faults.configure({ hang: true });
    const call = track(provider.describe('i-0123456789abcdef0'));
    await clock.advance(9_999);
    expect(call.settled).toBe(false);
    await clock.advance(1);
    expect(call.error).toMatchObject({ reason: 'Unavailable', details: { retryable: true } });
  });

  it('ends a hung call with the abort reason when its signal aborts', async () => {
    const { faults, provider } = setup();
    faults.configure({ hang: true });
    const controller = new AbortController();
    const call = provider.listByTag('team', 'labs', { signal: controller.signal });
    controller.abort(new Error('reconcile cancelled'));
    await expect(call).rejects.toThrow('reconcile cancelled');
  });

  it('rejects hung calls when it closes, and every call after that', async () => {
    const { faults, provider } = setup();
    faults.configure({ hang: true });
    const call = provider.launch(aLaunch());
    await provider.close();
    await expect(call).rejects.toMatchObject({ reason: 'Unavailable' });
    await expect(provider.describe('i-0123456789abcdef0')).rejects.toMatchObject({
      reason: 'Unavailable',
    });
  });

  it('answers only after the injected latency has passed on the clock', async () => {
    const { clock, faults, provider } = setup();
    faults.configure({ latencyMs: 2_000 });
    const call = track(provider.launch(aLaunch()));
    await clock.advance(1_999);
    expect(call.settled).toBe(false);
    await clock.advance(1);
    expect(call).toMatchObject({ settled: true, error: undefined });
  });
});
