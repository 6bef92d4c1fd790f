/** A ResourceClient that delegates to another except for the methods a test overrides. */
import type { ResourceClient } from '../../src/client/resource-client.js';

export function interceptClient(
  inner: ResourceClient,
  overrides: Partial<ResourceClient>,
): ResourceClient {
  return {
    get: overrides.get ?? ((...args) => inner.get(...args)),
    list: overrides.list ?? ((...args) => inner.list(...args)),
    create: overrides.create ?? ((...args) => inner.create(...args)),
    update: overrides.update ?? ((...args) => inner.update(...args)),
    updateStatus: overrides.updateStatus ?? ((...args) => inner.updateStatus(...args)),
    patch: overrides.patch ?? ((...args) => inner.patch(...args)),
    delete: overrides.delete ?? ((...args) => inner.delete(...args)),
    transact: overrides.transact ?? ((...args) => inner.transact(...args)),
    watch: overrides.watch ?? ((...args) => inner.watch(...args)),
  };
}
