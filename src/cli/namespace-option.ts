/** `-n/--namespace`: which namespace a namespaced kind is read or written in (default `default`). */
import type { Command } from 'commander';
import type { KindDefinition } from '../resources/index.js';

export const DEFAULT_NAMESPACE = 'default';

export function addNamespaceOption(command: Command): Command {
  return command.option(
    '-n, --namespace <namespace>',
    `namespace of namespaced kinds (default: ${DEFAULT_NAMESPACE})`,
  );
}

/** The namespace to address `kind` in: none for cluster-scoped kinds. */
export function namespaceFor(
  kind: KindDefinition,
  flags: { namespace?: string },
): string | undefined {
  return kind.scope === 'Namespaced' ? (flags.namespace ?? DEFAULT_NAMESPACE) : undefined;
}
