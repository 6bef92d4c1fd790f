/**
 * The manager: runs a process's runnables (controllers, informers, servers); leader-only ones run
 * only while this replica holds the Lease and are stopped the moment it is lost.
 */
import type { Clock } from '../clock/index.js';
import type { ResourceClient } from '../client/resource-client.js';
import { toError } from '../errors/index.js';
import type { Logger } from '../observability/index.js';
import { LeaderElector, type LeaderElectorOptions } from './leader-election.js';

/** Something the manager runs (controller-runtime's `Runnable`). */
export interface Runnable {
  /**
   * Runs until `signal` aborts, then stops its work and resolves. A runnable may also resolve
   * early (one-shot work). A rejection is logged; the runnable is not restarted.
   */
  start(signal: AbortSignal): Promise<void>;
  /** When true, runs only while this replica is the leader. */
  readonly needsLeaderElection: boolean;
  /** Used in log lines. @default 'runnable' */
  readonly name?: string;
}

/** Leader election settings; the timings default as in {@link LeaderElectorOptions}. */
export type ManagerLeaderElection = Pick<
  LeaderElectorOptions,
  | 'leaseName'
  | 'identity'
  | 'leaseDurationMs'
  | 'renewIntervalMs'
  | 'renewDeadlineMs'
  | 'retryIntervalMs'
  | 'releaseOnStop'
>;

export interface ManagerOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  /**
   * The Lease this process competes for. Without it the manager runs leader-only runnables at
   * once, which is correct only when exactly one replica runs (e.g. `lcm serve`).
   * @default undefined (no election)
   */
  leaderElection?: ManagerLeaderElection;
}

export class Manager {
  readonly #options: ManagerOptions;
  readonly #logger: Logger;
  readonly #runnables: Runnable[] = [];
  #elector: LeaderElector | undefined;
  #started = false;
  #leadingWithoutElection = false;

  constructor(options: ManagerOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ component: 'manager' });
  }

  /** Adds a runnable; only before `start`. */
  add(runnable: Runnable): void {
    if (this.#started) throw new Error('add runnables before starting the manager');
    this.#runnables.push(runnable);
  }

  /** True while leader-only runnables may run. */
  isLeader(): boolean {
    return this.#elector?.isLeader() ?? this.#leadingWithoutElection;
  }

  /**
   * Starts every runnable that needs no election at once and the leader-only ones whenever this
   * replica leads. Resolves after `signal` aborted and every runnable has stopped (leader-only
   * runnables stop before the lease is released).
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.#started) throw new Error('the manager is already started');
    this.#started = true;
    const always = this.#runnables.filter((runnable) => !runnable.needsLeaderElection);
    const leaderOnly = this.#runnables.filter((runnable) => runnable.needsLeaderElection);
    const running = always.map((runnable) => this.#run(runnable, signal));
    if (leaderOnly.length > 0) running.push(this.#runLeaderOnly(leaderOnly, signal));
    await Promise.all(running);
  }

  async #runLeaderOnly(runnables: readonly Runnable[], signal: AbortSignal): Promise<void> {
    const election = this.#options.leaderElection;
    if (!election) {
      this.#leadingWithoutElection = true;
      await Promise.all(runnables.map((runnable) => this.#run(runnable, signal)));
      this.#leadingWithoutElection = false;
      return;
    }
    let current: Promise<void>[] = [];
    this.#elector = new LeaderElector({
      ...election,
      client: this.#options.client,
      clock: this.#options.clock,
      logger: this.#options.logger,
      onStartedLeading: (leadSignal) => {
        current = runnables.map((runnable) => this.#run(runnable, leadSignal));
      },
      onStoppedLeading: async () => {
        await Promise.all(current);
        current = [];
      },
    });
    await this.#elector.run(signal);
  }

  async #run(runnable: Runnable, signal: AbortSignal): Promise<void> {
    const name = runnable.name ?? 'runnable';
    try {
      await runnable.start(signal);
    } catch (error) {
      this.#logger.error({ err: toError(error), runnable: name }, 'runnable failed');
    }
  }
}
