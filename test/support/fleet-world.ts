/**
 * The whole system in one test process on a ManualClock: the real API (event ingest included)
 * on loopback, every controller, and the simulators (cloud, one cml-sim per worker, lds-sim,
 * grading-sim) posting their CloudEvents to the API, as `lcm serve` wires them.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTROLLER_NAMES } from '../../src/app/controller-catalogue.js';
import { createFleetProviders } from '../../src/app/create-fleet-providers.js';
import { FileSecretSource } from '../../src/app/file-secret-source.js';
import { createProviderSet, type ProviderSet } from '../../src/app/provider-set.js';
import { runControllers } from '../../src/app/run-controllers.js';
import { replaceSimulatorApiKey } from '../../src/app/simulator-api-key.js';
import { ManualClock } from '../../src/clock/index.js';
import { readFleet } from '../../src/controllers/invariants/read-fleet.js';
import {
  checkFleetInvariants,
  type InvariantViolation,
} from '../../src/controllers/invariants/check-fleet-invariants.js';
import {
  createLogger,
  createMetricsRegistry,
  createSilentLogger,
} from '../../src/observability/index.js';
import type { FaultSettings } from '../../src/sim/faults.js';
import type { ResourceStore } from '../../src/store/index.js';
import { startApiWorld, type ApiWorld } from './api-world.js';

export interface FleetWorld extends ApiWorld {
  clock: ManualClock;
  providers: ProviderSet;
  /**
   * Advances the clock by `stepMs` at a time, letting the process work between steps, until
   * `check` holds; fails after `maxSimulatedMs` of simulated time.
   */
  runUntil(
    check: () => Promise<boolean>,
    description: string,
    options?: { stepMs?: number; maxSimulatedMs?: number; onStep?: () => Promise<void> },
  ): Promise<void>;
  violations(): Promise<InvariantViolation[]>;
}

export interface FleetWorldOptions {
  /** Simulator delays × this. @default 0.05 */
  timeScale?: number;
  /** Settings over the defaults (e.g. `{ sessions: { leadTimeMinutes: 5 } }`). */
  overrides?: Record<string, unknown>;
  store?: ResourceStore;
  /** Faults on every simulator from the start (see `ProviderSet.setSimulatorFaults`). */
  faults?: Partial<FaultSettings>;
}

export async function startFleetWorld(options: FleetWorldOptions = {}): Promise<FleetWorld> {
  const clock = new ManualClock();
  const api = await startApiWorld({
    clock,
    ...(options.store ? { store: options.store } : {}),
    overrides: {
      ...options.overrides,
      providers: { simTimeScale: options.timeScale ?? 0.05 },
    },
  });
  // LCM_TEST_LOG=warn shows the controllers' logs while debugging a fleet test.
  const level = process.env.LCM_TEST_LOG;
  const logger = level ? createLogger({ level: level as 'warn' }) : createSilentLogger();
  const providers = await createProviderSet({
    config: api.config.providers,
    clock,
    logger,
    eventsSinkUrl: `${api.url}/api/events`,
    eventsSinkCredential: await replaceSimulatorApiKey(api.local),
  });
  if (options.faults) await providers.setSimulatorFaults(options.faults);
  const controllers = runControllers({
    names: CONTROLLER_NAMES,
    local: api.local,
    clock,
    logger,
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    config: api.config,
    providers: createFleetProviders(providers),
    secrets: new FileSecretSource({ dir: await mkdtemp(join(tmpdir(), 'lcm-fleet-secrets-')) }),
    publicUrl: api.url,
    leaderElection: false,
  });
  const startedAt = clock.nowMs();
  return {
    ...api,
    clock,
    providers,
    async runUntil(check, description, runOptions = {}) {
      const stepMs = runOptions.stepMs ?? 1000;
      const limit = clock.nowMs() + (runOptions.maxSimulatedMs ?? 6 * 3_600_000);
      for (;;) {
        if (await check()) return;
        if (clock.nowMs() >= limit)
          throw new Error(
            `${description}: not reached after ${Math.round((clock.nowMs() - startedAt) / 1000)} s of simulated time`,
          );
        await new Promise((resolve) => setTimeout(resolve, 2));
        await clock.advance(stepMs);
        await runOptions.onStep?.();
      }
    },
    async violations() {
      return checkFleetInvariants({ ...(await readFleet(api.local)), now: clock.now() });
    },
    async close() {
      await controllers.stop();
      await providers.close();
      await api.close();
    },
  };
}
