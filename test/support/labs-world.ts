/**
 * The labs controller on simulated CML workers: a built-in world, one cml-sim per worker (fast
 * boots on a ManualClock), Workers written straight into the store as Running with their CML
 * endpoint (no workers controller), and helpers to import labs and read LabRecords.
 */
import {
  createLabsController,
  type LabsController,
} from '../../src/controllers/labs/labs-controller.js';
import { createMetricsRegistry, createSilentLogger } from '../../src/observability/index.js';
import { HttpCmlClient } from '../../src/providers/cml/http-cml-client.js';
import { API_VERSION } from '../../src/resources/index.js';
import {
  LAB_MACHINE,
  type LabPhase,
  type LabRecord,
  type LabRecordStatus,
} from '../../src/resources/kinds/lab-record.js';
import { transitionPhase } from '../../src/resources/kinds/phase-machine.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import { startCmlSim, type CmlSim } from '../../src/sim/cml-sim/cml-sim.js';
import { createBuiltInWorld, type BuiltInWorld } from './built-in-world.js';
import { aTemplate } from './builders.js';
import { TWO_PORT_TOPOLOGY, startRunningWorker } from './scheduler-fixtures.js';
import { waitFor } from './wait-for.js';

/** 100× faster boots: an iosv lab converges in 0.9 s of the clock. */
const TIME_SCALE = 0.01;

export const LABS_CONFIG = { discoveryIntervalMinutes: 5, orphanGraceMinutes: 60 };

export interface LabsWorld extends BuiltInWorld {
  controller: LabsController;
  /** Creates a Running worker whose CML is a fresh cml-sim. */
  addWorker(name: string): Promise<Worker>;
  sim(worker: string): CmlSim;
  cml(worker: string): HttpCmlClient;
  /** Imports a one-node (iosv) topology on the worker's CML; resolves with the CML lab id. */
  importLab(worker: string, title?: string): Promise<string>;
  /** Creates a LabRecord and moves it through `phases`, each write carrying `extra` too. */
  createLab(
    name: string,
    spec: LabRecord['spec'],
    phases?: LabPhase[],
    extra?: Partial<LabRecordStatus>,
  ): Promise<LabRecord>;
  lab(name: string): Promise<LabRecord>;
  /** Sets (or clears) `spec.pendingAction`, as an operator would. */
  setAction(lab: string, action: LabRecord['spec']['pendingAction']): Promise<void>;
  /** Writes `status.phase` of an object through `phases`, one write each. */
  setPhases(kind: string, name: string, phases: string[], namespace?: string): Promise<void>;
  labs(): Promise<LabRecord[]>;
  worker(name: string): Promise<Worker>;
  /** Advances the clock a second at a time (only while the controller is idle) until `check`. */
  eventually(check: () => Promise<boolean>, description: string): Promise<void>;
  /** Waits (without moving the clock) until the controller has nothing ready to do. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startLabsWorld(config: Partial<typeof LABS_CONFIG> = {}): Promise<LabsWorld> {
  const world = createBuiltInWorld();
  const { client, clock } = world;
  await client.create(aTemplate('small'));
  const sims = new Map<string, CmlSim>();
  const clients = new Map<string, HttpCmlClient>();
  const cmlFor = (endpoint: string): HttpCmlClient => {
    let cml = clients.get(endpoint);
    if (!cml) {
      cml = new HttpCmlClient({ baseUrl: endpoint, username: 'admin', password: 'admin' });
      clients.set(endpoint, cml);
    }
    return cml;
  };
  const controller = createLabsController({
    client,
    clock,
    logger: createSilentLogger(),
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    providers: { cmlFor },
    labs: { ...LABS_CONFIG, ...config },
  });
  const abort = new AbortController();
  const running = controller.start(abort.signal);
  const sim = (worker: string): CmlSim => {
    const found = sims.get(worker);
    if (!found) throw new Error(`no cml-sim for worker ${worker}`);
    return found;
  };
  const cml = (worker: string): HttpCmlClient => cmlFor(sim(worker).url);
  const lab = async (name: string) => (await client.get('LabRecord', name)) as unknown as LabRecord;
  const settle = () => waitFor(() => controller.isIdle(), { description: 'labs controller idle' });
  return {
    ...world,
    controller,
    async addWorker(name) {
      const started = await startCmlSim({ clock, timeScale: TIME_SCALE, hostname: name });
      sims.set(name, started);
      const running = await startRunningWorker(client, name, 'small');
      const status = { ...running.status, endpoint: started.url, cml: { ready: true } };
      return (await client.updateStatus({ ...running, status })) as unknown as Worker;
    },
    sim,
    cml,
    async importLab(worker, title = 'imported by a test') {
      return (await cml(worker).importLab({ yaml: TWO_PORT_TOPOLOGY, title })).id;
    },
    async createLab(name, spec, phases = [], extra = {}) {
      let object = await client.create({
        apiVersion: API_VERSION,
        kind: 'LabRecord',
        metadata: { name },
        spec,
      });
      let status: LabRecordStatus = {};
      for (const phase of phases) {
        status = transitionPhase(LAB_MACHINE, status, phase, { at: clock.now(), reason: 'test' });
        object = await client.updateStatus({ ...object, status: { ...status, ...extra } });
      }
      return object as unknown as LabRecord;
    },
    lab,
    async setAction(name, action) {
      const current = await lab(name);
      const { pendingAction: _previous, ...spec } = current.spec;
      await client.update({ ...current, spec: action ? { ...spec, pendingAction: action } : spec });
    },
    async setPhases(kind, name, phases, namespace) {
      for (const phase of phases) {
        const object = await client.get(kind, name, namespace);
        await client.updateStatus({ ...object, status: { ...object.status, phase } });
      }
    },
    async labs() {
      return (await client.list('LabRecord')).items as unknown as LabRecord[];
    },
    async worker(name) {
      return (await client.get('Worker', name)) as unknown as Worker;
    },
    async eventually(check, description) {
      await waitFor(
        async () => {
          if (await check()) return true;
          if (controller.isIdle()) await clock.advance(1000);
          return false;
        },
        { timeoutMs: 30_000, description },
      );
    },
    settle,
    async close() {
      abort.abort();
      await running;
      await Promise.all([...clients.values()].map((c) => c.close()));
      await Promise.all([...sims.values()].map((s) => s.stop()));
      await world.store.close();
    },
  };
}
