/**
 * The fleet's Prometheus gauges, computed from the Worker cache at scrape time: workers by phase,
 * and declared and allocated capacity summed over Running workers. Created once per registry.
 */
import { Gauge } from 'prom-client';
import type { Registry } from '../../observability/index.js';
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import { WORKER_PHASES, type Worker } from '../../resources/kinds/worker.js';

const RESOURCES = [
  'cpu',
  'memoryMiB',
  'storageGiB',
  'nodes',
] as const satisfies readonly (keyof Quantity)[];

/** Where the gauges read workers from; the running workers controller sets it. */
export interface FleetMetrics {
  /** Reads the fleet from `list` from now on (the last caller wins). */
  observe(list: () => readonly Worker[]): void;
}

const registered = new WeakMap<Registry, FleetMetrics>();

/** The fleet gauges on `registry`, registering them on first use. */
export function getFleetMetrics(registry: Registry): FleetMetrics {
  let metrics = registered.get(registry);
  if (!metrics) {
    metrics = createFleetMetrics(registry);
    registered.set(registry, metrics);
  }
  return metrics;
}

function createFleetMetrics(registry: Registry): FleetMetrics {
  let workers: () => readonly Worker[] = () => [];
  const registers = [registry];
  new Gauge({
    name: 'lcm_workers',
    help: 'Workers by phase.',
    labelNames: ['phase'],
    registers,
    collect() {
      const counts = new Map<string, number>(WORKER_PHASES.map((phase) => [phase, 0]));
      for (const worker of workers()) {
        const phase = worker.status?.phase ?? 'Pending';
        counts.set(phase, (counts.get(phase) ?? 0) + 1);
      }
      for (const [phase, count] of counts) this.set({ phase }, count);
    },
  });
  const capacityGauge = (which: 'declared' | 'allocated'): void => {
    new Gauge({
      name: `lcm_worker_capacity_${which}`,
      help: `Capacity ${which} on Running workers, summed by resource (cpu, memoryMiB, storageGiB, nodes).`,
      labelNames: ['resource'],
      registers,
      collect() {
        const running = workers().filter((worker) => worker.status?.phase === 'Running');
        for (const resource of RESOURCES) {
          const sum = running.reduce(
            (total, worker) => total + (worker.status?.capacity?.[which][resource] ?? 0),
            0,
          );
          this.set({ resource }, sum);
        }
      },
    });
  };
  capacityGauge('declared');
  capacityGauge('allocated');
  return {
    observe(list) {
      workers = list;
    },
  };
}
