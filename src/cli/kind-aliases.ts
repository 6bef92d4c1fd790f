/**
 * How the CLI names kinds: the kind (`LabletSession`), its plural (`labletsessions`) or a short
 * alias (`sessions`, `session`, `ls`), case-insensitive. Only kinds the API serves are accepted.
 */
import { InvalidError } from '../errors/index.js';
import type { KindDefinition } from '../resources/index.js';
import { createKindRegistry } from '../resources/kinds/built-in-kinds.js';

/**
 * Short names per kind, besides the kind and its plural (both lower-case); the first is the one
 * help and error messages show.
 */
const SHORT_NAMES: Readonly<Record<string, readonly string[]>> = {
  WorkerTemplate: ['templates', 'template', 'wt'],
  Worker: ['workers', 'w'],
  LabletDefinition: ['definitions', 'definition', 'defs', 'def', 'ld'],
  LabletSession: ['sessions', 'session', 'ls'],
  ScoreReport: ['reports', 'report', 'sr'],
  Reservation: ['reservations', 'res'],
  LabRecord: ['labs', 'lab', 'lr'],
  Lease: ['leases'],
};

/** The kinds the CLI works with, in registry order. */
export const SERVED_KINDS: readonly KindDefinition[] = createKindRegistry()
  .list()
  .filter((kind) => kind.internal !== true);

/** Every name a kind answers to, the one to show first: short names, then plural, then kind. */
export function namesOf(kind: KindDefinition): string[] {
  const names = [...(SHORT_NAMES[kind.kind] ?? []), kind.plural, kind.kind.toLowerCase()];
  return [...new Set(names)];
}

const BY_NAME = new Map<string, KindDefinition>(
  SERVED_KINDS.flatMap((kind) => namesOf(kind).map((name) => [name, kind] as const)),
);

/** The kind `name` refers to; `Invalid` listing the accepted names when there is none. */
export function resolveKind(name: string): KindDefinition {
  const kind = BY_NAME.get(name.toLowerCase());
  if (kind) return kind;
  throw new InvalidError(
    `unknown kind "${name}"; use one of: ${SERVED_KINDS.map((known) => namesOf(known)[0]).join(', ')}`,
    { details: { field: 'kind', kind: name } },
  );
}

/** How output names one object: `labletsession/s1`. */
export function objectRef(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}
