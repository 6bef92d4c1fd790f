/** Kinds used only by the store's own tests: one namespaced, one cluster-scoped. */
import { API_VERSION, KindRegistry, type AnyResource } from '../../resources/index.js';

export const TEST_KINDS = [
  { kind: 'TestWidget', plural: 'testwidgets', scope: 'Namespaced' },
  { kind: 'TestNode', plural: 'testnodes', scope: 'Cluster' },
] as const;

export function createTestRegistry(): KindRegistry {
  return new KindRegistry(TEST_KINDS);
}

/** A namespaced TestWidget with the given spec. */
export function aWidget(
  name: string,
  spec: Record<string, unknown> = {},
  extra: { namespace?: string; labels?: Record<string, string>; finalizers?: string[] } = {},
): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind: 'TestWidget',
    metadata: {
      name,
      namespace: extra.namespace ?? 'default',
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec,
  };
}

/** A cluster-scoped TestNode. */
export function aNode(name: string, spec: Record<string, unknown> = {}): AnyResource {
  return { apiVersion: API_VERSION, kind: 'TestNode', metadata: { name }, spec };
}
