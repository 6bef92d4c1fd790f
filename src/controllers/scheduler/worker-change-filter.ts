/**
 * Which Worker changes may let a waiting session in, so that only those requeue the pending
 * sessions: a new worker, a phase, cordon, drain or desired-state change, new capacity or CML
 * facts, or a released allocation. A bind (one more allocation) or a metrics refresh cannot, and
 * with 10,000 pending sessions requeuing them on every bind would cost more than the binds.
 */
import type { AnyResource } from '../../resources/index.js';
import type { Worker } from '../../resources/kinds/worker.js';

interface Seen {
  signature: string;
  allocations: number;
}

export class WorkerChangeFilter {
  /** Last state seen per worker. The controller passes the old object, then the new one. */
  readonly #seen = new Map<string, Seen>();

  /** True when `object` differs from the last state seen of it in a way that may free room. */
  mayAdmitMore(object: AnyResource): boolean {
    const worker = object as unknown as Worker;
    const next: Seen = {
      signature: signatureOf(worker),
      allocations: worker.status?.allocations?.length ?? 0,
    };
    const previous = this.#seen.get(worker.metadata.name);
    this.#seen.set(worker.metadata.name, next);
    return (
      !previous || previous.signature !== next.signature || next.allocations < previous.allocations
    );
  }
}

function signatureOf(worker: Worker): string {
  const { spec, status } = worker;
  return JSON.stringify([
    spec.template,
    spec.unschedulable,
    spec.drain,
    spec.desiredState,
    status?.phase,
    status?.capacity?.declared,
    status?.cml?.version,
    status?.cml?.nodeDefinitions,
    status?.cml?.license,
    worker.metadata.deletionTimestamp,
  ]);
}
