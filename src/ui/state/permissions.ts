/**
 * What the dashboard offers each role: SPEC.md "Roles" as docs/api.md states them (the server's
 * table is src/auth/access-policy.ts, which the dashboard may not import). Hiding an action here is
 * a courtesy; the API decides, and its 403 is shown when the two disagree.
 */
import type { AnyResource } from '../../resources/index.js';
import type { Principal } from '../api/auth-api';

type Verb = 'watch' | 'create' | 'delete' | `action:${string}`;

interface Grant {
  kinds: readonly string[] | 'all';
  verbs: readonly Verb[] | 'all';
  /** Only objects the caller owns (`spec.owner.userId`). */
  ownOnly?: true;
}

const READ_KINDS = [
  'WorkerTemplate',
  'Worker',
  'LabletDefinition',
  'LabletSession',
  'ScoreReport',
  'Reservation',
];

const GRANTS: Readonly<Record<string, readonly Grant[]>> = {
  admin: [{ kinds: 'all', verbs: 'all' }],
  manager: [
    { kinds: READ_KINDS, verbs: ['watch'] },
    {
      kinds: ['LabletSession'],
      verbs: ['create', 'delete', 'action:stop', 'action:collect', 'action:extend'],
    },
    { kinds: ['Reservation'], verbs: ['create', 'delete', 'action:confirm', 'action:cancel'] },
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
      verbs: ['watch', 'create', 'action:activate', 'action:deprecate'],
    },
  ],
  user: [
    { kinds: ['LabletDefinition', 'ScoreReport'], verbs: ['watch'] },
    {
      kinds: ['LabletSession'],
      verbs: ['watch', 'create', 'action:stop', 'action:collect'],
      ownOnly: true,
    },
  ],
  controller: [
    { kinds: READ_KINDS, verbs: ['watch'] },
    { kinds: ['Worker', 'LabletSession', 'ScoreReport'], verbs: ['create', 'delete'] },
  ],
};

function grants(grant: Grant, verb: Verb, kind: string): boolean {
  return (
    (grant.kinds === 'all' || grant.kinds.includes(kind)) &&
    (grant.verbs === 'all' || grant.verbs.includes(verb))
  );
}

/** May the principal do `verb` on `kind` (and, when given, on that object)? */
export function can(
  principal: Principal | undefined,
  verb: Verb,
  kind: string,
  object?: Pick<AnyResource, 'spec'>,
): boolean {
  if (!principal) return false;
  return principal.roles.some((role) =>
    (GRANTS[role] ?? []).some(
      (grant) =>
        grants(grant, verb, kind) &&
        (!grant.ownOnly ||
          object === undefined ||
          (object.spec as { owner?: { userId?: string } }).owner?.userId === principal.id),
    ),
  );
}

/** Operators see the fleet; everyone else (a `user`) gets the student view. */
export function isOperator(principal: Principal | undefined): boolean {
  return can(principal, 'watch', 'Worker') || can(principal, 'watch', 'Reservation');
}

/** The kinds the dashboard follows on the stream: those the principal may watch. */
export function streamKinds(principal: Principal): string[] {
  return READ_KINDS.filter((kind) => can(principal, 'watch', kind));
}
