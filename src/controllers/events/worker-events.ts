/**
 * Feed events of a Worker: `ccm.worker.<phase>` per phase change, `ccm.worker.scaled.up` when the
 * scheduler creates a worker for demand (label `lcm.io/scale-up`), and `ccm.worker.scaled.down`
 * when the workers controller starts a scale-down — the move to Draining whose history reason is
 * `ScaleDown: <reason>` (steps/scale-down.ts), written together with the `ScaleDown` condition.
 */
import { findCondition, type AnyResource } from '../../resources/index.js';
import type { Worker } from '../../resources/kinds/worker.js';
import { SCALE_UP_DEMAND_ANNOTATION, SCALE_UP_LABEL } from '../scheduler/scale-up-plan.js';
import { SCALE_DOWN_CONDITION } from '../workers/scale-down-policy.js';
import type { IndexedEntry } from './new-history-entries.js';
import { FEED_TYPES, definedFields, subjectOf, uidOf, type FeedEvent } from './feed-event.js';

const SCALE_DOWN_REASON_PREFIX = `${SCALE_DOWN_CONDITION}:`;

/** Scale-up first (on creation), then one event per new history entry, each scale-down after its phase event. */
export function workerEvents(
  object: AnyResource,
  entries: readonly IndexedEntry[],
  change: { revision: number; added: boolean; now: Date },
): FeedEvent[] {
  const worker = object as unknown as Worker;
  const { revision } = change;
  const events: FeedEvent[] = [];
  if (change.added && worker.metadata.labels?.[SCALE_UP_LABEL] === 'true')
    events.push(scaledUp(object, worker, change));
  for (const { index, entry } of entries) {
    const base = { subject: subjectOf(object), time: entry.at, revision };
    events.push({
      ...base,
      id: `${uidOf(object)}.${index}`,
      type: `${FEED_TYPES.workerPhase}${entry.to.toLowerCase()}`,
      data: definedFields({
        ...describe(worker),
        phase: entry.to,
        previousPhase: entry.from,
        reason: entry.reason,
        actor: entry.actor,
        instanceId: worker.status?.instanceId,
        endpoint: worker.status?.endpoint,
      }),
    });
    if (entry.to === 'Draining' && entry.reason?.startsWith(SCALE_DOWN_REASON_PREFIX)) {
      const condition = findCondition(worker.status?.conditions, SCALE_DOWN_CONDITION);
      events.push({
        ...base,
        id: `${uidOf(object)}.${index}.scaled-down`,
        type: FEED_TYPES.workerScaledDown,
        data: definedFields({
          ...describe(worker),
          reason: entry.reason.slice(SCALE_DOWN_REASON_PREFIX.length).trim(),
          message: condition?.message,
        }),
      });
    }
  }
  return events;
}

function scaledUp(
  object: AnyResource,
  worker: Worker,
  change: { revision: number; now: Date },
): FeedEvent {
  return {
    id: `${uidOf(object)}.scaled-up`,
    type: FEED_TYPES.workerScaledUp,
    subject: subjectOf(object),
    time: worker.metadata.creationTimestamp ?? change.now.toISOString(),
    revision: change.revision,
    data: { ...describe(worker), demand: demandOf(worker) },
  };
}

function describe(worker: Worker): Record<string, unknown> {
  return { name: worker.metadata.name, region: worker.spec.region, template: worker.spec.template };
}

/** The session keys the worker was created for (`lcm.io/scale-up-demand`); [] if unreadable. */
function demandOf(worker: Worker): string[] {
  const text = worker.metadata.annotations?.[SCALE_UP_DEMAND_ANNOTATION];
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((key) => typeof key === 'string') : [];
  } catch {
    return [];
  }
}
