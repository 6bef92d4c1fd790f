/** Options every store backend takes. */
import type { Clock } from '../clock/index.js';
import type { StoreConfig } from '../config/index.js';
import type { KindRegistry } from '../resources/index.js';

export interface StoreOptions {
  /** The kinds this store accepts. */
  registry: KindRegistry;
  clock: Clock;
  /** Retention, bookmark, poll and size settings; defaults in config/schema.ts. */
  config: StoreConfig;
}
