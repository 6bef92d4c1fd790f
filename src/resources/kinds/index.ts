/** The built-in kinds of LCM, registered in every process. */
import { KindRegistry, type KindDefinition } from '../registry.js';

export const BUILT_IN_KINDS: readonly KindDefinition[] = [];

export function createKindRegistry(): KindRegistry {
  return new KindRegistry(BUILT_IN_KINDS);
}
