/** The Worker condition `ScaleDown`: the last scale-down decision, with its reason and message. */
import { setCondition, type Condition } from '../../resources/index.js';
import { SCALE_DOWN_CONDITION, type ScaleDownDecision } from './scale-down-policy.js';

/**
 * The `ScaleDown` condition for `decision` (without `lastTransitionTime`): `True` with reason
 * `IdleTimeout` to scale down, `False` with the skip reason and its message to keep.
 */
export function scaleDownCondition(
  decision: ScaleDownDecision,
): Omit<Condition, 'lastTransitionTime'> {
  if (decision.decision === 'Keep')
    return {
      type: SCALE_DOWN_CONDITION,
      status: 'False',
      reason: decision.reason,
      message: decision.message,
    };
  return {
    type: SCALE_DOWN_CONDITION,
    status: 'True',
    reason: decision.reason,
    message: `idle since ${decision.idleSince.toISOString()}; drain, then ${decision.action.toLowerCase()}`,
  };
}

/**
 * Returns `conditions` with `ScaleDown` set from `decision`. `lastTransitionTime` moves only when
 * the status changes, so a `True` condition's time is when the scale-down was decided — the
 * region's cooldown reads it.
 */
export function setScaleDownCondition(
  conditions: readonly Condition[] | undefined,
  decision: ScaleDownDecision,
  now: Date,
): Condition[] {
  return setCondition(conditions, scaleDownCondition(decision), now);
}
