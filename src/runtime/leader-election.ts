/**
 * Lease-based leader election (SPEC.md "Lease"): one holder per Lease object, renewed every 2 s;
 * a holder that cannot renew for 10 s stops acting, before the 15 s lease can expire for others.
 */
import type { Clock, Timer } from '../clock/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import { InvalidError, hasReason, toError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import { API_VERSION, type AnyResource } from '../resources/index.js';
import { LEASE_KIND, type Lease, type LeaseSpec } from '../resources/kinds/lease.js';

export interface LeaderElectorOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  /** The Lease object (cluster-scoped), usually named after the controller or process group. */
  leaseName: string;
  /** Unique per replica, e.g. `hostname-pid`; written to `spec.holderIdentity`. */
  identity: string;
  /** How long a renewal is valid for other candidates (whole seconds on the Lease). @default 15_000 */
  leaseDurationMs?: number;
  /** How often the holder renews. @default 2_000 */
  renewIntervalMs?: number;
  /**
   * The holder stops acting when its last successful renewal is this old. Must be shorter than
   * the lease, so it stops before anyone else may take over. @default 10_000
   */
  renewDeadlineMs?: number;
  /** How often a candidate tries to acquire a held lease. @default 2_000 */
  retryIntervalMs?: number;
  /** Free the lease when `run`'s signal aborts, so a successor need not wait. @default true */
  releaseOnStop?: boolean;
  /** Called on becoming leader; `signal` aborts the moment leadership ends. */
  onStartedLeading?: (signal: AbortSignal) => void;
  /**
   * Called after leadership ended. The elector awaits it before it releases the lease or tries to
   * lead again, so return a promise that settles once all leader-only work has stopped.
   */
  onStoppedLeading?: () => void | Promise<void>;
}

type ResolvedTimings = Required<
  Pick<
    LeaderElectorOptions,
    'leaseDurationMs' | 'renewIntervalMs' | 'renewDeadlineMs' | 'retryIntervalMs'
  >
>;

/**
 * Competes for one Lease. Every write carries the read resourceVersion, so of two candidates at
 * most one succeeds (`Conflict` = someone else won). A held lease is taken over only when free or
 * expired: its `renewTime + leaseDurationSeconds` has passed by the clock. The holder counts its
 * renewal age from the `renewTime` it wrote (never later than the commit), which keeps
 * "holder stops acting" strictly before "others may acquire" — provided the replicas' clocks agree
 * to within `leaseDurationMs − renewDeadlineMs` (5 s by default), and leader-only work stops within
 * that margin once the signal passed to `onStartedLeading` aborts.
 */
export class LeaderElector {
  readonly #options: LeaderElectorOptions;
  readonly #timings: ResolvedTimings;
  readonly #logger: Logger;
  #leading = false;
  /** Clock time of the renewTime in our last successful write. */
  #renewedAtMs = Number.NEGATIVE_INFINITY;

