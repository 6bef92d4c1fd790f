/**
 * A worker's capacity as the scheduler sees it: declared (the worker's own, else its template's)
 * minus the sum of `status.allocations`, the only record of what is placed there (SPEC.md "Worker").
 */
import type { Quantity } from '../../../resources/kinds/common-schemas.js';
import type { Worker } from '../../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';

export const DIMENSIONS = ['cpu', 'memoryMiB', 'storageGiB', 'nodes'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Fractional vCPU sums (0.1 + 0.2) must not turn an exact fit into a rejection. */
const TOLERANCE = 1e-9;

/** Declared, allocated (sum of allocations) and free (declared − allocated, may be negative). */
export interface WorkerCapacity {
  declared: Quantity;
  allocated: Quantity;
  free: Quantity;
}

export const ZERO_QUANTITY: Readonly<Quantity> = Object.freeze({
  cpu: 0,
  memoryMiB: 0,
  storageGiB: 0,
  nodes: 0,
});

/**
 * The capacity of `worker`: `status.capacity.declared`, else `template.spec.capacity`, else zero;
 * allocated is summed from `status.allocations` (not the `capacity.allocated` mirror, which may
 * lag). O(allocations); pure, so a caller may cache it per worker resourceVersion.
 */
export function freeCapacityOf(
  worker: Worker,
  template: WorkerTemplate | undefined,
): WorkerCapacity {
  const declared = worker.status?.capacity?.declared ?? template?.spec.capacity ?? ZERO_QUANTITY;
  // Field by field rather than over DIMENSIONS: this runs for every worker on every placement.
  let cpu = 0;
  let memoryMiB = 0;
  let storageGiB = 0;
  let nodes = 0;
  for (const allocation of worker.status?.allocations ?? []) {
    cpu += allocation.cpu;
    memoryMiB += allocation.memoryMiB;
    storageGiB += allocation.storageGiB;
    nodes += allocation.nodes;
  }
  return {
    declared,
    allocated: { cpu, memoryMiB, storageGiB, nodes },
    free: {
      cpu: declared.cpu - cpu,
      memoryMiB: declared.memoryMiB - memoryMiB,
      storageGiB: declared.storageGiB - storageGiB,
      nodes: declared.nodes - nodes,
    },
  };
}

/** Whether `need` fits into `available` in every dimension. */
export function quantityFits(need: Quantity, available: Quantity): boolean {
  return DIMENSIONS.every((dimension) => amountFits(need[dimension], available[dimension]));
}

export function amountFits(need: number, available: number): boolean {
  return need <= available + TOLERANCE;
}

/** "4 vCPU, 8192 MiB, 20 GiB, 5 nodes", for messages. */
export function formatQuantity(quantity: Quantity): string {
  return DIMENSIONS.map((dimension) => formatAmount(dimension, quantity[dimension])).join(', ');
}

const UNITS: Readonly<Record<Dimension, string>> = {
  cpu: 'vCPU',
  memoryMiB: 'MiB memory',
  storageGiB: 'GiB storage',
  nodes: 'nodes',
};

/** "4 vCPU", "8192 MiB memory"; fractions to two decimals. */
export function formatAmount(dimension: Dimension, amount: number): string {
  return `${formatNumber(amount)} ${UNITS[dimension]}`;
}

export function formatNumber(amount: number): string {
  return String(Math.round(amount * 100) / 100);
}
