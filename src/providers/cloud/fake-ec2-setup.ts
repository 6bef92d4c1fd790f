/** Test support for the EC2 provider: SDK clients mocked with aws-sdk-client-mock, and builders. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { ManualClock } from '../../clock/index.js';
import { createSilentLogger } from '../../observability/index.js';
import { CONTRACT_TEMPLATE_SPEC } from './cloud-provider.contract.js';
import type { LaunchRequest } from './cloud-provider.js';
import { Ec2CloudProvider, type Ec2CloudProviderOptions } from './ec2-cloud-provider.js';

export const CLIENT_TOKEN = 'lcm-uid-7-1';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
/** Clients built by `setup`, in order. */
export const clients: { destroy(): void }[] = [];
const stubs: { restore(): void }[] = [];
/** Call from `afterEach`: restores the mocks and destroys the clients. */
export function cleanupEc2Mocks(): void {
  for (const stub of stubs.splice(0)) stub.restore();
  for (const client of clients.splice(0)) client.destroy();
}

export interface Setup {
  clock: ManualClock;
  ec2: AwsClientStub<EC2Client>;
  cloudWatch: AwsClientStub<CloudWatchClient>;
  provider: Ec2CloudProvider;
}

export function setup(options: Partial<Ec2CloudProviderOptions> = {}): Setup {
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

export function aLaunch(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    template: { name: 'metal', spec: { ...CONTRACT_TEMPLATE_SPEC, instanceType: 'm5zn.metal' } },
    workerName: 'worker-7',
    clientToken: CLIENT_TOKEN,
    ...overrides,
  };
}

export const launched = {
  Instances: [{ InstanceId: 'i-0abc12345678def01', State: { Name: 'pending' as const, Code: 0 } }],
};
