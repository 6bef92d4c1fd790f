/** The kinds registry: kind → plural and scope. The store rejects kinds it does not know. */
import { InvalidError } from '../errors/index.js';

export type KindScope = 'Namespaced' | 'Cluster';

export interface KindDefinition {
  /** PascalCase kind, e.g. `LabletSession`. */
  kind: string;
  /** Lower-case plural used in API paths, e.g. `labletsessions`. */
  plural: string;
  scope: KindScope;
  /**
   * Internal kinds (users, API keys, audit records, …) hold credentials or bookkeeping: the store
   * keeps them like any kind, but the generic resource REST API and the event stream never serve them.
   */
  internal?: boolean;
}

export class KindRegistry {
  #byKind = new Map<string, KindDefinition>();
  #byPlural = new Map<string, KindDefinition>();

  constructor(definitions: readonly KindDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: KindDefinition): void {
    if (this.#byKind.has(definition.kind) || this.#byPlural.has(definition.plural))
      throw new Error(`kind ${definition.kind} (${definition.plural}) is registered twice`);
    this.#byKind.set(definition.kind, definition);
    this.#byPlural.set(definition.plural, definition);
  }

  /** The definition of `kind`; throws `Invalid` naming the known kinds when it is unknown. */
  get(kind: string): KindDefinition {
    const definition = this.#byKind.get(kind);
    if (!definition)
      throw new InvalidError(
        `kind "${kind}" is not known; known kinds: ${[...this.#byKind.keys()].join(', ')}`,
        { details: { field: 'kind', kind } },
      );
    return definition;
  }

  findByPlural(plural: string): KindDefinition | undefined {
    return this.#byPlural.get(plural);
  }

  list(): KindDefinition[] {
    return [...this.#byKind.values()];
  }
}
