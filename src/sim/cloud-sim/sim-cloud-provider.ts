/**
 * The in-process cloud: a fleet of fake EC2 instances whose states advance on the injected Clock
 * (timings × `timeScale`), with EC2's idempotency and state rules and FaultInjector faults.
 */
import type { Clock } from '../../clock/index.js';
import { NotFoundError } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import type {
  CallOptions,
  CloudInstance,
  CloudProvider,
  InstanceMetrics,
  InstanceState,
  InstanceStateChange,
  LaunchRequest,
  StopOptions,
} from '../../providers/cloud/cloud-provider.js';
import { prepareLaunch } from '../../providers/cloud/prepare-launch.js';
import type { FaultInjector } from '../faults.js';
import { DEFAULT_SIM_IMAGES, resolveSimImage, type SimImage } from './resolve-sim-image.js';
import { SimCallGate, type SimCallContext } from './sim-call-gate.js';

/** State durations at `timeScale` 1, in ms of the injected clock. */
export interface SimCloudTimings {
  /** pending → running, after launch or start. @default 60_000 */
  pendingMs: number;
  /** stopping → stopped. @default 30_000 */
  stoppingMs: number;
  /** shutting-down → terminated. @default 30_000 */
  shuttingDownMs: number;
  /** How long a terminated instance stays listed before it is NotFound (EC2: ~1 h). @default 3_600_000 */
  terminatedVisibleMs: number;
  /** Running time before the first metrics datapoint (CloudWatch basic monitoring). @default 300_000 */
  firstMetricsMs: number;
  /** Running time during which the metrics model reports boot load (CML boot). @default 600_000 */
  bootLoadMs: number;
}

export const DEFAULT_SIM_CLOUD_TIMINGS: Readonly<SimCloudTimings> = {
  pendingMs: 60_000,
  stoppingMs: 30_000,
  shuttingDownMs: 30_000,
  terminatedVisibleMs: 3_600_000,
  firstMetricsMs: 300_000,
  bootLoadMs: 600_000,
};

export interface SimCloudProviderOptions {
  clock: Clock;
  /** Multiplies every duration of `timings`: 0.01 runs the fleet 100× faster. @default 1 */
  timeScale?: number;
  /** Overrides of the unscaled timings. @default DEFAULT_SIM_CLOUD_TIMINGS */
  timings?: Partial<SimCloudTimings>;
  /**
   * Operation-level faults: `decide(operation, path)` with the EC2/CloudWatch operation name
   * (`RunInstances`, `DescribeInstances`, `StartInstances`, `StopInstances`, `TerminateInstances`,
   * `GetMetricData`) and path = `<template>/<worker>` for launches, the instance id otherwise,
   * `tag:<key>=<value>` for listByTag. @default none
   */
  faults?: FaultInjector;
  /**
   * A hung call (fault `hang`) rejects with Unavailable after this long on the clock — what the
   * real client's request timeout does — or earlier with its signal's reason, or on `close()`.
   * Not scaled. @default 30_000
   */
  callTimeoutMs?: number;
  /** When set, templates for another region are rejected, as by the EC2 provider. @default any */
  region?: string;
  /** Tags on every instance. @default {} */
  defaultTags?: Record<string, string>;
  /** The account's AMIs for `amiNamePattern`. @default DEFAULT_SIM_IMAGES */
  images?: readonly SimImage[];
  /**
   * Mixed into instance ids so a restarted simulator does not hand out the ids of a previous run
   * (which stale Workers may still reference); `app/` can pass the start time in ms. @default 0
   */
  idSeed?: number;
  /** Instances not terminated at once; one more fails `InstanceLimitExceeded`. @default Infinity */
  maxInstances?: number;
  logger?: Logger;
}

/** Metric values a test sets with `setMetrics`; they replace the model while set. */
export type SimMetricValues = Pick<
  InstanceMetrics,
  'cpuPercent' | 'networkInBytes' | 'networkOutBytes'
>;

interface SimInstance {
  id: string;
  instanceType: string;
  amiId: string;
  tags: Record<string, string>;
  fingerprint: string;
  state: InstanceState;
  stateSinceMs: number;
  launchTimeMs: number;
  privateIp: string | undefined;
  publicIp: string | undefined;
  metrics: SimMetricValues | undefined;
}

/** Automatic transitions: from → [to, timing that governs it]. */
const AUTOMATIC: Partial<Record<InstanceState, [InstanceState, keyof SimCloudTimings]>> = {
  pending: ['running', 'pendingMs'],
  stopping: ['stopped', 'stoppingMs'],
  'shutting-down': ['terminated', 'shuttingDownMs'],
};
const PERIOD_SECONDS = 300;
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

export class SimCloudProvider implements CloudProvider {
  readonly #clock: Clock;
  readonly #timings: SimCloudTimings;
  readonly #options: SimCloudProviderOptions;
  readonly #instances = new Map<string, SimInstance>();
  readonly #byToken = new Map<string, SimInstance>();
  readonly #gate: SimCallGate;
  #launched = 0;
  #publicIps = 0;

