/** LabletSession rules: the definition resolves to an Active one and is pinned; timeslot defaults and bounds. */
import { isDeepStrictEqual } from 'node:util';
import { InvalidError } from '../../errors/index.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Guard } from '../guard.js';
import { resolveDefinition } from '../resolve-definition.js';

/**
 * Every session is created with this finalizer: deleting it asks the sessions controller to tear
 * it down (lab, LDS access, capacity), which removes the finalizer once the session is Terminated.
 */
export const SESSION_FINALIZER = 'lcm.io/session-teardown';

export const admitLabletSession: Guard = async (request, { reader, clock }) => {
  if (request.operation === 'delete' || request.operation === 'updateStatus') return request.object;
  const session = request.object as unknown as LabletSession;
  const old = request.oldObject as unknown as LabletSession | undefined;
  if (old) {
    for (const field of ['definition', 'owner', 'reservation'] as const)
      if (!isDeepStrictEqual(old.spec[field], session.spec[field]))
        throw invalid(`spec.${field}`, `spec.${field} cannot change after the session is created`);
    const timeslot = session.spec.timeslot;
    if (!timeslot) throw invalid('spec.timeslot', 'spec.timeslot cannot be removed once set');
    if (!isDeepStrictEqual(old.spec.timeslot, timeslot)) {
      // The pinned definition stays readable (and its maximum binding) even when no longer Active.
      const name = session.spec.definition.name ?? '';
      const pinned = await reader.get('LabletDefinition', name, session.metadata.namespace);
      assertWithinMaximum(timeslot, pinned as unknown as LabletDefinition);
    }
    return request.object;
  }
  const namespace = session.metadata.namespace ?? 'default';
  const definition = await resolveDefinition(session.spec.definition, namespace, reader);
  const maxMinutes = definition.spec.maxDurationMinutes;
  const start = session.spec.timeslot?.start ?? clock.now().toISOString();
  const end =
    session.spec.timeslot?.end ?? new Date(Date.parse(start) + maxMinutes * 60_000).toISOString();
  assertWithinMaximum({ start, end }, definition);
  const pinned: LabletSession['spec'] = {
    ...session.spec,
    definition: { name: definition.metadata.name, version: definition.spec.version },
    timeslot: { start, end },
  };
  const finalizers = session.metadata.finalizers ?? [];
  return {
    ...request.object,
    metadata: {
      ...session.metadata,
      finalizers: finalizers.includes(SESSION_FINALIZER)
        ? finalizers
        : [...finalizers, SESSION_FINALIZER],
    },
    spec: pinned,
  };
};

/** End after start, and no longer than the definition's `maxDurationMinutes`. */
function assertWithinMaximum(
  timeslot: { start: string; end: string },
  definition: LabletDefinition,
): void {
  assertTimeslot(timeslot);
  const maxMinutes = definition.spec.maxDurationMinutes;
  if (Date.parse(timeslot.end) - Date.parse(timeslot.start) > maxMinutes * 60_000)
    throw invalid(
      'spec.timeslot.end',
      `the timeslot is longer than ${definition.metadata.name}'s maximum of ${maxMinutes} minutes`,
    );
}

export function assertTimeslot(
  timeslot: { start: string; end: string },
  field = 'spec.timeslot',
): void {
  if (Date.parse(timeslot.end) <= Date.parse(timeslot.start))
    throw invalid(
      `${field}.end`,
      `${field}.end (${timeslot.end}) must be after ${field}.start (${timeslot.start})`,
    );
}

function invalid(field: string, message: string): InvalidError {
  return new InvalidError(message, { details: { field } });
}
