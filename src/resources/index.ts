/** The resource model: object shape, conditions, names, label selectors and the kinds registry. */
export {
  API_VERSION,
  formatObjectKey,
  type AnyResource,
  type BaseStatus,
  type Condition,
  type ObjectKey,
  type ObjectMeta,
  type OwnerReference,
  type Resource,
} from './meta.js';
export { findCondition, isConditionTrue, setCondition } from './conditions.js';
export { KindRegistry, type KindDefinition, type KindScope } from './registry.js';
export { assertValidName, assertValidNamespace } from './names.js';
export {
  parseLabelSelector,
  matchesLabelSelector,
  type LabelSelector,
  type SelectorOperator,
  type SelectorRequirement,
} from './label-selector.js';
