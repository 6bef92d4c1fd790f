/**
 * Generic resource REST for every served kind: list (or watch), create, get, replace, merge-patch
 * and delete, on the object and on its `/status` sub-resource. One set of routes per kind, so the
 * OpenAPI document names each path and the RBAC matrix sees each route.
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidError } from '../../errors/index.js';
import type { AnyResource, KindDefinition } from '../../resources/index.js';
import type { RequestClients } from '../request-client.js';
import { collectionPath, objectPath } from '../resource-paths.js';
import {
  AnyObject,
  DeleteQuery,
  ERROR_RESPONSES,
  ListQuery,
  MergePatchBody,
  NameParam,
  NamespaceParam,
  ObjectEnvelope,
} from '../schemas/common-schemas.js';
import { streamWatch, type WatchStreams } from './resource-watch.js';

export interface ResourceRoutesOptions {
  kinds: readonly KindDefinition[];
  clients: RequestClients;
  watchStreams: WatchStreams;
}

interface ObjectParams {
  namespace?: string;
  name: string;
}

export async function resourceRoutes(
  app: FastifyInstance,
  options: ResourceRoutesOptions,
): Promise<void> {
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(Object.assign(error as Error, { statusCode: 400 }), undefined);
      }
    },
  );
  for (const kind of options.kinds) registerKind(app, kind, options);
}

function registerKind(app: FastifyInstance, kind: KindDefinition, options: ResourceRoutesOptions) {
  const { clients } = options;
  const tags = [kind.kind];
  const namespaced = kind.scope === 'Namespaced';
  const params = {
    type: 'object',
    properties: { ...(namespaced ? { namespace: NamespaceParam } : {}), name: NameParam },
    required: namespaced ? ['namespace', 'name'] : ['name'],
  } as const;
  const collectionParams = namespaced
    ? { type: 'object', properties: { namespace: NamespaceParam }, required: ['namespace'] }
    : undefined;
  const ok = { 200: AnyObject, ...ERROR_RESPONSES };
  const read = { kind: kind.kind, verb: 'list' } as const;

  const list = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Static<typeof ListQuery>;
    const namespace = (request.params as { namespace?: string }).namespace;
    const client = clients.for(request);
    if (query.watch === '1' || query.watch === 'true')
      return streamWatch({
        request,
        reply,
        client,
        kind: kind.kind,
        namespace,
        query,
        streams: options.watchStreams,
      });
    const result = await client.list(kind.kind, {
      ...(namespace ? { namespace } : {}),
      ...(query.labelSelector ? { labelSelector: query.labelSelector } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      ...(query.continue ? { continue: query.continue } : {}),
    });
    return {
      apiVersion: 'lcm/v1',
      kind: `${kind.kind}List`,
      metadata: {
        resourceVersion: String(result.revision),
        ...(result.continue ? { continue: result.continue } : {}),
      },
      items: result.items,
    };
  };
  const listSchema = {
    tags,
    summary: `List or watch ${kind.plural}`,
    querystring: ListQuery,
    response: ok,
  };
  app.get(
    collectionPath(kind),
    {
      schema: { ...listSchema, ...(collectionParams ? { params: collectionParams } : {}) },
      config: { access: read },
    },
    list,
  );
  if (namespaced)
    app.get(
      `/apis/lcm/v1/${kind.plural}`,
      {
        schema: { ...listSchema, summary: `List or watch ${kind.plural} in all namespaces` },
        config: { access: read },
      },
      list,
    );

  app.post(
    collectionPath(kind),
    {
      schema: {
        tags,
        summary: `Create a ${kind.kind}`,
        ...(collectionParams ? { params: collectionParams } : {}),
        body: ObjectEnvelope,
        response: { 201: AnyObject, ...ERROR_RESPONSES },
      },
      config: { access: { kind: kind.kind, verb: 'create' } },
    },
    async (request, reply) => {
      const object = completeObject(
        kind,
        request.body as AnyResource,
        request.params as ObjectParams,
      );
      const created = await clients.for(request).create(object);
      return reply.code(201).send(created);
    },
  );

  app.get(
    objectPath(kind),
    {
      schema: { tags, summary: `Read a ${kind.kind}`, params, response: ok },
      config: { access: { kind: kind.kind, verb: 'get' } },
    },
    async (request) => {
      const { name, namespace } = request.params as ObjectParams;
      return clients.for(request).get(kind.kind, name, namespace);
    },
  );

  for (const status of [false, true]) {
    const path = status ? `${objectPath(kind)}/status` : objectPath(kind);
    const verb = status ? 'updateStatus' : 'update';
    const what = status ? `the status of a ${kind.kind}` : `a ${kind.kind}`;
    if (status)
      app.get(
        path,
        {
          schema: { tags, summary: `Read ${what}`, params, response: ok },
          config: { access: { kind: kind.kind, verb: 'get' } },
        },
        async (request) => {
          const { name, namespace } = request.params as ObjectParams;
          return clients.for(request).get(kind.kind, name, namespace);
        },
      );
    app.put(
      path,
      {
        schema: {
          tags,
          summary: `Replace ${what} (metadata.resourceVersion is the precondition)`,
          params,
          body: ObjectEnvelope,
          response: ok,
        },
        config: { access: { kind: kind.kind, verb } },
      },
      async (request) => {
        const object = completeObject(
          kind,
          request.body as AnyResource,
          request.params as ObjectParams,
        );
        const client = clients.for(request);
        return status ? client.updateStatus(object) : client.update(object);
      },
    );
    app.patch(
      path,
      {
        schema: {
          tags,
          summary: `Merge-patch ${what} (RFC 7386)`,
          params,
          body: MergePatchBody,
          response: ok,
        },
        config: { access: { kind: kind.kind, verb } },
      },
      async (request) => {
        const { name, namespace } = request.params as ObjectParams;
        const patch = request.body as UrlFields & Record<string, unknown>;
        assertMatchesUrl(kind, patch, request.params as ObjectParams);
        return clients.for(request).patch(kind.kind, name, patch, {
          ...(namespace ? { namespace } : {}),
          ...(status ? { subresource: 'status' as const } : {}),
        });
      },
    );
  }

  app.delete(
    objectPath(kind),
    {
      schema: {
        tags,
        summary: `Delete a ${kind.kind} (finalizers delay removal)`,
        params,
        querystring: DeleteQuery,
        response: ok,
      },
      config: { access: { kind: kind.kind, verb: 'delete' } },
    },
    async (request) => {
      const { name, namespace } = request.params as ObjectParams;
      const query = request.query as Static<typeof DeleteQuery>;
      return clients.for(request).delete(kind.kind, name, {
        ...(namespace ? { namespace } : {}),
        preconditions: {
          ...(query.resourceVersion ? { resourceVersion: query.resourceVersion } : {}),
          ...(query.uid ? { uid: query.uid } : {}),
        },
      });
    },
  );
}

/** The fields of a body that say which object it is. */
interface UrlFields {
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown } | null;
}

