/**
 * The CloudProvider port: launch, observe, start, stop and terminate the VMs that run CML workers.
 * Implemented by `Ec2CloudProvider` (AWS) and `SimCloudProvider` (in-process fleet, src/sim/).
 */
import type { WorkerTemplateSpec } from '../../resources/kinds/worker-template.js';

/** EC2's instance states, verbatim (reference/external-apis.md 4.3). */
export const INSTANCE_STATES = [
  'pending',
  'running',
  'stopping',
  'stopped',
  'shutting-down',
  'terminated',
] as const;
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** Tag keys every provider writes at launch; `listByTag` on them finds LCM's instances. */
export const CLOUD_TAG_KEYS = {
  /** Marks instances LCM owns; value from `defaultTags`, @default 'lcm'. */
  managedBy: 'lcm:managed-by',
  /** The Worker's name. */
  worker: 'lcm:worker',
  /** The WorkerTemplate's name. */
  template: 'lcm:template',
  /** The console name; @default the Worker's name. */
  name: 'Name',
} as const;

/** One VM as the cloud reports it. */
export interface CloudInstance {
  /** EC2 instance id, e.g. `i-0abc…`. */
  id: string;
  state: InstanceState;
  instanceType: string;
  /** The image the instance was launched from. */
  amiId: string;
  /** Kept from launch until termination. Absent only in the first moments of `pending`. */
  privateIp?: string;
  /** Present while pending/running; released on stop (a restart gets a new one), as EC2 does. */
  publicIp?: string;
  /** Time of the last launch or start (EC2 `LaunchTime`). */
  launchTime: Date;
  tags: Record<string, string>;
}

/** What `launch` needs: the template (name + spec) and the worker it is for. */
export interface LaunchRequest {
  template: { name: string; spec: WorkerTemplateSpec };
  /** The Worker's name; written to the `Name` and `lcm:worker` tags. */
  workerName: string;
  /** Extra tags; they override `defaultTags` but never the `lcm:worker`/`lcm:template` tags. */
  tags?: Record<string, string>;
  /**
   * Idempotency key (EC2 `ClientToken`, ≤ 64 ASCII characters, case-sensitive). A repeated launch
   * with the same token and parameters returns the instance of the first call. Use one token per
   * launch attempt of a worker, e.g. `lcm-<worker uid>-<generation>`.
   */
  clientToken: string;
}

/** The answer of start/stop/terminate, as EC2 reports it. */
export interface InstanceStateChange {
  instanceId: string;
  previousState: InstanceState;
  currentState: InstanceState;
}

/** The newest CloudWatch datapoints of one instance; a field is absent while there is none. */
export interface InstanceMetrics {
  /** Average CPU utilisation over the period, 0–100. */
  cpuPercent?: number;
  /** Bytes received over the period (sum). */
  networkInBytes?: number;
  /** Bytes sent over the period (sum). */
  networkOutBytes?: number;
  /** Length of the period the values cover. */
  periodSeconds: number;
  /** Timestamp of the newest datapoint; absent when there is none. */
  sampledAt?: Date;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborting rejects the pending call with the signal's reason (as `Clock.sleep` does). */
  signal?: AbortSignal;
}

/** How long EC2 may answer NotFound for an instance it has just launched (eventual consistency). */
export const NOT_YET_VISIBLE_MS = 10 * 60_000;

/** Options of `terminate`. */
export interface TerminateOptions extends CallOptions {
  /** When the instance was launched, if the caller knows it. */
  launchedAt?: Date;
}

/** Options of `stop`. */
export interface StopOptions extends CallOptions {
  /** Force the stop without an orderly OS shutdown (EC2 `Force`). @default false */
  force?: boolean;
}

