/** A memory store of the built-in kinds with built-in admission on a manual clock: the domain, no HTTP. */
import { BuiltInAdmission } from '../../src/admission/built-in-admission.js';
import { ManualClock } from '../../src/clock/index.js';
import { LocalResourceClient } from '../../src/client/local-client.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../src/store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../src/store/memory/memory-store.js';

export interface BuiltInWorld {
  clock: ManualClock;
  store: MemoryStore;
  /** Unaudited; use `client.withAudit(...)` for an audited view. */
  client: LocalResourceClient;
}

/** The caller closes `store` when done. */
export function createBuiltInWorld(startIso = '2026-11-25T10:00:00Z'): BuiltInWorld {
  const clock = new ManualClock(Date.parse(startIso));
  const store = new MemoryStore({
    registry: createKindRegistry(),
    clock,
    config: CONFORMANCE_CONFIG,
  });
  const client = new LocalResourceClient({
    store,
    admission: new BuiltInAdmission({ clock }),
    clock,
  });
  return { clock, store, client };
}
