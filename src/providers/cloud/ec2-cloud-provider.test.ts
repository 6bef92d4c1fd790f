/** The EC2 provider (SDK mocked): the cloud contract, launches and error mapping. */
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CONTRACT_TEMPLATE_SPEC,
  describeCloudProviderContract,
} from './cloud-provider.contract.js';
import { FakeEc2Api, ec2Error } from './fake-ec2-api.js';
import { aLaunch, cleanupEc2Mocks, launched, setup } from './fake-ec2-setup.js';

beforeAll(() => {
  vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
  return () => vi.unstubAllEnvs();
});
afterEach(cleanupEc2Mocks);

describeCloudProviderContract('Ec2CloudProvider (aws-sdk-client-mock)', {
  async create() {
    const { clock, ec2, cloudWatch, provider } = setup();
    new FakeEc2Api({ clock, ec2, cloudWatch });
    return { provider, advance: (ms) => clock.advance(ms) };
  },
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