  constructor(options: SimCloudProviderOptions) {
    this.#options = options;
    this.#clock = options.clock;
    const scale = options.timeScale ?? 1;
    const timings = { ...DEFAULT_SIM_CLOUD_TIMINGS, ...options.timings };
    this.#timings = Object.fromEntries(
      Object.entries(timings).map(([key, ms]) => [key, ms * scale]),
    ) as unknown as SimCloudTimings;
    this.#gate = new SimCallGate({
      clock: options.clock,
      ...(options.faults ? { faults: options.faults } : {}),
      ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
    });
  }

  async launch(request: LaunchRequest, options?: CallOptions): Promise<CloudInstance> {
    const path = `${request.template.name}/${request.workerName}`;
    const context = { operation: 'RunInstances', instanceType: request.template.spec.instanceType };
    const after = await this.#gate.pass(context, path, options);
    const { tags, clientToken } = prepareLaunch(request, {
      ...(this.#options.region !== undefined ? { region: this.#options.region } : {}),
      ...(this.#options.defaultTags ? { defaultTags: this.#options.defaultTags } : {}),
    });
    const amiId = resolveSimImage(request.template, this.#options.images ?? DEFAULT_SIM_IMAGES);
    const { instanceType } = request.template.spec;
    const fingerprint = JSON.stringify([instanceType, amiId, Object.entries(tags).sort()]);
    const existing = this.#byToken.get(clientToken);
    if (existing) {
      if (existing.fingerprint !== fingerprint)
        throw this.#gate.error(
          'IdempotentParameterMismatch',
          400,
          context,
          `client token ${clientToken} was already used with different parameters`,
        );
      return this.#snapshot(existing);
    }
    const active = [...this.#instances.values()].filter((i) => this.#refresh(i) !== 'terminated');
    if (active.length >= (this.#options.maxInstances ?? Infinity))
      throw this.#gate.error(
        'InstanceLimitExceeded',
        400,
        context,
        `instance limit of ${active.length} reached`,
      );
    const n = this.#launched++;
    const now = this.#clock.nowMs();
    const instance: SimInstance = {
      id: this.#instanceId(n),
      instanceType,
      amiId,
      tags,
      fingerprint,
      state: 'pending',
      stateSinceMs: now,
      launchTimeMs: now,
      privateIp: `10.0.${Math.floor(n / 250) % 256}.${(n % 250) + 4}`,
      publicIp: this.#nextPublicIp(),
      metrics: undefined,
    };
    this.#instances.set(instance.id, instance);
    this.#byToken.set(clientToken, instance);
    this.#options.logger?.info({ instanceId: instance.id, path }, 'sim: launched instance');
    if (after) throw after;
    return this.#snapshot(instance);
  }

  async describe(instanceId: string, options?: CallOptions): Promise<CloudInstance> {
    const context = { operation: 'DescribeInstances', instanceId };
    const after = await this.#gate.pass(context, instanceId, options);
    const instance = this.#find(context);
    if (after) throw after;
    return this.#snapshot(instance);
  }

  async start(instanceId: string, options?: CallOptions): Promise<InstanceStateChange> {
    return this.#change(
      { operation: 'StartInstances', instanceId },
      options,
      'started',
      (state) => {
        if (state === 'pending' || state === 'running') return state;
        return state === 'stopped' ? 'pending' : undefined;
      },
    );
  }

  async stop(instanceId: string, options?: StopOptions): Promise<InstanceStateChange> {
    return this.#change({ operation: 'StopInstances', instanceId }, options, 'stopped', (state) => {
      if (state === 'stopping' || state === 'stopped') return state;
      return state === 'running' ? 'stopping' : undefined;
    });
  }

  async terminate(instanceId: string, options?: CallOptions): Promise<InstanceStateChange> {
    try {
      return await this.#change(
        { operation: 'TerminateInstances', instanceId },
        options,
        'terminated',
        (state) => (state === 'shutting-down' || state === 'terminated' ? state : 'shutting-down'),
      );
    } catch (error) {
      // As Ec2CloudProvider: an instance EC2 no longer knows counts as terminated.
      if (!(error instanceof NotFoundError)) throw error;
      return { instanceId, previousState: 'terminated', currentState: 'terminated' };
    }
  }

  async listByTag(key: string, value: string, options?: CallOptions): Promise<CloudInstance[]> {
    const context = { operation: 'DescribeInstances' };
    const after = await this.#gate.pass(context, `tag:${key}=${value}`, options);
    const found = [...this.#instances.values()].filter(
      (instance) => !this.#isPurged(instance) && instance.tags[key] === value,
    );
    if (after) throw after;
    return found
      .map((instance) => this.#snapshot(instance))
      .sort((a, b) => a.launchTime.getTime() - b.launchTime.getTime() || a.id.localeCompare(b.id));
  }

  async metrics(instanceId: string, options?: CallOptions): Promise<InstanceMetrics> {
    const context = { service: 'CloudWatch' as const, operation: 'GetMetricData', instanceId };
    const after = await this.#gate.pass(context, instanceId, options);
    if (after) throw after;
    const instance = this.#instances.get(instanceId);
    const empty: InstanceMetrics = { periodSeconds: PERIOD_SECONDS };
    if (!instance || this.#isPurged(instance)) return empty;
    const nowMs = this.#clock.nowMs();
    const sampledAt = new Date(nowMs - (nowMs % (PERIOD_SECONDS * 1000)));
    if (instance.metrics) return { ...empty, ...instance.metrics, sampledAt };
    if (this.#refresh(instance) !== 'running') return empty;
    const runningMs = nowMs - instance.stateSinceMs;
    if (runningMs < this.#timings.firstMetricsMs) return empty;
    const booting = runningMs < this.#timings.bootLoadMs;
    return {
      ...empty,
      cpuPercent: booting ? 60 : 4,
      networkInBytes: booting ? 50_000_000 : 2_000_000,
      networkOutBytes: booting ? 5_000_000 : 500_000,
      sampledAt,
    };
  }

  /** Sets (or with `undefined` clears) the metrics `metrics()` reports for an instance. */
  setMetrics(instanceId: string, values: SimMetricValues | undefined): void {
    const instance = this.#instances.get(instanceId);
    if (!instance) throw new NotFoundError(`sim: no instance ${instanceId}`);
    instance.metrics = values ? { ...values } : undefined;
  }

  async close(): Promise<void> {
    this.#gate.close();
  }

  /** Applies the state change `next` decides; `undefined` refuses it (IncorrectInstanceState). */
  async #change(
    context: SimCallContext & { instanceId: string },
    options: CallOptions | undefined,
    verbPast: string,
    next: (state: InstanceState) => InstanceState | undefined,
  ): Promise<InstanceStateChange> {
    const known = this.#instances.get(context.instanceId);
    if (known) context = { ...context, instanceType: known.instanceType };
    const after = await this.#gate.pass(context, context.instanceId, options);
    const instance = this.#find(context);
    const previousState = this.#refresh(instance);
    const target = next(previousState);
    if (target === undefined)
      throw this.#gate.error(
        'IncorrectInstanceState',
        400,
        context,
        `The instance '${instance.id}' is not in a state from which it can be ${verbPast}.`,
      );
    if (target !== previousState) this.#enter(instance, target, this.#clock.nowMs());
    if (after) throw after;
    return { instanceId: instance.id, previousState, currentState: instance.state };
  }

  #find(context: SimCallContext & { instanceId: string }): SimInstance {
    const { instanceId } = context;
    if (!INSTANCE_ID.test(instanceId))
      throw this.#gate.error(
        'InvalidInstanceID.Malformed',
        400,
        context,
        `Invalid id: "${instanceId}"`,
      );
    const instance = this.#instances.get(instanceId);
    if (!instance || this.#isPurged(instance))
      throw this.#gate.error(
        'InvalidInstanceID.NotFound',
        400,
        context,
        `The instance ID '${instanceId}' does not exist`,
      );
    return instance;
  }

  /** Applies every automatic transition that fell due by now; returns the current state. */
  #refresh(instance: SimInstance): InstanceState {
    const nowMs = this.#clock.nowMs();
    for (;;) {
      const automatic = AUTOMATIC[instance.state];
      if (!automatic) return instance.state;
      const dueMs = instance.stateSinceMs + this.#timings[automatic[1]];
      if (dueMs > nowMs) return instance.state;
      this.#enter(instance, automatic[0], dueMs);
    }
  }

  #enter(instance: SimInstance, state: InstanceState, atMs: number): void {
    instance.state = state;
    instance.stateSinceMs = atMs;
    if (state === 'pending') {
      instance.launchTimeMs = atMs;
      instance.publicIp = this.#nextPublicIp();
    }
    if (state === 'stopped' || state === 'terminated') instance.publicIp = undefined;
    if (state === 'terminated') instance.privateIp = undefined;
  }

  #isPurged(instance: SimInstance): boolean {
    return (
      this.#refresh(instance) === 'terminated' &&
      this.#clock.nowMs() >= instance.stateSinceMs + this.#timings.terminatedVisibleMs
    );
  }

  /** `i-` + 17 hex digits, like EC2: a fixed prefix, the seed, then a per-run counter. */
  #instanceId(n: number): string {
    const seed = BigInt(Math.max(0, Math.floor(this.#options.idSeed ?? 0))) % (1n << 44n);
    const value = 0x0a000000000000000n + (seed << 20n) + BigInt(n + 1);
    return `i-${value.toString(16).padStart(17, '0')}`;
  }

  #nextPublicIp(): string {
    const n = this.#publicIps++;
    return `198.18.${Math.floor(n / 250) % 256}.${(n % 250) + 1}`;
  }

  #snapshot(instance: SimInstance): CloudInstance {
    const state = this.#refresh(instance);
    return {
      id: instance.id,
      state,
      instanceType: instance.instanceType,
      amiId: instance.amiId,
      ...(instance.privateIp ? { privateIp: instance.privateIp } : {}),
      ...(instance.publicIp ? { publicIp: instance.publicIp } : {}),
      launchTime: new Date(instance.launchTimeMs),
      tags: { ...instance.tags },
    };
  }
}
