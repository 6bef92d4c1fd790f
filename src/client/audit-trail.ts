/**
 * Turns one admitted write into the AuditRecord that travels in the same store transaction:
 * who, which verb, which object, and the field-level changes (secrets masked).
 */
import { randomBytes } from 'node:crypto';
import diff from 'microdiff';
import type { Clock } from '../clock/index.js';
import type { AnyResource } from '../resources/index.js';
import type { AuditChange, AuditRecord } from '../resources/kinds/audit-record.js';
import type { StoreOp } from './resource-client.js';

/** Who is writing, attached to a client with `LocalResourceClient.withAudit`. */
export interface AuditContext {
  actor: { id: string; username: string; via: string };
  /** The request id of the API call, to join audit records with logs. */
  requestId?: string;
  /** Overrides the verb recorded for every write, e.g. `stop` for an action. */
  verb?: string;
}

/** Label keys on AuditRecords, so `/api/audit` can filter in the store. */
export const AUDIT_LABELS = {
  verb: 'audit.lcm.io/verb',
  kind: 'audit.lcm.io/kind',
  namespace: 'audit.lcm.io/namespace',
  name: 'audit.lcm.io/name',
} as const;

const SECRET_FIELDS = new Set(['passwordHash', 'secretHash', 'privateJwk']);
const UNAUDITED_METADATA = new Set(['resourceVersion', 'generation', 'uid', 'creationTimestamp']);

export function buildAuditRecord(options: {
  context: AuditContext;
  op: StoreOp;
  /** The stored object before the write (absent for create). */
  before: AnyResource | undefined;
  /** The object as admitted (absent for delete). */
  after: AnyResource | undefined;
  clock: Clock;
}): AnyResource {
  const { context, op, before, after, clock } = options;
  const target = after ?? before;
  if (!target) throw new Error('an audited write needs the object before or after it');
  const verb = context.verb ?? op.op;
  const { name, namespace } = target.metadata;
  const record: AuditRecord = {
    apiVersion: 'lcm/v1',
    kind: 'AuditRecord',
    metadata: {
      name: auditRecordName(clock),
      labels: {
        [AUDIT_LABELS.verb]: verb,
        [AUDIT_LABELS.kind]: target.kind,
        ...(name.length <= 63 ? { [AUDIT_LABELS.name]: name } : {}),
        ...(namespace ? { [AUDIT_LABELS.namespace]: namespace } : {}),
      },
    },
    spec: {
      at: clock.now().toISOString(),
      actor: context.actor,
      verb,
      target: { kind: target.kind, name, ...(namespace ? { namespace } : {}) },
      ...(context.requestId ? { requestId: context.requestId } : {}),
      changes: changesBetween(before, after),
    },
  };
  return record as unknown as AnyResource;
}

/**
 * Names sort by time so a list pages oldest first: base-36 milliseconds of the clock, then the
 * process's monotonic nanoseconds to order writes within one millisecond, then randomness so two
 * replicas never collide.
 */
function auditRecordName(clock: Clock): string {
  const time = clock.nowMs().toString(36).padStart(10, '0');
  const tick = (process.hrtime.bigint() % 10n ** 15n).toString(36).padStart(10, '0');
  return `a${time}${tick}-${randomBytes(4).toString('hex')}`;
}

function changesBetween(
  before: AnyResource | undefined,
  after: AnyResource | undefined,
): AuditChange[] {
  const changes = diff(auditable(before), auditable(after)).map((change): AuditChange => {
    const path = change.path.join('.');
    return {
      path,
      ...(change.type !== 'CREATE' ? { before: mask(path, change.oldValue) } : {}),
      ...(change.type !== 'REMOVE' ? { after: mask(path, change.value) } : {}),
    };
  });
  return changes;
}

function auditable(object: AnyResource | undefined): Record<string, unknown> {
  if (!object) return {};
  const metadata = Object.fromEntries(
    Object.entries(object.metadata).filter(([key]) => !UNAUDITED_METADATA.has(key)),
  );
  return withoutPrototype({
    metadata,
    spec: object.spec,
    status: object.status ?? {},
  }) as Record<string, unknown>;
}

/**
 * A deep copy on null-prototype objects. microdiff looks keys up with `in`, which on plain objects
 * finds `Object.prototype` members: a removed field named `constructor` would diff to a function.
 */
function withoutPrototype(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototype);
  if (typeof value !== 'object' || value === null) return value;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const [key, inner] of Object.entries(value)) copy[key] = withoutPrototype(inner);
  return copy;
}

function mask(path: string, value: unknown): unknown {
  const last = path.split('.').at(-1) ?? '';
  if (SECRET_FIELDS.has(last)) return '***';
  if (typeof value !== 'object' || value === null) return value;
  return JSON.parse(
    JSON.stringify(value, (key, inner: unknown) => (SECRET_FIELDS.has(key) ? '***' : inner)),
  ) as unknown;
}
