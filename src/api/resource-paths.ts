/** URL layout of the resource API (SPEC.md "API contract details"), from the kinds registry. */
import type { KindDefinition } from '../resources/index.js';

export const API_BASE = '/apis/lcm/v1';

/** The collection URL of a kind, with `:namespace` for namespaced kinds. */
export function collectionPath(kind: KindDefinition): string {
  return kind.scope === 'Namespaced'
    ? `${API_BASE}/namespaces/:namespace/${kind.plural}`
    : `${API_BASE}/${kind.plural}`;
}

/** One object's URL. */
export function objectPath(kind: KindDefinition): string {
  return `${collectionPath(kind)}/:name`;
}

/** The kinds the resource API serves: every registered kind that is not internal. */
export function servedKinds(kinds: readonly KindDefinition[]): KindDefinition[] {
  return kinds.filter((kind) => kind.internal !== true);
}
