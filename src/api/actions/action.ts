/**
 * An action sub-resource (`POST {object}/{action}`): a named intent that a caller may be allowed
 * without being allowed to write the whole object. Each records intent in `spec` for the
 * controllers to act on (the API never calls external systems) and returns the updated object.
 */
import type { TSchema } from '@sinclair/typebox';
import type { Clock } from '../../clock/index.js';
import type { AuthorizedResourceClient } from '../../client/authorized-client.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { AnyResource } from '../../resources/index.js';

export interface ActionContext {
  /** The caller's client, audited with the action's name as verb. */
  client: AuthorizedResourceClient;
  /** The RBAC verb the caller was allowed (`action:<name>`); writes are checked against it. */
  verb: `action:${string}`;
  /** The object as read (and authorised) for this action. */
  object: AnyResource;
  body: Record<string, unknown>;
  /** Reads related objects (e.g. the pinned definition) whatever the caller may list. */
  reader: Pick<ResourceClient, 'get' | 'list'>;
  clock: Clock;
}

export interface ActionDefinition {
  kind: string;
  name: string;
  summary: string;
  /** Schema of the optional JSON body. @default an empty object */
  body?: TSchema;
  run(context: ActionContext): Promise<AnyResource>;
}

/** Applies `spec` changes, the object's resourceVersion as precondition, as the action's verb. */
export function patchSpec(
  context: ActionContext,
  spec: Record<string, unknown>,
): Promise<AnyResource> {
  const { object } = context;
  return context.client.patchFor(
    context.verb,
    object.kind,
    object.metadata.name,
    { metadata: { resourceVersion: object.metadata.resourceVersion }, spec },
    object.metadata.namespace ? { namespace: object.metadata.namespace } : {},
  );
}
