/**
 * One cml-sim per simulated cloud instance: the CML endpoint a simulated worker would have. A
 * server starts on first use of an instance and lives until the instance is released or the
 * fleet closes. Fault settings apply to every simulator, those started later included.
 */
import type { Clock } from '../../clock/index.js';
import { FaultInjector, type FaultSettings } from '../faults.js';
import { startCmlSim, type CmlSim } from './cml-sim.js';

export interface SimCmlFleetOptions {
  clock: Clock;
  /** @default 1 */
  timeScale?: number;
  /** The CML account every simulated worker accepts. @default admin / admin */
  credentials?: { username: string; password: string };
}

export class SimCmlFleet {
  readonly #options: SimCmlFleetOptions;
  readonly #sims = new Map<string, Promise<CmlSim>>();
  #faults: Partial<FaultSettings> = {};

  constructor(options: SimCmlFleetOptions) {
    this.#options = options;
  }

  /** The base URL of the instance's CML (starting its simulator when needed). */
  async endpointFor(instanceId: string): Promise<string> {
    let sim = this.#sims.get(instanceId);
    if (!sim) {
      const { username, password } = this.#options.credentials ?? {
        username: 'admin',
        password: 'admin',
      };
      sim = startCmlSim({
        clock: this.#options.clock,
        timeScale: this.#options.timeScale ?? 1,
        users: [{ username, password, admin: true }],
        hostname: instanceId,
        faults: new FaultInjector(this.#faults),
      });
      this.#sims.set(instanceId, sim);
      // A failed start is forgotten, so the next call tries again.
      sim.catch(() => this.#sims.delete(instanceId));
    }
    return (await sim).url;
  }

  /** Sets fault settings (merged over the current ones) on every CML, now and started later. */
  async setFaults(settings: Partial<FaultSettings>): Promise<void> {
    this.#faults = { ...this.#faults, ...settings };
    const running = await Promise.allSettled(this.#sims.values());
    for (const sim of running) if (sim.status === 'fulfilled') sim.value.faults.configure(settings);
  }

  /** Stops the instance's CML (the instance was terminated). */
  async release(instanceId: string): Promise<void> {
    const sim = this.#sims.get(instanceId);
    this.#sims.delete(instanceId);
    await (await sim)?.stop();
  }

  async close(): Promise<void> {
    const sims = [...this.#sims.values()];
    this.#sims.clear();
    await Promise.allSettled(sims.map(async (sim) => (await sim).stop()));
  }
}
