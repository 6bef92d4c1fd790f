/**
 * Step: user activity on the worker — the newest lab or node event in CML's telemetry moves
 * `status.lastActivityAt` forward (idle detection reads it). Pure.
 */
import type { CmlLabEvent } from '../../../providers/cml/cml-wire-types.js';
import type { WorkerStatusDraft } from '../worker-status-draft.js';

export function recordActivity(draft: WorkerStatusDraft, events: readonly CmlLabEvent[]): void {
  const latestMs = latestActivityMs(events);
  if (latestMs === undefined) return;
  const current = draft.status.lastActivityAt;
  if (current !== undefined && Date.parse(current) >= latestMs) return;
  draft.set('lastActivityAt', new Date(latestMs).toISOString());
}

/** Lab events (create, import, start, stop, wipe, delete) and node events count; links do not. */
function isActivity(event: CmlLabEvent): boolean {
  return event.event_type === 'lab_event' || event.element_type === 'node';
}

function latestActivityMs(events: readonly CmlLabEvent[]): number | undefined {
  let latest: number | undefined;
  for (const event of events) {
    const at = Date.parse(event.timestamp);
    if (isActivity(event) && !Number.isNaN(at) && (latest === undefined || at > latest))
      latest = at;
  }
  return latest;
}
