import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StartInstancesCommand,
  TerminateInstancesCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { createSilentLogger } from '../../observability/index.js';
import {
  CONTRACT_TEMPLATE_SPEC,
  describeCloudProviderContract,
} from './cloud-provider.contract.js';
import type { LaunchRequest } from './cloud-provider.js';
import { Ec2CloudProvider, type Ec2CloudProviderOptions } from './ec2-cloud-provider.js';
import { FakeEc2Api, ec2Error } from './fake-ec2-api.js';

beforeAll(() => {
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  return () => vi.unstubAllEnvs();
});

const CLIENT_TOKEN = 'lcm-uid-7-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const clients: { destroy(): void }[] = [];
const stubs: { restore(): void }[] = [];
afterEach(() => {
  for (const stub of stubs.splice(0)) stub.restore();
  for (const client of clients.splice(0)) client.destroy();
});

interface Setup {
  clock: ManualClock;
  ec2: AwsClientStub<EC2Client>;
  cloudWatch: AwsClientStub<CloudWatchClient>;
  provider: Ec2CloudProvider;
}

function setup(options: Partial<Ec2CloudProviderOptions> = {}): Setup {
  const clock = new ManualClock();
  const ec2Client = new EC2Client({ region: 'us-east-1', credentials, maxAttempts: 1 });
  const cloudWatchClient = new CloudWatchClient({
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
  });
  clients.push(ec2Client, cloudWatchClient);
  const ec2 = mockClient(ec2Client);
  const cloudWatch = mockClient(cloudWatchClient);
  stubs.push(ec2, cloudWatch);
  // Every launch first asks whether its client token already launched an instance: by default no.
  ec2
    .on(DescribeInstancesCommand, { Filters: [{ Name: 'client-token', Values: [CLIENT_TOKEN] }] })
    .resolves({ Reservations: [] });
  const provider = new Ec2CloudProvider({
    region: 'us-east-1',
    ec2Client,
    cloudWatchClient,
    clock,
    logger: createSilentLogger(),
    ...options,
  });
  return { clock, ec2, cloudWatch, provider };
}

describeCloudProviderContract('Ec2CloudProvider (aws-sdk-client-mock)', {
  async create() {
    const { clock, ec2, cloudWatch, provider } = setup();
    new FakeEc2Api({ clock, ec2, cloudWatch });
    return { provider, advance: (ms) => clock.advance(ms) };
  },
});

function aLaunch(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    template: { name: 'metal', spec: { ...CONTRACT_TEMPLATE_SPEC, instanceType: 'm5zn.metal' } },
    workerName: 'worker-7',
    clientToken: CLIENT_TOKEN,
    ...overrides,
  };
}

const launched = {
  Instances: [{ InstanceId: 'i-0abc12345678def01', State: { Name: 'pending' as const, Code: 0 } }],
};

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

describe('Ec2CloudProvider launch', () => {
  it('launches from the newest image matching amiNamePattern by CreationDate', async () => {
    const { ec2, provider } = setup({ imageOwners: ['123456789012'] });
    ec2.on(DescribeImagesCommand).resolves({
      Images: [
        {
          ImageId: 'ami-00000000000000290',
          Name: 'CML-2.9.0',
          CreationDate: '2025-07-01T09:00:00.000Z',
        },
        {
          ImageId: 'ami-00000000000000291',
          Name: 'CML-2.9.1',
          CreationDate: '2025-10-20T09:00:00.000Z',
        },
        {
          ImageId: 'ami-00000000000000289',
          Name: 'CML-2.9.0rc',
          CreationDate: '2025-05-01T09:00:00.000Z',
        },
      ],
    });
    ec2.on(RunInstancesCommand).resolves(launched);
    const spec = { ...CONTRACT_TEMPLATE_SPEC, image: { amiNamePattern: 'CML-2.9*' } };
    await provider.launch(aLaunch({ template: { name: 'medium', spec } }));
    expect(ec2.commandCalls(DescribeImagesCommand)[0]?.args[0].input).toMatchObject({
      Owners: ['123456789012'],
      Filters: [
        { Name: 'name', Values: ['CML-2.9*'] },
        { Name: 'state', Values: ['available'] },
      ],
    });
    expect(ec2.commandCalls(RunInstancesCommand)[0]?.args[0].input.ImageId).toBe(
      'ami-00000000000000291',
    );
  });

  it('rejects a pattern that matches no image as Invalid naming the field, without launching', async () => {
    const { ec2, provider } = setup();
    ec2.on(DescribeImagesCommand).resolves({ Images: [] });
    const spec = { ...CONTRACT_TEMPLATE_SPEC, image: { amiNamePattern: 'CML-9*' } };
    await expect(
      provider.launch(aLaunch({ template: { name: 'medium', spec } })),
    ).rejects.toMatchObject({ reason: 'Invalid', details: { field: 'spec.image.amiNamePattern' } });
    expect(ec2.commandCalls(RunInstancesCommand)).toHaveLength(0);
  });

  it('sends the image, type, network config, key, client token and tags in RunInstances', async () => {
    const { ec2, provider } = setup({
      subnetId: 'subnet-0a1b',
      securityGroupIds: ['sg-0c2d'],
      keyName: 'lcm-ops',
      defaultTags: { 'lcm:managed-by': 'lcm-prod', costCenter: 'labs' },
    });
    ec2.on(RunInstancesCommand).resolves(launched);
    await provider.launch(aLaunch({ tags: { reservation: 'r-1' } }));
    const input = ec2.commandCalls(RunInstancesCommand)[0]?.args[0].input;
    const tags = [
      { Key: 'Name', Value: 'worker-7' },
      { Key: 'lcm:managed-by', Value: 'lcm-prod' },
      { Key: 'costCenter', Value: 'labs' },
      { Key: 'reservation', Value: 'r-1' },
      { Key: 'lcm:worker', Value: 'worker-7' },
      { Key: 'lcm:template', Value: 'metal' },
    ];
    expect(input).toEqual({
      ImageId: 'ami-0123456789abcdef0',
      InstanceType: 'm5zn.metal',
      MinCount: 1,
      MaxCount: 1,
      ClientToken: 'lcm-uid-7-1',
      SubnetId: 'subnet-0a1b',
      SecurityGroupIds: ['sg-0c2d'],
      KeyName: 'lcm-ops',
      TagSpecifications: [
        { ResourceType: 'instance', Tags: tags },
        { ResourceType: 'volume', Tags: tags },
      ],
    });
  });
});

