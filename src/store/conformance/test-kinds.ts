/** Kinds used only by the store's own tests: two namespaced, one cluster-scoped. */
import { API_VERSION, KindRegistry, type AnyResource } from '../../resources/index.js';

export const TEST_KINDS = [
  { kind: 'TestWidget', plural: 'testwidgets', scope: 'Namespaced' },
  { kind: 'TestGadget', plural: 'testgadgets', scope: 'Namespaced' },
  { kind: 'TestNode', plural: 'testnodes', scope: 'Cluster' },
] as const;

export function createTestRegistry(): KindRegistry {
  return new KindRegistry(TEST_KINDS);
}

interface NamespacedExtras {
  namespace?: string;
  labels?: Record<string, string>;
  finalizers?: string[];
}

/** A namespaced TestWidget with the given spec. */
export function aWidget(
  name: string,
  spec: Record<string, unknown> = {},
  extra: NamespacedExtras = {},
): AnyResource {
  return aNamespaced('TestWidget', name, spec, extra);
}

/** A namespaced TestGadget: a second namespaced kind, for watches over several kinds. */
export function aGadget(
  name: string,
  spec: Record<string, unknown> = {},
  extra: NamespacedExtras = {},
): AnyResource {
  return aNamespaced('TestGadget', name, spec, extra);
}

/** A cluster-scoped TestNode. */
export function aNode(name: string, spec: Record<string, unknown> = {}): AnyResource {
  return { apiVersion: API_VERSION, kind: 'TestNode', metadata: { name }, spec };
}

function aNamespaced(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  extra: NamespacedExtras,
): AnyResource {
  return {
    apiVersion: API_VERSION,
    kind,
    metadata: {
      name,
      namespace: extra.namespace ?? 'default',
      ...(extra.labels ? { labels: extra.labels } : {}),
      ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
    },
    spec,
  };
}
