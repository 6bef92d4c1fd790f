/** The EC2 provider (SDK mocked): retries, listing, metrics and lifecycle. */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSilentLogger } from '../../observability/index.js';
import {} from './cloud-provider.contract.js';
import { Ec2CloudProvider } from './ec2-cloud-provider.js';
import { ec2Error } from './fake-ec2-api.js';
import { CLIENT_TOKEN, aLaunch, cleanupEc2Mocks, clients, setup } from './fake-ec2-setup.js';

beforeAll(() => {
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  return () => vi.unstubAllEnvs();
});
afterEach(cleanupEc2Mocks);

describe('Ec2CloudProvider retries', () => {
  const running = (instanceType: string, worker: string) => ({
    Reservations: [
      {
        Instances: [
          {
            InstanceId: 'i-0abc12345678def01',
            InstanceType: instanceType as _InstanceType,
            ImageId: 'ami-00000000000000290',
            LaunchTime: new Date('2026-01-01T00:00:00Z'),
            State: { Name: 'running' as const, Code: 16 },
            Tags: [{ Key: 'lcm:worker', Value: worker }],
          },
        ],
      },
    ],
  });

  it('returns the instance a client token already launched, even if the image pattern now resolves elsewhere', async () => {
    const { ec2, provider } = setup();
    ec2
      .on(DescribeInstancesCommand, { Filters: [{ Name: 'client-token', Values: [CLIENT_TOKEN] }] })
      .resolves(running(aLaunch().template.spec.instanceType, aLaunch().workerName));
    const instance = await provider.launch(aLaunch());
    expect(instance.id).toBe('i-0abc12345678def01');
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
    expect(ec2.commandCalls(DescribeImagesCommand)).toHaveLength(0);
  });

  it('refuses a client token that launched a different instance type as Conflict', async () => {
    const { ec2, provider } = setup();
    ec2
      .on(DescribeInstancesCommand, { Filters: [{ Name: 'client-token', Values: [CLIENT_TOKEN] }] })
      .resolves(running('m5.24xlarge', aLaunch().workerName));
    await expect(provider.launch(aLaunch())).rejects.toMatchObject({ reason: 'Conflict' });
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });

  it('does not call a freshly launched instance terminated when EC2 does not list it yet', async () => {
    const { clock, ec2, provider } = setup();
    ec2.on(TerminateInstancesCommand).rejects(ec2Error('InvalidInstanceID.NotFound'));
    const launchedAt = clock.now();
    await clock.advance(60_000);
    await expect(provider.terminate('i-0abc12345678def01', { launchedAt })).rejects.toMatchObject({
      reason: 'Unavailable',
      details: { retryable: true },
    });
    await clock.advance(10 * 60_000);
    await expect(provider.terminate('i-0abc12345678def01', { launchedAt })).resolves.toMatchObject({
      currentState: 'terminated',
    });
    await expect(provider.terminate('i-0abc12345678def01')).resolves.toMatchObject({
      currentState: 'terminated',
    });
  });
});

describe('Ec2CloudProvider listing and metrics', () => {
  it('follows NextToken until every page of a tag query is read', async () => {
    const { ec2, provider } = setup();
    const instance = (id: string, at: string) => ({
      InstanceId: id,
      State: { Name: 'running' as const, Code: 16 },
      LaunchTime: new Date(at),
    });
    ec2
      .on(DescribeInstancesCommand)
      .resolvesOnce({
        Reservations: [{ Instances: [instance('i-0000000000000000b', '2026-01-02T00:00:00Z')] }],
        NextToken: 'p2',
      })
      .resolvesOnce({
        Reservations: [{ Instances: [instance('i-0000000000000000a', '2026-01-01T00:00:00Z')] }],
      });
    const listed = await provider.listByTag('lcm:managed-by', 'lcm');
    expect(listed.map((i) => i.id)).toEqual(['i-0000000000000000a', 'i-0000000000000000b']);
    const calls = ec2.commandCalls(DescribeInstancesCommand);
    expect(calls[0]?.args[0].input.Filters).toEqual([
      { Name: 'tag:lcm:managed-by', Values: ['lcm'] },
    ]);
    expect(calls[1]?.args[0].input.NextToken).toBe('p2');
  });

  it('asks CloudWatch for CPU, NetworkIn and NetworkOut and keeps the newest datapoint of each', async () => {
    const { clock, cloudWatch, provider } = setup();
    const t1 = new Date(clock.nowMs() - 600_000);
    const t2 = new Date(clock.nowMs() - 300_000);
    cloudWatch.on(GetMetricDataCommand).resolves({
      MetricDataResults: [
        { Id: 'cpu', StatusCode: 'Complete', Timestamps: [t1, t2], Values: [80, 35.5] },
        { Id: 'netin', StatusCode: 'Complete', Timestamps: [t2, t1], Values: [1200, 900] },
        { Id: 'netout', StatusCode: 'Complete', Timestamps: [], Values: [] },
      ],
    });
    expect(await provider.metrics('i-0abc12345678def01')).toEqual({
      cpuPercent: 35.5,
      networkInBytes: 1200,
      periodSeconds: 300,
      sampledAt: t2,
    });
    const input = cloudWatch.commandCalls(GetMetricDataCommand)[0]?.args[0].input;
    expect(input?.EndTime).toEqual(clock.now());
    expect(
      input?.MetricDataQueries?.map((q) => [
        q.Id,
        q.MetricStat?.Metric?.MetricName,
        q.MetricStat?.Stat,
      ]),
    ).toEqual([
      ['cpu', 'CPUUtilization', 'Average'],
      ['netin', 'NetworkIn', 'Sum'],
      ['netout', 'NetworkOut', 'Sum'],
    ]);
    expect(input?.MetricDataQueries?.[0]?.MetricStat?.Metric).toMatchObject({
      Namespace: 'AWS/EC2',
      Dimensions: [{ Name: 'InstanceId', Value: 'i-0abc12345678def01' }],
    });
  });

  it('maps CloudWatch throttling to a retryable Unavailable', async () => {
    const { cloudWatch, provider } = setup();
    cloudWatch.on(GetMetricDataCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'Throttling',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    await expect(provider.metrics('i-0abc12345678def01')).rejects.toMatchObject({
      reason: 'Unavailable',
      details: { service: 'CloudWatch', retryable: true },
    });
  });
});

describe('Ec2CloudProvider lifecycle', () => {
  it('destroys the clients it built on close and leaves injected ones usable', async () => {
    const destroyed = vi.spyOn(EC2Client.prototype, 'destroy');
    const own = new Ec2CloudProvider({ region: 'us-east-1', logger: createSilentLogger() });
    await own.close();
    await own.close();
    expect(destroyed).toHaveBeenCalledTimes(1);
    destroyed.mockClear();
    const { provider, ec2 } = setup();
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await provider.close();
    const client = clients[0] as EC2Client;
    await expect(client.send(new DescribeInstancesCommand({}))).resolves.toEqual({
      Reservations: [],
    });
    expect(destroyed).not.toHaveBeenCalled();
    destroyed.mockRestore();
  });
});