  constructor(options: LeaderElectorOptions) {
    this.#options = options;
    this.#timings = {
      leaseDurationMs: options.leaseDurationMs ?? 15_000,
      renewIntervalMs: options.renewIntervalMs ?? 2_000,
      renewDeadlineMs: options.renewDeadlineMs ?? 10_000,
      retryIntervalMs: options.retryIntervalMs ?? 2_000,
    };
    const { leaseDurationMs, renewIntervalMs, renewDeadlineMs } = this.#timings;
    if (!(renewIntervalMs < renewDeadlineMs && renewDeadlineMs < leaseDurationMs))
      throw new InvalidError(
        `leader election needs renewIntervalMs < renewDeadlineMs < leaseDurationMs, got ${renewIntervalMs} / ${renewDeadlineMs} / ${leaseDurationMs}`,
        { details: { field: 'renewDeadlineMs' } },
      );
    this.#logger = options.logger.child({ lease: options.leaseName, identity: options.identity });
  }

  /** True while this replica may act as leader. */
  isLeader(): boolean {
    return this.#leading;
  }

  /** Campaigns, leads and campaigns again until `signal` aborts; then steps down and releases. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if ((await this.#tryAcquireOrRenew()) === 'held') await this.#lead(signal);
      if (isAborted(signal)) break;
      await this.#options.clock.sleep(this.#timings.retryIntervalMs, signal).catch(() => undefined);
    }
  }

  async #lead(signal: AbortSignal): Promise<void> {
    const lead = new AbortController();
    let deadline: Timer | undefined;
    const stepDown = (why: string): void => {
      if (lead.signal.aborted) return;
      this.#leading = false;
      deadline?.cancel();
      this.#logger.info(`stopped leading: ${why}`);
      lead.abort(new Error(`leadership lost: ${why}`));
    };
    const armDeadline = (): boolean => {
      deadline?.cancel();
      const remainingMs =
        this.#renewedAtMs + this.#timings.renewDeadlineMs - this.#options.clock.nowMs();
      if (remainingMs <= 0) return false;
      deadline = this.#options.clock.setTimer(remainingMs, () =>
        stepDown(`no successful renewal for ${this.#timings.renewDeadlineMs} ms`),
      );
      return true;
    };
    if (signal.aborted) {
      // Stopped while the acquiring write was in flight: hand the lease back without acting.
      if (this.#options.releaseOnStop ?? true) await this.#release();
      return;
    }
    // A renewal that took longer than the deadline is no basis for acting.
    if (!armDeadline()) return;
    const onAbort = (): void => stepDown('stopping');
    signal.addEventListener('abort', onAbort, { once: true });
    this.#leading = true;
    this.#logger.info('started leading');
    this.#safely(() => this.#options.onStartedLeading?.(lead.signal));
    while (!lead.signal.aborted) {
      const slept = await this.#options.clock
        .sleep(this.#timings.renewIntervalMs, lead.signal)
        .then(() => true)
        .catch(() => false);
      if (!slept) break;
      const outcome = await this.#tryAcquireOrRenew();
      // The deadline may have passed while the write was in flight.
      if (isAborted(lead.signal)) break;
      if (outcome === 'held') {
        if (!armDeadline()) stepDown('renewal completed after the deadline');
      } else if (outcome === 'taken') stepDown('another candidate holds the lease');
      else this.#logger.warn('lease renewal failed');
    }
    signal.removeEventListener('abort', onAbort);
    await this.#settle(this.#options.onStoppedLeading);
    if (isAborted(signal) && (this.#options.releaseOnStop ?? true)) await this.#release();
  }

  /**
   * One attempt to create, take over or renew the lease: `held` when we hold it now, `taken` when
   * another candidate holds a live lease (a leader then steps down at once, not at its deadline),
   * `failed` when the write did not go through.
   */
  async #tryAcquireOrRenew(): Promise<'held' | 'taken' | 'failed'> {
    const { client, clock, identity } = this.#options;
    const nowMs = clock.nowMs();
    const now = new Date(nowMs).toISOString();
    const leaseDurationSeconds = Math.ceil(this.#timings.leaseDurationMs / 1000);
    try {
      const lease = await this.#read();
      if (!lease) {
        await client.create(
          this.#newLease({
            holderIdentity: identity,
            leaseDurationSeconds,
            acquireTime: now,
            renewTime: now,
            leaseTransitions: 0,
          }),
        );
      } else {
        const spec = lease.spec;
        const held = spec.holderIdentity === identity;
        if (!held && spec.holderIdentity && !isExpired(spec, nowMs)) return 'taken';
        const next: LeaseSpec = held
          ? { ...spec, leaseDurationSeconds, renewTime: now }
          : {
              holderIdentity: identity,
              leaseDurationSeconds,
              acquireTime: now,
              renewTime: now,
              leaseTransitions: spec.leaseTransitions + 1,
            };
        await client.update({ ...lease, spec: next } as unknown as AnyResource);
        if (!held) this.#logger.info({ previous: spec.holderIdentity }, 'acquired the lease');
      }
      this.#renewedAtMs = nowMs;
      return 'held';
    } catch (error) {
      if (hasReason(error, 'Conflict') || hasReason(error, 'AlreadyExists'))
        this.#logger.debug('another candidate wrote the lease first');
      else this.#logger.warn({ err: toError(error) }, 'lease write failed');
      return 'failed';
    }
  }

  /** Frees the lease if we still hold it, so a successor need not wait for it to expire. */
  async #release(): Promise<void> {
    try {
      const lease = await this.#read();
      if (lease?.spec.holderIdentity !== this.#options.identity) return;
      const { holderIdentity: _holder, ...free } = lease.spec;
      const spec: LeaseSpec = { ...free, renewTime: this.#options.clock.now().toISOString() };
      await this.#options.client.update({ ...lease, spec } as unknown as AnyResource);
      this.#logger.info('released the lease');
    } catch (error) {
      this.#logger.warn({ err: toError(error) }, 'could not release the lease; it will expire');
    }
  }

  async #read(): Promise<Lease | undefined> {
    try {
      return (await this.#options.client.get(
        LEASE_KIND.kind,
        this.#options.leaseName,
      )) as unknown as Lease;
    } catch (error) {
      if (hasReason(error, 'NotFound')) return undefined;
      throw error;
    }
  }

  #newLease(spec: LeaseSpec): AnyResource {
    const lease: Lease = {
      apiVersion: API_VERSION,
      kind: LEASE_KIND.kind,
      metadata: { name: this.#options.leaseName },
      spec,
    };
    // BaseStatus is an interface, so Lease is not structurally an AnyResource; the shape is.
    return lease as unknown as AnyResource;
  }

  #safely(callback: () => void): void {
    try {
      callback();
    } catch (error) {
      this.#logger.error({ err: toError(error) }, 'leader election callback threw');
    }
  }

  async #settle(callback: (() => void | Promise<void>) | undefined): Promise<void> {
    try {
      await callback?.();
    } catch (error) {
      this.#logger.error({ err: toError(error) }, 'onStoppedLeading threw');
    }
  }
}

/** Free for the taking: never renewed, or `renewTime + leaseDurationSeconds` has passed. */
function isExpired(spec: LeaseSpec, nowMs: number): boolean {
  if (!spec.renewTime) return true;
  return Date.parse(spec.renewTime) + spec.leaseDurationSeconds * 1000 <= nowMs;
}

/** Reads `aborted` through a call: it flips across awaits, which TS narrowing cannot see. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
