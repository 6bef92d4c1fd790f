/** The memory backend passes the store conformance suite. */
import { describeStoreConformance } from '../conformance/store-conformance.js';
import { MemoryStore } from './memory-store.js';

// No `reopen`: the memory backend keeps nothing across a restart, so the restart test does not apply.
describeStoreConformance('memory', {
  open: async (options) => new MemoryStore(options),
});
