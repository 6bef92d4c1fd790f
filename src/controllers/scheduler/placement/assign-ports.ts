/**
 * Port assignment: one port per port-template entry, the lowest ports of the worker's template
 * range that no allocation on the worker holds, in template order (SPEC.md "Worker": a port is held
 * by at most one holder per worker; the bind transaction enforces it, this only picks).
 */
import type { Worker } from '../../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../../resources/kinds/worker-template.js';
import type { PortAssignment } from '../placement-types.js';

export interface PortRange {
  from: number;
  to: number;
}

/** The schema default of `WorkerTemplate.spec.ports`, used when the worker's template is gone. */
export const DEFAULT_PORT_RANGE: Readonly<PortRange> = Object.freeze({ from: 2000, to: 9999 });

export function portRangeOf(template: WorkerTemplate | undefined): PortRange {
  return template?.spec.ports ?? DEFAULT_PORT_RANGE;
}

/** "2000–9999", for messages. */
export function formatPortRange(range: PortRange): string {
  return `${range.from}–${range.to}`;
}

/**
 * The lowest `count` ports of the template's range held by no allocation of `worker`, ascending;
 * fewer when the range runs out (then the result is every free port). O(held ports + count).
 */
export function freePortsOf(
  worker: Worker,
  template: WorkerTemplate | undefined,
  count: number,
): number[] {
  if (count <= 0) return [];
  const held = new Set<number>();
  for (const allocation of worker.status?.allocations ?? []) {
    for (const { port } of allocation.ports) held.add(port);
  }
  const { from, to } = portRangeOf(template);
  const free: number[] = [];
  for (let port = from; port <= to && free.length < count; port += 1) {
    if (!held.has(port)) free.push(port);
  }
  return free;
}

/**
 * How many ports of the template's range no allocation holds, without listing them: O(held ports)
 * and nothing allocated, cheap enough to run for every worker. A port held twice (which the bind
 * forbids) would only make the count conservative.
 */
export function freePortCountOf(worker: Worker, template: WorkerTemplate | undefined): number {
  const { from, to } = portRangeOf(template);
  let held = 0;
  for (const allocation of worker.status?.allocations ?? []) {
    for (const { port } of allocation.ports) if (port >= from && port <= to) held += 1;
  }
  return Math.max(0, to - from + 1 - held);
}

/**
 * Pairs each port-template entry with the next free port, in order; entries beyond the free ports
 * get none, so callers check the free-port count first (the InsufficientPorts filter does).
 */
export function assignPorts(
  portTemplate: readonly { name: string; protocol: string }[],
  freePorts: readonly number[],
): PortAssignment[] {
  const assignments: PortAssignment[] = [];
  portTemplate.forEach((entry, index) => {
    const port = freePorts[index];
    if (port !== undefined) assignments.push({ name: entry.name, protocol: entry.protocol, port });
  });
  return assignments;
}
