/**
 * The real CloudProvider: AWS EC2 through `@aws-sdk/client-ec2` and CloudWatch metrics through
 * `@aws-sdk/client-cloudwatch`, every SDK failure mapped to an LcmError (map-aws-error.ts).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
  type Image,
  type Instance,
  type InstanceStateChange as Ec2StateChange,
  type InstanceState as Ec2InstanceState,
  type _InstanceType,
} from '@aws-sdk/client-ec2';
import { SystemClock, type Clock } from '../../clock/index.js';
import { InvalidError, UnavailableError, hasReason } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import {
  INSTANCE_STATES,
  NOT_YET_VISIBLE_MS,
  type CallOptions,
  type CloudInstance,
  type CloudProvider,
  type InstanceMetrics,
  type InstanceState,
  type InstanceStateChange,
  type LaunchRequest,
  type StopOptions,
  type TerminateOptions,
} from './cloud-provider.js';
import { fetchInstanceMetrics } from './fetch-instance-metrics.js';
import { mapAwsError, type AwsCallContext } from './map-aws-error.js';
import { assertSameLaunch, prepareLaunch } from './prepare-launch.js';

export interface Ec2CloudProviderOptions {
  /** The one region this provider serves; templates for other regions are rejected. */
  region: string;
  /** Subnet for new instances (also picks the availability zone). @default the default VPC's */
  subnetId?: string;
  /** Security groups for new instances. @default the VPC's default group */
  securityGroupIds?: string[];
  /** EC2 key pair for SSH. @default none */
  keyName?: string;
  /** Tags on every instance, e.g. `{ 'lcm:managed-by': 'lcm-prod' }`. @default {} */
  defaultTags?: Record<string, string>;
  /** Owners searched for `amiNamePattern` images. @default ['self'] */
  imageOwners?: string[];
  /** CloudWatch period: 300 (basic monitoring) or 60 (detailed). @default 300 */
  metricsPeriodSeconds?: number;
  /** SDK attempts per call, including retries of throttling and 5xx. @default 3 */
  maxAttempts?: number;
  /** Per-request socket timeout of the clients this provider builds. @default 30_000 */
  requestTimeoutMs?: number;
  /** Injected client (tests: wrap with aws-sdk-client-mock); not destroyed by `close()`. */
  ec2Client?: EC2Client;
  /** Injected client; not destroyed by `close()`. */
  cloudWatchClient?: CloudWatchClient;
  /** Used for the metrics window. @default SystemClock */
  clock?: Clock;
  logger: Logger;
}

export class Ec2CloudProvider implements CloudProvider {
  readonly #region: string;
  readonly #options: Ec2CloudProviderOptions;
  readonly #ec2: EC2Client;
  readonly #cloudWatch: CloudWatchClient;
  readonly #owned: { destroy(): void }[] = [];
  readonly #clock: Clock;
  readonly #logger: Logger;
  #closed = false;

