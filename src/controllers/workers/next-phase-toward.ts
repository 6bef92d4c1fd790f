/**
 * The next Worker phase on the shortest path the phase machine allows toward an observed phase:
 * the cloud can skip steps (a stop and start between two looks), the recorded history cannot.
 */
import { WORKER_MACHINE, type WorkerPhase } from '../../resources/kinds/worker.js';

/**
 * Per observed phase, the phases a worker may pass through on the way: each a fact the observation
 * implies (a running instance was provisioning; one starting again was stopped; a stopped one was
 * stopping). Running is never among them — it means CML answered, which only the readiness check
 * can say — and nothing is implied on the way to Terminating (an instance can be terminated from
 * any state).
 */
const IMPLIED: Partial<Record<WorkerPhase, readonly WorkerPhase[]>> = {
  Starting: ['Provisioning', 'Stopping', 'Stopped'],
  Running: ['Provisioning', 'Starting'],
  Stopping: ['Starting'],
  Stopped: ['Starting', 'Stopping'],
};

/**
 * The first phase after `from` on the shortest allowed path to `to` through its implied phases; `to`
 * itself when the move is direct; `undefined` when `from` is `to` or no such path exists (the
 * worker then stays where it is until a later observation allows a move).
 */
export function nextPhaseToward(from: WorkerPhase, to: WorkerPhase): WorkerPhase | undefined {
  if (from === to) return undefined;
  const implied = IMPLIED[to] ?? [];
  const firstHop = new Map<WorkerPhase, WorkerPhase>();
  const queue: WorkerPhase[] = [from];
  for (let phase = queue.shift(); phase !== undefined; phase = queue.shift()) {
    for (const next of WORKER_MACHINE.table[phase]) {
      if (next === from || firstHop.has(next)) continue;
      const hop = phase === from ? next : (firstHop.get(phase) as WorkerPhase);
      if (next === to) return hop;
      firstHop.set(next, hop);
      if (implied.includes(next)) queue.push(next);
    }
  }
  return undefined;
}
