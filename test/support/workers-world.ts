/**
 * The workers controller on the simulators: a built-in world, the sim cloud and one cml-sim per
 * instance (fast timings on a ManualClock), licence secrets in a temp dir, faults on demand.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSecretSource } from '../../src/app/file-secret-source.js';
import type { FleetProviders } from '../../src/controllers/workers/fleet-providers.js';
import type { ScaleDownSettings } from '../../src/controllers/workers/scale-down-policy.js';
import {
  createWorkersController,
  type WorkersController,
} from '../../src/controllers/workers/workers-controller.js';
import { InvalidError } from '../../src/errors/index.js';
import { createMetricsRegistry, createSilentLogger } from '../../src/observability/index.js';
import { HttpCmlClient } from '../../src/providers/cml/http-cml-client.js';
import { API_VERSION, type AnyResource } from '../../src/resources/index.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import { SimCloudProvider } from '../../src/sim/cloud-sim/sim-cloud-provider.js';
import { SimCmlFleet } from '../../src/sim/cml-sim/cml-sim-fleet.js';
import { FaultInjector, type FaultSettings } from '../../src/sim/faults.js';
import { createBuiltInWorld, type BuiltInWorld } from './built-in-world.js';
import { waitFor } from './wait-for.js';

/** 100× faster simulators: a launch takes 0.6 s of the clock, a licence registration 0.1 s. */
const TIME_SCALE = 0.01;

export interface WorkersWorld extends BuiltInWorld {
  cloud: SimCloudProvider;
  cml: SimCmlFleet;
  controller: WorkersController;
  metrics: ReturnType<typeof createMetricsRegistry>;
  /** Faults of the sim cloud (operation names as methods, e.g. `RunInstances`). */
  cloudFaults: FaultInjector;
  secretsDir: string;
  worker(name: string): Promise<Worker>;
  /** Advances the clock a second at a time (only while the controller is idle) until `check`. */
  eventually(check: () => Promise<boolean>, description: string): Promise<void>;
  /** `eventually` for one worker (default `w1`); resolves with the worker that passed. */
  until(check: (worker: Worker) => boolean, name?: string, description?: string): Promise<Worker>;
  close(): Promise<void>;
}

export interface WorkersWorldOptions {
  /** Random CML failures on every simulated worker (e.g. `{ errorRate: 0.05 }`). */
  cmlFaults?: Partial<FaultSettings>;
  scaleDown?: ScaleDownSettings;
}

/** Starts the controller; `close()` stops it and every simulator. */
export async function startWorkersWorld(options: WorkersWorldOptions = {}): Promise<WorkersWorld> {
  const world = createBuiltInWorld();
  const { clock, client } = world;
  const cloudFaults = new FaultInjector();
  const cloud = new SimCloudProvider({ clock, timeScale: TIME_SCALE, faults: cloudFaults });
  const cml = new SimCmlFleet({ clock, timeScale: TIME_SCALE });
  const cmlClients = new Map<string, HttpCmlClient>();
  const faulted = new Set<string>();
  const secretsDir = await mkdtemp(join(tmpdir(), 'lcm-secrets-'));
  const providers: FleetProviders = {
    cloudFor: (provider) => {
      if (provider === 'sim') return cloud;
      throw new InvalidError('aws is not configured in tests', { details: { field: 'aws' } });
    },
    cmlFor: (endpoint) => {
      let cmlClient = cmlClients.get(endpoint);
      if (!cmlClient) {
        cmlClient = new HttpCmlClient({ baseUrl: endpoint, username: 'admin', password: 'admin' });
        cmlClients.set(endpoint, cmlClient);
      }
      return cmlClient;
    },
    cmlEndpointFor: async (instance) => {
      const url = await cml.endpointFor(instance.id);
      if (options.cmlFaults && !faulted.has(url)) {
        await setCmlFaults(url, options.cmlFaults);
        faulted.add(url);
      }
      return url;
    },
    releaseCmlEndpoint: (instanceId) => cml.release(instanceId),
  };
  const metrics = createMetricsRegistry({ defaultMetrics: false });
  const controller = createWorkersController({
    client,
    clock,
    logger: createSilentLogger(),
    metrics,
    providers,
    secrets: new FileSecretSource({ dir: secretsDir }),
    ...(options.scaleDown ? { scaleDown: options.scaleDown } : {}),
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  const worker = async (name: string) => (await client.get('Worker', name)) as Worker;
  const eventually = async (check: () => Promise<boolean>, description: string) => {
    await waitFor(
      async () => {
        if (await check()) return true;
        if (controller.isIdle()) await clock.advance(1000);
        return false;
      },
      { timeoutMs: 30_000, description },
    );
  };
  return {
    ...world,
    cloud,
    cml,
    controller,
    metrics,
    cloudFaults,
    secretsDir,
    worker,
    eventually,
    async until(check, name = 'w1', description) {
      let last: Worker | undefined;
      await eventually(
        async () => {
          last = await worker(name).catch(() => undefined);
          return last !== undefined && check(last);
        },
        description ?? `worker ${name}`,
      );
      return last as Worker;
    },
    async close() {
      abort.abort();
      await running;
      await Promise.all([...cmlClients.values()].map((c) => c.close()));
      await cml.close();
      await cloud.close();
      await world.store.close();
      await rm(secretsDir, { recursive: true, force: true });
    },
  };
}

export function aWorker(name: string, spec: Record<string, unknown> = {}): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'Worker',
    metadata: { name },
    spec: { template: 'small', region: 'sim-1', ...spec },
  };
}

export async function writeSecret(world: WorkersWorld, name: string, value: string): Promise<void> {
  await writeFile(join(world.secretsDir, name), `${value}\n`, { mode: 0o600 });
}

async function setCmlFaults(url: string, faults: Partial<FaultSettings>): Promise<void> {
  const response = await fetch(`${url}/_sim/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (!response.ok) throw new Error(`cml-sim refused faults: ${response.status}`);
}
