/**
 * Test support: programs aws-sdk-client-mock stubs to behave like EC2 and CloudWatch (state
 * timings on a Clock, client tokens, EC2 error codes), so the contract suite runs Ec2CloudProvider.
 */
import type { CloudWatchClient, GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  DescribeInstancesCommand,
  EC2ServiceException,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type DescribeInstancesCommandInput,
  type EC2Client,
  type Instance,
  type InstanceStateName,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Clock } from '../../clock/index.js';

export interface FakeEc2ApiOptions {
  clock: Clock;
  ec2: AwsClientStub<EC2Client>;
  cloudWatch: AwsClientStub<CloudWatchClient>;
  /** @default 60_000 */
  pendingMs?: number;
  /** stopping and shutting-down. @default 30_000 */
  stoppingMs?: number;
  /** DescribeInstances page size when filtering. @default 1000 */
  pageSize?: number;
}

interface FakeInstance {
  id: string;
  token: string;
  fingerprint: string;
  input: RunInstancesCommandInput;
  state: InstanceStateName;
  sinceMs: number;
  launchMs: number;
  privateIp: string;
  publicIp: string | undefined;
}

const CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};
const NEXT: Partial<Record<InstanceStateName, InstanceStateName>> = {
  pending: 'running',
  stopping: 'stopped',
  'shutting-down': 'terminated',
};

const PAST = { start: 'started', stop: 'stopped', terminate: 'terminated' } as const;

/** An EC2 error as the SDK throws it: `name` is the EC2 error code. */
export function ec2Error(code: string, message = code, status = 400): EC2ServiceException {
  return new EC2ServiceException({
    name: code,
    message,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
  });
}

export class FakeEc2Api {
  readonly #options: FakeEc2ApiOptions;
  readonly #instances: FakeInstance[] = [];
  /** CPU % CloudWatch reports for running instances. */
  cpuPercent = 12.5;

