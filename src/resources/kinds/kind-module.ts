/** What each built-in kind file exports for the registry and admission: names, schemas, phases. */
import type { TSchema } from '@sinclair/typebox';
import type { KindDefinition } from '../registry.js';
import type { PhaseMachine } from './phase-machine.js';

export interface KindModule {
  definition: KindDefinition;
  /** Validates (and, through its defaults, completes) `spec`. */
  specSchema: TSchema;
  /** Validates `status`. */
  statusSchema: TSchema;
  /** The phase table of `status.phase`, for kinds that have phases. */
  machine?: PhaseMachine<string>;
}
