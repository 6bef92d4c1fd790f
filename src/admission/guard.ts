/** The shape of a kind's admission guard: semantic rules beyond the schema, and defaulting. */
import type { Clock } from '../clock/index.js';
import type { AnyResource } from '../resources/index.js';
import type { AdmissionReader, AdmissionRequest } from './admission.js';

export interface GuardContext {
  reader: AdmissionReader;
  clock: Clock;
}

/** Returns the object to store (possibly completed), or throws `Invalid` naming the field. */
export type Guard = (request: AdmissionRequest, context: GuardContext) => Promise<AnyResource>;