describe('Ec2CloudProvider error mapping', () => {
  it('maps RequestLimitExceeded to a retryable Unavailable that says the call was throttled', async () => {
    const { ec2, provider } = setup();
    ec2
      .on(RunInstancesCommand)
      .rejects(ec2Error('RequestLimitExceeded', 'Request limit exceeded.', 503));
    const error = await provider.launch(aLaunch()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      reason: 'Unavailable',
      details: { code: 'RequestLimitExceeded', retryable: true, operation: 'RunInstances' },
    });
    expect(String(error)).toMatch(/throttled.*us-east-1/);
  });

  it('maps InsufficientInstanceCapacity to a retryable Unavailable naming type, region and a way out', async () => {
    const { ec2, provider } = setup();
    ec2
      .on(RunInstancesCommand)
      .rejects(
        ec2Error(
          'InsufficientInstanceCapacity',
          'We currently do not have sufficient m5zn.metal capacity',
          500,
        ),
      );
    const error = await provider.launch(aLaunch()).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'Unavailable', details: { retryable: true } });
    expect(String(error)).toContain('no spare capacity for m5zn.metal in us-east-1');
    expect(String(error)).toContain('another instance type');
  });

  it('maps InstanceLimitExceeded to a retryable Unavailable pointing at Service Quotas', async () => {
    const { ec2, provider } = setup();
    ec2.on(RunInstancesCommand).rejects(ec2Error('InstanceLimitExceeded'));
    const error = await provider.launch(aLaunch()).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'Unavailable', details: { retryable: true } });
    expect(String(error)).toContain('Service Quotas');
  });

  it('maps InvalidAMIID.NotFound and InvalidParameterValue to Invalid', async () => {
    const { ec2, provider } = setup();
    ec2
      .on(RunInstancesCommand)
      .rejectsOnce(ec2Error('InvalidAMIID.NotFound'))
      .rejectsOnce(ec2Error('InvalidParameterValue'));
    await expect(provider.launch(aLaunch())).rejects.toMatchObject({
      reason: 'Invalid',
      details: { field: 'spec.image', retryable: false },
    });
    await expect(provider.launch(aLaunch())).rejects.toMatchObject({ reason: 'Invalid' });
  });

  it('maps InvalidInstanceID.NotFound to NotFound and an empty answer to NotFound too', async () => {
    const { ec2, provider } = setup();
    ec2.on(StartInstancesCommand).rejects(ec2Error('InvalidInstanceID.NotFound'));
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    await expect(provider.start('i-0abc12345678def01')).rejects.toMatchObject({
      reason: 'NotFound',
    });
    await expect(provider.describe('i-0abc12345678def01')).rejects.toMatchObject({
      reason: 'NotFound',
      details: { instanceId: 'i-0abc12345678def01' },
    });
  });

  it('maps a server fault and a network error to a retryable Unavailable', async () => {
    const { ec2, provider } = setup();
    ec2
      .on(DescribeInstancesCommand)
      .rejectsOnce(ec2Error('InternalError', 'boom', 500))
      .rejectsOnce(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    for (let i = 0; i < 2; i++)
      await expect(provider.describe('i-0abc12345678def01')).rejects.toMatchObject({
        reason: 'Unavailable',
        details: { retryable: true },
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
