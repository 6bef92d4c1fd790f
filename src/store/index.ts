/** The store layer's public contract. Concrete backends are imported by `app/` and tests only. */
export type {
  ChangeType,
  DeletePreconditions,
  ListOptions,
  ListResult,
  ResourceStore,
  StoreOp,
  Watch,
  WatchEvent,
  WatchOptions,
} from './resource-store.js';
export type { StoreOptions } from './store-options.js';
