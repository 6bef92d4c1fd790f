/**
 * The CloudProvider behaviour suite: one set of tests every implementation passes — the simulator
 * (src/sim/cloud-sim) and Ec2CloudProvider over an EC2 emulated with aws-sdk-client-mock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerTemplateSpec } from '../../resources/kinds/worker-template.js';
import { CLOUD_TAG_KEYS, type CloudProvider, type LaunchRequest } from './cloud-provider.js';

export interface CloudProviderHarness {
  provider: CloudProvider;
  /** Moves the provider's clock (and whatever emulates the cloud) forward. */
  advance: (ms: number) => Promise<void>;
}

export interface CloudProviderContractOptions {
  /** A fresh provider for region `us-east-1`, no faults, default timings; closed by the suite. */
  create(): Promise<CloudProviderHarness>;
  /** Time after which every automatic transition (pending, stopping, shutting-down) is done. @default 120_000 */
  settleMs?: number;
}

/** The template every contract launch uses: image by id, region us-east-1. */
export const CONTRACT_TEMPLATE_SPEC: WorkerTemplateSpec = {
  provider: 'aws',
  region: 'us-east-1',
  instanceType: 'm5.2xlarge',
  image: { amiId: 'ami-0123456789abcdef0' },
  capacity: { cpu: 8, memoryMiB: 32768, storageGiB: 100, nodes: 15 },
  licenseType: 'enterprise',
  ports: { from: 2000, to: 9999 },
  costPerHour: 0.384,
  startupSeconds: 1200,
  drainTimeoutSeconds: 14400,
  enabled: true,
};

function aLaunch(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    template: { name: 'medium', spec: CONTRACT_TEMPLATE_SPEC },
    workerName: 'worker-a',
    clientToken: 'lcm-uid-a-1',
    tags: { team: 'labs' },
    ...overrides,
  };
}

const NEVER_LAUNCHED = 'i-0123456789abcdef0';

