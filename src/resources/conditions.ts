/** Helpers for `status.conditions`: read, test and set with correct `lastTransitionTime`. */
import type { Condition } from './meta.js';

export function findCondition(
  conditions: readonly Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((condition) => condition.type === type);
}

export function isConditionTrue(
  conditions: readonly Condition[] | undefined,
  type: string,
): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Returns a new conditions list with `update` applied. `lastTransitionTime` moves only when the
 * status changes, so readers can tell how long a condition has held.
 */
export function setCondition(
  conditions: readonly Condition[] | undefined,
  update: Omit<Condition, 'lastTransitionTime'>,
  now: Date,
): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((condition) => condition.type === update.type);
  const previous = index >= 0 ? list[index] : undefined;
  const lastTransitionTime =
    previous && previous.status === update.status ? previous.lastTransitionTime : now.toISOString();
  const next: Condition = { ...update, lastTransitionTime };
  if (index >= 0) list[index] = next;
  else list.push(next);
  return list;
}