  constructor(options: FakeEc2ApiOptions) {
    this.#options = options;
    const { ec2, cloudWatch } = options;
    ec2.on(RunInstancesCommand).callsFake((input: RunInstancesCommandInput) => this.#run(input));
    ec2
      .on(DescribeInstancesCommand)
      .callsFake((input: DescribeInstancesCommandInput) => this.#describe(input));
    ec2.on(StartInstancesCommand).callsFake((input: { InstanceIds: string[] }) => ({
      StartingInstances: [this.#change(input.InstanceIds, 'start')],
    }));
    ec2.on(StopInstancesCommand).callsFake((input: { InstanceIds: string[] }) => ({
      StoppingInstances: [this.#change(input.InstanceIds, 'stop')],
    }));
    ec2.on(TerminateInstancesCommand).callsFake((input: { InstanceIds: string[] }) => ({
      TerminatingInstances: [this.#change(input.InstanceIds, 'terminate')],
    }));
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => this.#metrics(input));
  }

  #run(input: RunInstancesCommandInput) {
    const token = input.ClientToken ?? '';
    const fingerprint = JSON.stringify([
      input.ImageId,
      input.InstanceType,
      input.TagSpecifications,
    ]);
    const existing = this.#instances.find((instance) => token && instance.token === token);
    if (existing && existing.fingerprint !== fingerprint)
      throw ec2Error('IdempotentParameterMismatch', 'token reused with other parameters');
    if (existing) return { Instances: [this.#toEc2(existing)] };
    const n = this.#instances.length + 1;
    const now = this.#options.clock.nowMs();
    const instance: FakeInstance = {
      id: `i-0f${n.toString(16).padStart(15, '0')}`,
      token,
      fingerprint,
      input,
      state: 'pending',
      sinceMs: now,
      launchMs: now,
      privateIp: `172.31.0.${n}`,
      publicIp: undefined,
    };
    this.#instances.push(instance);
    return { Instances: [this.#toEc2(instance)] };
  }

  #describe(input: DescribeInstancesCommandInput) {
    let found: FakeInstance[];
    if (input.InstanceIds) {
      found = input.InstanceIds.map((id) => this.#find(id));
    } else {
      const filter = input.Filters?.[0];
      const key = filter?.Name?.replace(/^tag:/, '') ?? '';
      found =
        filter?.Name === 'client-token'
          ? this.#instances.filter((instance) => filter.Values?.includes(instance.token))
          : this.#instances.filter(
              (instance) =>
                !this.#purged(instance) &&
                this.#tags(instance).some(
                  (tag) => tag.Key === key && filter?.Values?.includes(tag.Value ?? ''),
                ),
            );
    }
    const start = Number(input.NextToken ?? 0);
    const size = this.#options.pageSize ?? 1000;
    const page = found.slice(start, start + size);
    return {
      Reservations: page.map((instance) => ({ Instances: [this.#toEc2(instance)] })),
      ...(start + size < found.length ? { NextToken: String(start + size) } : {}),
    };
  }

  #change(ids: string[], verb: 'start' | 'stop' | 'terminate') {
    const id = ids[0] ?? '';
    const instance = this.#find(id);
    const previous = this.#refresh(instance);
    let next: InstanceStateName | undefined;
    if (verb === 'start')
      next =
        previous === 'stopped'
          ? 'pending'
          : ['pending', 'running'].includes(previous)
            ? previous
            : undefined;
    else if (verb === 'stop')
      next =
        previous === 'running'
          ? 'stopping'
          : ['stopping', 'stopped'].includes(previous)
            ? previous
            : undefined;
    else next = ['shutting-down', 'terminated'].includes(previous) ? previous : 'shutting-down';
    if (!next)
      throw ec2Error(
        'IncorrectInstanceState',
        `The instance '${id}' is not in a state from which it can be ${PAST[verb]}.`,
      );
    if (next !== previous) this.#enter(instance, next, this.#options.clock.nowMs());
    return {
      InstanceId: id,
      PreviousState: { Name: previous, Code: CODES[previous] },
      CurrentState: { Name: instance.state, Code: CODES[instance.state] },
    };
  }

  #metrics(input: GetMetricDataCommandInput) {
    return {
      MetricDataResults: (input.MetricDataQueries ?? []).map((query) => {
        const id = query.MetricStat?.Metric?.Dimensions?.[0]?.Value ?? '';
        const instance = this.#instances.find((candidate) => candidate.id === id);
        const running = instance !== undefined && this.#refresh(instance) === 'running';
        const value = query.Id === 'cpu' ? this.cpuPercent : 1_000_000;
        return {
          Id: query.Id,
          StatusCode: 'Complete',
          Timestamps: running ? [new Date(this.#options.clock.nowMs() - 300_000)] : [],
          Values: running ? [value] : [],
        };
      }),
    };
  }

  #find(id: string): FakeInstance {
    if (!/^i-[0-9a-f]{8,17}$/.test(id))
      throw ec2Error('InvalidInstanceID.Malformed', `Invalid id: "${id}"`);
    const instance = this.#instances.find((candidate) => candidate.id === id);
    if (!instance || this.#purged(instance))
      throw ec2Error('InvalidInstanceID.NotFound', `The instance ID '${id}' does not exist`);
    return instance;
  }

  #refresh(instance: FakeInstance): InstanceStateName {
    for (;;) {
      const next = NEXT[instance.state];
      const durationMs =
        instance.state === 'pending'
          ? (this.#options.pendingMs ?? 60_000)
          : (this.#options.stoppingMs ?? 30_000);
      if (!next || instance.sinceMs + durationMs > this.#options.clock.nowMs())
        return instance.state;
      this.#enter(instance, next, instance.sinceMs + durationMs);
    }
  }

  #enter(instance: FakeInstance, state: InstanceStateName, atMs: number): void {
    instance.state = state;
    instance.sinceMs = atMs;
    if (state === 'pending') instance.launchMs = atMs;
    if (state === 'running') instance.publicIp = `54.0.0.${this.#instances.indexOf(instance) + 1}`;
    if (state === 'stopped' || state === 'terminated') instance.publicIp = undefined;
  }

  #purged(instance: FakeInstance): boolean {
    return (
      this.#refresh(instance) === 'terminated' &&
      this.#options.clock.nowMs() > instance.sinceMs + 3_600_000
    );
  }

  #tags(instance: FakeInstance) {
    return (
      instance.input.TagSpecifications?.find((spec) => spec.ResourceType === 'instance')?.Tags ?? []
    );
  }

  #toEc2(instance: FakeInstance): Instance {
    const state = this.#refresh(instance);
    return {
      InstanceId: instance.id,
      ImageId: instance.input.ImageId,
      InstanceType: instance.input.InstanceType,
      State: { Name: state, Code: CODES[state] },
      LaunchTime: new Date(instance.launchMs),
      ...(state === 'terminated' ? {} : { PrivateIpAddress: instance.privateIp }),
      ...(instance.publicIp ? { PublicIpAddress: instance.publicIp } : {}),
      Tags: this.#tags(instance),
    };
  }
}
