/**
 * RBAC: SPEC.md "Roles" as data, and the one function every route, stream and client asks.
 * A rule grants verbs on kinds, optionally only for objects a condition accepts (a user's own
 * sessions). A caller the kind-level rules deny gets 403; a caller whose rule matches the kind but
 * not the object gets 404, so a user cannot learn that another user's session exists.
 */
import type { AnyResource } from '../resources/index.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

/** What a caller wants to do. `action:<name>` covers the action sub-resources. */
export type Verb =
  'get' | 'list' | 'watch' | 'create' | 'update' | 'updateStatus' | 'delete' | `action:${string}`;

/** Kinds that are not resources but are guarded the same way. */
export const PSEUDO_KINDS = {
  /** `POST /api/events`. */
  cloudEvent: 'CloudEvent',
  /** `/api/users`, `/api/apikeys`. */
  credentials: 'Credentials',
  /** `/api/audit`. */
  audit: 'Audit',
  /** `/metrics`. */
  metrics: 'Metrics',
} as const;

type ObjectCondition = (principal: Principal, object: AnyResource) => boolean;

interface Rule {
  kinds: readonly string[] | 'all';
  verbs: readonly Verb[] | 'all';
  /** Limits the rule to some objects; omitted = every object of the kinds. */
  when?: ObjectCondition;
}

const READ: readonly Verb[] = ['get', 'list', 'watch'];
const RESOURCE_KINDS = [
  'WorkerTemplate',
  'Worker',
  'LabletDefinition',
  'LabletSession',
  'ScoreReport',
  'Reservation',
  'LabRecord',
  'Lease',
] as const;

const ownedByCaller: ObjectCondition = (principal, object) =>
  (object.spec as { owner?: { userId?: unknown } } | undefined)?.owner?.userId === principal.id;

const activeDefinition: ObjectCondition = (_principal, object) =>
  (object.spec as { state?: unknown } | undefined)?.state === 'Active';

/** SPEC.md "Roles". Change this table, and the generated RBAC matrix test follows. */
export const ROLE_RULES: Readonly<Record<Role, readonly Rule[]>> = {
  admin: [{ kinds: 'all', verbs: 'all' }],
  manager: [
    { kinds: [...RESOURCE_KINDS, PSEUDO_KINDS.metrics], verbs: READ },
    {
      kinds: ['LabletSession'],
      verbs: ['create', 'update', 'delete', 'action:stop', 'action:collect', 'action:extend'],
    },
    {
      kinds: ['Reservation'],
      verbs: ['create', 'update', 'delete', 'action:confirm', 'action:cancel'],
    },
    {
      kinds: ['Worker'],
      verbs: [
        'action:drain',
        'action:cancel-drain',
        'action:cordon',
        'action:uncordon',
        'action:start',
        'action:stop',
      ],
    },
  ],
  author: [
    {
      kinds: ['LabletDefinition'],
      verbs: [...READ, 'create', 'update', 'action:activate', 'action:deprecate'],
    },
  ],
  user: [
    { kinds: ['LabletDefinition'], verbs: READ, when: activeDefinition },
    {
      kinds: ['LabletSession'],
      verbs: [...READ, 'create', 'action:stop', 'action:collect'],
      when: ownedByCaller,
    },
    { kinds: ['ScoreReport'], verbs: READ, when: ownedByCaller },
  ],
  controller: [
    { kinds: RESOURCE_KINDS, verbs: [...READ, 'updateStatus'] },
    { kinds: [PSEUDO_KINDS.metrics], verbs: ['get'] },
    {
      kinds: ['Worker', 'LabRecord', 'Lease', 'ScoreReport', 'LabletSession'],
      verbs: ['create', 'update', 'delete'],
    },
    // Ingesting an event records its EventReceipt in the same transaction as the effect.
    { kinds: [PSEUDO_KINDS.cloudEvent, 'EventReceipt'], verbs: ['create'] },
  ],
};

export type AccessDecision =
  | { allowed: true; filter?: (object: AnyResource) => boolean }
  | { allowed: false; hide: boolean; message: string };

/**
 * May `principal` do `verb` on `kind`, and — when `object` is given — on that object? For `list`
 * and `watch` (no object) an allowed decision may carry a `filter` the caller must apply to items.
 */
export function authorize(
  principal: Principal,
  verb: Verb,
  kind: string,
  object?: AnyResource,
): AccessDecision {
  const rules = principal.roles.flatMap((role) =>
    ROLE_RULES[role].filter((rule) => matches(rule.kinds, kind) && matches(rule.verbs, verb)),
  );
  if (rules.length === 0)
    return {
      allowed: false,
      hide: false,
      message: `${describe(principal)} may not ${verb.replace('action:', '')} ${kind} (roles: ${principal.roles.join(', ') || 'none'})`,
    };
  const conditions = rules.map((rule) => rule.when);
  if (conditions.some((when) => when === undefined)) return { allowed: true };
  const accepts = (candidate: AnyResource) =>
    conditions.some((when) => when?.(principal, candidate) === true);
  if (object === undefined) return { allowed: true, filter: accepts };
  if (accepts(object)) return { allowed: true };
  return verb === 'create'
    ? {
        allowed: false,
        hide: false,
        message: `${describe(principal)} may only create ${kind} objects of their own (spec.owner.userId must be "${principal.id}")`,
      }
    : { allowed: false, hide: true, message: `${kind} ${object.metadata.name} not found` };
}

function matches<T extends string>(allowed: readonly T[] | 'all', value: T | string): boolean {
  return allowed === 'all' || (allowed as readonly string[]).includes(value);
}

function describe(principal: Principal): string {
  return `${principal.username} (${principal.id})`;
}
