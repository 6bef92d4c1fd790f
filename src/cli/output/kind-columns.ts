/**
 * The table columns of each kind, like kubectl's printer columns: NAME, the few fields an operator
 * scans for (PHASE, WORKER, OWNER, DEFINITION, …) and AGE; `-o wide` adds more.
 */
import type { AnyResource, KindDefinition } from '../../resources/index.js';
import { formatAge } from './format-age.js';

export interface Column {
  header: string;
  value(object: AnyResource, nowMs: number): string;
  /** Shown only with `-o wide`. */
  wide?: boolean;
}

/** The value at a dotted path, as text; empty cells show `<none>` as kubectl does. */
export function field(object: unknown, path: string): string {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return '<none>';
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null || value === '') return '<none>';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const at = (header: string, path: string, wide = false): Column => ({
  header,
  value: (object) => field(object, path),
  ...(wide ? { wide } : {}),
});

/** `used/total` of one quantity, e.g. nodes allocated on a worker. */
const ratio = (header: string, used: string, total: string): Column => ({
  header,
  value: (object) => {
    const of = field(object, total);
    const taken = field(object, used);
    return of === '<none>' ? '<none>' : `${taken === '<none>' ? '0' : taken}/${of}`;
  },
});

const NAME: Column = at('NAME', 'metadata.name');
const AGE: Column = {
  header: 'AGE',
  value: (object, nowMs) => formatAge(object.metadata.creationTimestamp, nowMs),
};
const PHASE = at('PHASE', 'status.phase');

const BY_KIND: Readonly<Record<string, readonly Column[]>> = {
  WorkerTemplate: [
    at('PROVIDER', 'spec.provider'),
    at('REGION', 'spec.region'),
    at('INSTANCE-TYPE', 'spec.instanceType'),
    at('NODES', 'spec.capacity.nodes'),
    at('LICENSE', 'spec.licenseType'),
    at('ENABLED', 'spec.enabled'),
    at('CPU', 'spec.capacity.cpu', true),
    at('MEMORY-MIB', 'spec.capacity.memoryMiB', true),
    at('COST/H', 'spec.costPerHour', true),
  ],
  Worker: [
    PHASE,
    at('TEMPLATE', 'spec.template'),
    at('REGION', 'spec.region'),
    ratio('NODES', 'status.capacity.allocated.nodes', 'status.capacity.declared.nodes'),
    at('DESIRED', 'spec.desiredState', true),
    at('CORDONED', 'spec.unschedulable', true),
    at('DRAIN', 'spec.drain', true),
    at('INSTANCE', 'status.instanceId', true),
    at('ENDPOINT', 'status.endpoint', true),
    at('CML', 'status.cml.version', true),
  ],
  LabletDefinition: [
    at('FAMILY', 'spec.family'),
    at('VERSION', 'spec.version'),
    at('STATE', 'spec.state'),
    at('NODES', 'status.nodeCount'),
    at('DISPLAY-NAME', 'spec.displayName', true),
    at('MAX-MINUTES', 'spec.maxDurationMinutes', true),
  ],
  LabletSession: [
    PHASE,
    at('OWNER', 'spec.owner.userId'),
    at('DEFINITION', 'spec.definition.name'),
    at('WORKER', 'status.worker'),
    at('START', 'spec.timeslot.start', true),
    at('END', 'spec.timeslot.end', true),
    at('OUTCOME', 'status.outcome', true),
    at('ACCESS', 'status.access.phase', true),
    at('LAB', 'status.lab', true),
  ],
  ScoreReport: [
    at('SESSION', 'spec.session'),
    { header: 'SCORE', value: (o) => `${field(o, 'spec.score')}/${field(o, 'spec.maxScore')}` },
    at('PASSED', 'spec.passed'),
    at('SUBMITTED', 'spec.submittedAt', true),
  ],
  Reservation: [
    PHASE,
    at('STATE', 'spec.state'),
    at('DEFINITION', 'spec.definition.name'),
    at('START', 'spec.start'),
    at('END', 'spec.end'),
    at('SEATS', 'spec.seatCount', true),
    at('EXTERNAL-ID', 'spec.externalId', true),
  ],
  LabRecord: [
    PHASE,
    at('WORKER', 'spec.worker'),
    at('SESSION', 'status.session'),
    at('DEFINITION', 'status.definition'),
    at('CML-LAB', 'spec.cmlLabId', true),
  ],
  Lease: [at('HOLDER', 'spec.holderIdentity'), at('RENEWED', 'spec.renewTime', true)],
};

/** The columns of `kind` (NAMESPACE first when listing across namespaces). */
export function columnsFor(
  kind: KindDefinition,
  options: { wide: boolean; allNamespaces: boolean },
): Column[] {
  const specific = (BY_KIND[kind.kind] ?? [PHASE]).filter((column) => options.wide || !column.wide);
  const namespace =
    options.allNamespaces && kind.scope === 'Namespaced'
      ? [at('NAMESPACE', 'metadata.namespace')]
      : [];
  return [...namespace, NAME, ...specific, AGE];
}

/** The header row followed by one row per object. */
export function tableRows(
  objects: readonly AnyResource[],
  columns: readonly Column[],
  nowMs: number,
): string[][] {
  return [
    columns.map((column) => column.header),
    ...objects.map((object) => columns.map((column) => column.value(object, nowMs))),
  ];
}