/**
 * A cloud that runs worker VMs. Every method is safe to retry: `launch` through its client token,
 * the others because they converge on a state. All failures are `LcmError`s:
 * - `Unavailable` (`details.retryable: true`): throttling, no capacity, account limits, outages,
 *   timeouts — requeue with backoff; the message says what an operator can do.
 * - `NotFound`: the instance does not exist (any more).
 * - `Invalid`: bad input or configuration (AMI, subnet, instance type, tag, token) — retrying the
 *   same request fails the same way.
 * - `Conflict`: the instance's state does not allow the call, or a client token was reused with
 *   different parameters.
 * - `Unauthorized` / `Forbidden`: credentials rejected / IAM policy denies the call.
 */
export interface CloudProvider {
  /**
   * Launches one instance for a worker, tagged with `Name`, `lcm:managed-by`, `lcm:worker`,
   * `lcm:template`, the provider's default tags and `request.tags`. The image is
   * `spec.image.amiId`, else the newest available image whose name matches
   * `spec.image.amiNamePattern`. Resolves with the instance, usually `pending`. Idempotent by
   * `clientToken`: a repeat returns the same instance, whatever state it is in now.
   * @throws Invalid — no image configured or found, template region differs from the provider's,
   *   bad tags or token, or the cloud rejects a parameter (`InvalidParameterValue`, `InvalidAMIID.*`).
   * @throws Conflict — the token was already used with different parameters.
   * @throws Unavailable — throttled, `InsufficientInstanceCapacity`, `InstanceLimitExceeded`, outage.
   */
  launch(request: LaunchRequest, options?: CallOptions): Promise<CloudInstance>;

  /**
   * The instance's current view. EC2 is eventually consistent: for up to about a minute after
   * `launch` an existing instance can still be reported NotFound, so a caller should only treat
   * NotFound as "gone" for an instance launched well before. Terminated instances stay visible
   * for about an hour, then become NotFound.
   * @throws NotFound — no such instance. @throws Invalid — malformed id. @throws Unavailable.
   */
  describe(instanceId: string, options?: CallOptions): Promise<CloudInstance>;

  /**
   * Starts a stopped instance (→ `pending` → `running`). A no-op on a pending or running one.
   * @throws Conflict — the state does not allow a start: `stopping` (retry once it is stopped),
   *   `shutting-down` or `terminated` (never succeeds: launch a new instance). Conflict rather than
   *   Invalid because the request itself is well-formed; it clashes with the instance's state, and
   *   EC2 reports both cases with one code (`IncorrectInstanceState`).
   * @throws NotFound, Unavailable.
   */
  start(instanceId: string, options?: CallOptions): Promise<InstanceStateChange>;

  /**
   * Stops a running instance (→ `stopping` → `stopped`). A no-op on a stopping or stopped one.
   * @throws Conflict — `pending`, `shutting-down` or `terminated`. @throws NotFound, Unavailable.
   */
  stop(instanceId: string, options?: StopOptions): Promise<InstanceStateChange>;

  /**
   * Terminates the instance (→ `shutting-down` → `terminated`). Idempotent: terminating a
   * terminated instance, or an id the cloud no longer knows (purged), resolves with
   * `currentState: 'terminated'` — except within `NOT_YET_VISIBLE_MS` of `launchedAt`, when an
   * unknown id may be a fresh instance EC2 does not list yet: that is a retryable Unavailable,
   * so a worker deleted while provisioning never leaves a running instance behind.
   * @throws Invalid — malformed id. @throws Unavailable.
   */
  terminate(instanceId: string, options?: TerminateOptions): Promise<InstanceStateChange>;

  /**
   * Every instance carrying tag `key` = `value`, in every state (terminated ones while the cloud
   * still lists them), ordered by launch time then id.
   * @throws Unavailable.
   */
  listByTag(key: string, value: string, options?: CallOptions): Promise<CloudInstance[]>;

  /**
   * The newest CPU and network datapoints. Does not check that the instance exists (CloudWatch
   * answers an unknown id with no data), so an unknown or stopped instance yields no values.
   * @throws Unavailable — CloudWatch throttled or failing.
   */
  metrics(instanceId: string, options?: CallOptions): Promise<InstanceMetrics>;

  /** Releases clients and pending calls. Idempotent; the provider is unusable afterwards. */
  close(): Promise<void>;
}
