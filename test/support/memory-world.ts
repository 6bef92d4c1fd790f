/** A memory store of the test kinds (and Lease) on a manual clock, with a local client over it. */
import { ALLOW_ALL } from '../../src/admission/admission.js';
import { LocalResourceClient } from '../../src/client/local-client.js';
import { ManualClock } from '../../src/clock/index.js';
import type { StoreConfig } from '../../src/config/index.js';
import { KindRegistry } from '../../src/resources/index.js';
import { LEASE_KIND } from '../../src/resources/kinds/lease.js';
import { CONFORMANCE_CONFIG } from '../../src/store/conformance/conformance-helpers.js';
import { TEST_KINDS } from '../../src/store/conformance/test-kinds.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

export interface MemoryWorld {
  clock: ManualClock;
  store: MemoryStore;
  /** Admission lets everything through: these worlds test the runtime, not the rules. */
  local: LocalResourceClient;
}

/** The caller closes `store` when done. */
export function createMemoryWorld(config: Partial<StoreConfig> = {}): MemoryWorld {
  const clock = new ManualClock();
  const store = new MemoryStore({
    registry: new KindRegistry([...TEST_KINDS, LEASE_KIND]),
    clock,
    config: { ...CONFORMANCE_CONFIG, ...config },
  });
  return { clock, store, local: new LocalResourceClient({ store, admission: ALLOW_ALL }) };
}