export function describeCloudProviderContract(
  name: string,
  options: CloudProviderContractOptions,
): void {
  const settleMs = options.settleMs ?? 120_000;

  describe(`CloudProvider contract: ${name}`, () => {
    const open: CloudProvider[] = [];
    async function create(): Promise<CloudProviderHarness> {
      const harness = await options.create();
      open.push(harness.provider);
      return harness;
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((provider) => provider.close()));
    });

    it('launches a pending instance with the template image, type and LCM tags', async () => {
      const { provider } = await create();
      const instance = await provider.launch(aLaunch());
      expect(instance.id).toMatch(/^i-[0-9a-f]{8,17}$/);
      expect(instance.state).toBe('pending');
      expect(instance.amiId).toBe('ami-0123456789abcdef0');
      expect(instance.instanceType).toBe('m5.2xlarge');
      expect(instance.tags).toMatchObject({
        [CLOUD_TAG_KEYS.name]: 'worker-a',
        [CLOUD_TAG_KEYS.managedBy]: 'lcm',
        [CLOUD_TAG_KEYS.worker]: 'worker-a',
        [CLOUD_TAG_KEYS.template]: 'medium',
        team: 'labs',
      });
    });

    it('reaches running with a private and a public IP once the launch settles', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await advance(settleMs);
      const instance = await provider.describe(id);
      expect(instance.state).toBe('running');
      expect(instance.privateIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(instance.publicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    });

    it('returns the same instance when a launch is repeated with the same client token', async () => {
      const { provider, advance } = await create();
      const first = await provider.launch(aLaunch());
      await advance(settleMs);
      const again = await provider.launch(aLaunch());
      expect(again.id).toBe(first.id);
      expect(again.state).toBe('running');
      expect(await provider.listByTag(CLOUD_TAG_KEYS.worker, 'worker-a')).toHaveLength(1);
    });

    it('launches another instance for another client token', async () => {
      const { provider } = await create();
      const first = await provider.launch(aLaunch());
      const second = await provider.launch(aLaunch({ clientToken: 'lcm-uid-a-2' }));
      expect(second.id).not.toBe(first.id);
    });

    it('rejects a client token reused with different parameters as Conflict', async () => {
      const { provider } = await create();
      await provider.launch(aLaunch());
      const other = { ...CONTRACT_TEMPLATE_SPEC, instanceType: 'm5.4xlarge' };
      await expect(
        provider.launch(aLaunch({ template: { name: 'medium', spec: other } })),
      ).rejects.toMatchObject({ reason: 'Conflict' });
    });

    it('rejects a template for another region as Invalid without launching', async () => {
      const { provider } = await create();
      const spec = { ...CONTRACT_TEMPLATE_SPEC, region: 'eu-west-1' };
      await expect(
        provider.launch(aLaunch({ template: { name: 'medium', spec } })),
      ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'spec.region' } });
      expect(await provider.listByTag(CLOUD_TAG_KEYS.worker, 'worker-a')).toEqual([]);
    });

    it('rejects a tag with the reserved aws: prefix as Invalid naming the tag', async () => {
      const { provider } = await create();
      await expect(provider.launch(aLaunch({ tags: { 'aws:owner': 'x' } }))).rejects.toMatchObject({
        reason: 'Invalid',
        details: { field: 'tags.aws:owner' },
      });
    });

    it('stops a running instance through stopping to stopped and releases its public IP', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await advance(settleMs);
      expect(await provider.stop(id)).toEqual({
        instanceId: id,
        previousState: 'running',
        currentState: 'stopping',
      });
      await advance(settleMs);
      const stopped = await provider.describe(id);
      expect(stopped.state).toBe('stopped');
      expect(stopped.publicIp).toBeUndefined();
      expect(stopped.privateIp).toBeDefined();
    });

    it('starts a stopped instance through pending to running', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await advance(settleMs);
      await provider.stop(id);
      await advance(settleMs);
      expect(await provider.start(id)).toMatchObject({
        previousState: 'stopped',
        currentState: 'pending',
      });
      await advance(settleMs);
      expect((await provider.describe(id)).state).toBe('running');
    });

    it('treats start of a running and stop of a stopped instance as no-ops', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await advance(settleMs);
      expect(await provider.start(id)).toMatchObject({
        previousState: 'running',
        currentState: 'running',
      });
      await provider.stop(id);
      await advance(settleMs);
      expect(await provider.stop(id)).toMatchObject({
        previousState: 'stopped',
        currentState: 'stopped',
      });
    });

    it('refuses to stop a pending instance with Conflict', async () => {
      const { provider } = await create();
      const { id } = await provider.launch(aLaunch());
      await expect(provider.stop(id)).rejects.toMatchObject({ reason: 'Conflict' });
    });

    it('refuses to start a terminated instance with Conflict', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await provider.terminate(id);
      await advance(settleMs);
      await expect(provider.start(id)).rejects.toMatchObject({ reason: 'Conflict' });
    });

    it('terminates through shutting-down and accepts terminating again', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await advance(settleMs);
      expect(await provider.terminate(id)).toMatchObject({
        previousState: 'running',
        currentState: 'shutting-down',
      });
      await advance(settleMs);
      expect((await provider.describe(id)).state).toBe('terminated');
      expect(await provider.terminate(id)).toEqual({
        instanceId: id,
        previousState: 'terminated',
        currentState: 'terminated',
      });
    });

    it('reports NotFound for an instance that never existed', async () => {
      const { provider } = await create();
      await expect(provider.describe(NEVER_LAUNCHED)).rejects.toMatchObject({
        reason: 'NotFound',
      });
      await expect(provider.start(NEVER_LAUNCHED)).rejects.toMatchObject({ reason: 'NotFound' });
    });

    it('treats terminate of an unknown instance as already terminated', async () => {
      const { provider } = await create();
      expect(await provider.terminate(NEVER_LAUNCHED)).toMatchObject({
        currentState: 'terminated',
      });
    });

    it('rejects a malformed instance id as Invalid', async () => {
      const { provider } = await create();
      await expect(provider.describe('not-an-instance')).rejects.toMatchObject({
        reason: 'Invalid',
      });
    });

    it('lists exactly the instances carrying a tag, in launch order', async () => {
      const { provider, advance } = await create();
      const a = await provider.launch(aLaunch());
      await advance(1000);
      const b = await provider.launch(
        aLaunch({ workerName: 'worker-b', clientToken: 'lcm-uid-b-1', tags: { team: 'labs' } }),
      );
      await provider.launch(
        aLaunch({ workerName: 'worker-c', clientToken: 'lcm-uid-c-1', tags: { team: 'ops' } }),
      );
      const listed = await provider.listByTag('team', 'labs');
      expect(listed.map((instance) => instance.id)).toEqual([a.id, b.id]);
      expect(await provider.listByTag(CLOUD_TAG_KEYS.template, 'other')).toEqual([]);
    });

    it('reports CPU and network metrics for an instance that has run for a while', async () => {
      const { provider, advance } = await create();
      const { id } = await provider.launch(aLaunch());
      await advance(settleMs + 600_000);
      const metrics = await provider.metrics(id);
      expect(metrics.cpuPercent).toBeGreaterThanOrEqual(0);
      expect(metrics.cpuPercent).toBeLessThanOrEqual(100);
      expect(metrics.networkInBytes).toBeGreaterThanOrEqual(0);
      expect(metrics.networkOutBytes).toBeGreaterThanOrEqual(0);
      expect(metrics.sampledAt).toBeInstanceOf(Date);
    });

    it('rejects calls after close with Unavailable', async () => {
      const { provider } = await create();
      await provider.close();
      await expect(provider.launch(aLaunch())).rejects.toMatchObject({ reason: 'Unavailable' });
      await expect(provider.describe(NEVER_LAUNCHED)).rejects.toMatchObject({
        reason: 'Unavailable',
      });
    });

    it('reports no metric values for an unknown instance', async () => {
      const { provider } = await create();
      const metrics = await provider.metrics(NEVER_LAUNCHED);
      expect(metrics.cpuPercent).toBeUndefined();
      expect(metrics.sampledAt).toBeUndefined();
    });
  });
}