/** Fills kind, apiVersion and namespace from the URL; a body that contradicts it is `Invalid`. */
function completeObject(
  kind: KindDefinition,
  body: Partial<Pick<AnyResource, 'kind'>> & Omit<AnyResource, 'kind'>,
  params: Partial<ObjectParams>,
): AnyResource {
  assertMatchesUrl(kind, body, params);
  const namespace = body.metadata.namespace ?? params.namespace;
  return {
    ...body,
    apiVersion: 'lcm/v1',
    kind: kind.kind,
    metadata: { ...body.metadata, ...(namespace ? { namespace } : {}) },
  };
}

/** A body (object or merge patch) naming another object than its URL is `Invalid`. */
function assertMatchesUrl(
  kind: KindDefinition,
  body: UrlFields,
  params: Partial<ObjectParams>,
): void {
  const mismatch = (field: string, expected: string, actual: unknown) =>
    new InvalidError(`${field} is "${String(actual)}" but the URL says "${expected}"`, {
      details: { field },
    });
  const metadata = body.metadata ?? {};
  if (body.kind !== undefined && body.kind !== kind.kind)
    throw mismatch('kind', kind.kind, body.kind);
  if (params.name !== undefined && metadata.name !== undefined && metadata.name !== params.name)
    throw mismatch('metadata.name', params.name, metadata.name);
  if (metadata.namespace === undefined) return;
  if (kind.scope === 'Cluster')
    throw new InvalidError(`${kind.kind} is cluster-scoped: remove metadata.namespace`, {
      details: { field: 'metadata.namespace' },
    });
  if (params.namespace !== undefined && metadata.namespace !== params.namespace)
    throw mismatch('metadata.namespace', params.namespace, metadata.namespace);
}