  constructor(options: Ec2CloudProviderOptions) {
    this.#options = options;
    this.#region = options.region;
    this.#clock = options.clock ?? new SystemClock();
    this.#logger = options.logger.child({
      component: 'ec2-cloud-provider',
      region: options.region,
    });
    const clientConfig = {
      region: options.region,
      maxAttempts: options.maxAttempts ?? 3,
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 30_000 },
    };
    this.#ec2 = options.ec2Client ?? this.#own(new EC2Client(clientConfig));
    this.#cloudWatch = options.cloudWatchClient ?? this.#own(new CloudWatchClient(clientConfig));
  }

  async launch(request: LaunchRequest, options?: CallOptions): Promise<CloudInstance> {
    const { tags, clientToken } = prepareLaunch(request, {
      region: this.#region,
      ...(this.#options.defaultTags ? { defaultTags: this.#options.defaultTags } : {}),
    });
    const { spec } = request.template;
    // A retry after a timeout: the instance may exist already, launched with an image the
    // pattern no longer resolves to; EC2 would call the changed request a mismatch.
    const existing = await this.#findByClientToken(clientToken, options);
    if (existing) return assertSameLaunch(existing, request, clientToken);
    const imageId = await this.#resolveImage(request.template, options);
    const awsTags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    const context = { operation: 'RunInstances', instanceType: spec.instanceType };
    const output = await this.#call(context, options, (http) =>
      this.#ec2.send(
        new RunInstancesCommand({
          ImageId: imageId,
          // The SDK's union lags behind new instance types; EC2 validates the string itself.
          InstanceType: spec.instanceType as _InstanceType,
          MinCount: 1,
          MaxCount: 1,
          ClientToken: clientToken,
          SubnetId: this.#options.subnetId,
          SecurityGroupIds: this.#options.securityGroupIds,
          KeyName: this.#options.keyName,
          TagSpecifications: [
            { ResourceType: 'instance', Tags: awsTags },
            { ResourceType: 'volume', Tags: awsTags },
          ],
        }),
        http,
      ),
    );
    const instance = output.Instances?.[0];
    if (!instance?.InstanceId)
      throw new UnavailableError(`EC2 RunInstances answered without an instance`, {
        details: { service: 'EC2', operation: 'RunInstances', retryable: true },
      });
    const launched = toCloudInstance(instance, this.#clock.now(), tags);
    this.#logger.info(
      { instanceId: launched.id, worker: request.workerName, imageId, clientToken },
      'launched EC2 instance',
    );
    return launched;
  }

  async describe(instanceId: string, options?: CallOptions): Promise<CloudInstance> {
    const output = await this.#call(
      { operation: 'DescribeInstances', instanceId },
      options,
      (http) => this.#ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), http),
    );
    const instance = (output.Reservations ?? [])
      .flatMap((reservation) => reservation.Instances ?? [])
      .find((candidate) => candidate.InstanceId === instanceId);
    if (!instance)
      throw mapAwsError(
        { name: 'InvalidInstanceID.NotFound', message: `no instance ${instanceId}` },
        { service: 'EC2', operation: 'DescribeInstances', region: this.#region, instanceId },
      );
    return toCloudInstance(instance, this.#clock.now());
  }

  async start(instanceId: string, options?: CallOptions): Promise<InstanceStateChange> {
    const output = await this.#call({ operation: 'StartInstances', instanceId }, options, (http) =>
      this.#ec2.send(new StartInstancesCommand({ InstanceIds: [instanceId] }), http),
    );
    return toStateChange(instanceId, output.StartingInstances);
  }

  async stop(instanceId: string, options?: StopOptions): Promise<InstanceStateChange> {
    const output = await this.#call({ operation: 'StopInstances', instanceId }, options, (http) =>
      this.#ec2.send(
        new StopInstancesCommand({ InstanceIds: [instanceId], Force: options?.force ?? false }),
        http,
      ),
    );
    return toStateChange(instanceId, output.StoppingInstances);
  }

  async terminate(instanceId: string, options?: TerminateOptions): Promise<InstanceStateChange> {
    try {
      const output = await this.#call(
        { operation: 'TerminateInstances', instanceId },
        options,
        (http) =>
          this.#ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }), http),
      );
      return toStateChange(instanceId, output.TerminatingInstances);
    } catch (error) {
      // EC2 purges terminated instances after about an hour: a gone instance is terminated —
      // unless it was launched so recently that EC2 may simply not list it yet.
      if (!hasReason(error, 'NotFound')) throw error;
      const launchedAt = options?.launchedAt;
      if (launchedAt && this.#clock.nowMs() - launchedAt.getTime() < NOT_YET_VISIBLE_MS)
        throw new UnavailableError(
          `EC2 does not list instance ${instanceId} yet (launched ${launchedAt.toISOString()}); retry the termination`,
          {
            details: {
              service: 'EC2',
              operation: 'TerminateInstances',
              instanceId,
              retryable: true,
            },
          },
        );
      return { instanceId, previousState: 'terminated', currentState: 'terminated' };
    }
  }

  async #findByClientToken(
    clientToken: string,
    options?: CallOptions,
  ): Promise<CloudInstance | undefined> {
    const output = await this.#call({ operation: 'DescribeInstances' }, options, (http) =>
      this.#ec2.send(
        new DescribeInstancesCommand({
          Filters: [{ Name: 'client-token', Values: [clientToken] }],
        }),
        http,
      ),
    );
    const instance = output.Reservations?.[0]?.Instances?.[0];
    return instance?.InstanceId ? toCloudInstance(instance, this.#clock.now()) : undefined;
  }

  async listByTag(key: string, value: string, options?: CallOptions): Promise<CloudInstance[]> {
    const now = this.#clock.now();
    const found: CloudInstance[] = [];
    let nextToken: string | undefined;
    do {
      const output = await this.#call({ operation: 'DescribeInstances' }, options, (http) =>
        this.#ec2.send(
          new DescribeInstancesCommand({
            Filters: [{ Name: `tag:${key}`, Values: [value] }],
            MaxResults: 1000,
            NextToken: nextToken,
          }),
          http,
        ),
      );
      for (const reservation of output.Reservations ?? [])
        for (const instance of reservation.Instances ?? [])
          if (instance.InstanceId) found.push(toCloudInstance(instance, now));
      nextToken = output.NextToken;
    } while (nextToken);
    return found.sort(
      (a, b) => a.launchTime.getTime() - b.launchTime.getTime() || a.id.localeCompare(b.id),
    );
  }

  async metrics(instanceId: string, options?: CallOptions): Promise<InstanceMetrics> {
    const context = { service: 'CloudWatch' as const, operation: 'GetMetricData', instanceId };
    return this.#call(context, options, (http) =>
      fetchInstanceMetrics({
        client: this.#cloudWatch,
        instanceId,
        periodSeconds: this.#options.metricsPeriodSeconds ?? 300,
        now: this.#clock.now(),
        ...http,
      }),
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const client of this.#owned.splice(0)) client.destroy();
  }

  #own<T extends { destroy(): void }>(client: T): T {
    this.#owned.push(client);
    return client;
  }

  /** Newest available image matching the template's `amiNamePattern`, unless `amiId` is set. */
  async #resolveImage(template: LaunchRequest['template'], options?: CallOptions): Promise<string> {
    const { amiId, amiNamePattern } = template.spec.image;
    if (amiId) return amiId;
    if (!amiNamePattern)
      throw new InvalidError(
        `WorkerTemplate ${template.name} names no image: set spec.image.amiId or spec.image.amiNamePattern`,
        { details: { field: 'spec.image', name: template.name } },
      );
    const owners = this.#options.imageOwners ?? ['self'];
    const images: Image[] = [];
    let nextToken: string | undefined;
    do {
      const output = await this.#call({ operation: 'DescribeImages' }, options, (http) =>
        this.#ec2.send(
          new DescribeImagesCommand({
            Owners: owners,
            Filters: [
              { Name: 'name', Values: [amiNamePattern] },
              { Name: 'state', Values: ['available'] },
            ],
            MaxResults: 1000,
            NextToken: nextToken,
          }),
          http,
        ),
      );
      images.push(...(output.Images ?? []));
      nextToken = output.NextToken;
    } while (nextToken);
    const newest = pickNewestImage(images);
    if (!newest)
      throw new InvalidError(
        `no available AMI named like "${amiNamePattern}" owned by ${owners.join(', ')} in ${this.#region} (WorkerTemplate ${template.name}); build or share the image, or fix spec.image`,
        { details: { field: 'spec.image.amiNamePattern', name: template.name } },
      );
    this.#logger.debug({ amiNamePattern, imageId: newest }, 'resolved AMI');
    return newest;
  }

  /** Runs one SDK call; aborts reject with the signal's reason, failures become LcmErrors. */
  async #call<T>(
    context: Omit<AwsCallContext, 'region' | 'service'> & { service?: AwsCallContext['service'] },
    options: CallOptions | undefined,
    run: (http: { abortSignal?: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    if (this.#closed)
      throw new UnavailableError('EC2 cloud provider is closed', { details: { retryable: false } });
    const signal = options?.signal;
    try {
      return await run(signal ? { abortSignal: signal } : {});
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const mapped = mapAwsError(error, { service: 'EC2', ...context, region: this.#region });
      if (mapped.reason === 'Unavailable')
        this.#logger.warn({ err: mapped, details: mapped.details }, mapped.message);
      throw mapped;
    }
  }
}

/** Newest by `CreationDate` (ties: highest image id, so the choice is stable). */
function pickNewestImage(images: Image[]): string | undefined {
  let best: { id: string; createdMs: number } | undefined;
  for (const image of images) {
    if (!image.ImageId) continue;
    const createdMs = Date.parse(image.CreationDate ?? '') || 0;
    if (
      !best ||
      createdMs > best.createdMs ||
      (createdMs === best.createdMs && image.ImageId > best.id)
    )
      best = { id: image.ImageId, createdMs };
  }
  return best?.id;
}

/** EC2 state → ours; only the low byte of `Code` is meaningful (external-apis.md 4.3). */
function toState(state: Ec2InstanceState | undefined): InstanceState {
  const name = state?.Name;
  if (name && (INSTANCE_STATES as readonly string[]).includes(name)) return name;
  const byCode: Record<number, InstanceState> = {
    0: 'pending',
    16: 'running',
    32: 'shutting-down',
    48: 'terminated',
    64: 'stopping',
    80: 'stopped',
  };
  return byCode[(state?.Code ?? 0) & 0xff] ?? 'pending';
}

function toCloudInstance(
  instance: Instance,
  now: Date,
  fallbackTags: Record<string, string> = {},
): CloudInstance {
  const tags: Record<string, string> = instance.Tags?.length ? {} : { ...fallbackTags };
  for (const tag of instance.Tags ?? []) if (tag.Key) tags[tag.Key] = tag.Value ?? '';
  return {
    id: instance.InstanceId ?? '',
    state: toState(instance.State),
    instanceType: instance.InstanceType ?? '',
    amiId: instance.ImageId ?? '',
    ...(instance.PrivateIpAddress ? { privateIp: instance.PrivateIpAddress } : {}),
    ...(instance.PublicIpAddress ? { publicIp: instance.PublicIpAddress } : {}),
    launchTime: instance.LaunchTime ?? now,
    tags,
  };
}

function toStateChange(instanceId: string, changes: Ec2StateChange[] | undefined) {
  const change = changes?.find((candidate) => candidate.InstanceId === instanceId) ?? changes?.[0];
  return {
    instanceId,
    previousState: toState(change?.PreviousState),
    currentState: toState(change?.CurrentState),
  } satisfies InstanceStateChange;
}
