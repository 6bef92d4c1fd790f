/** `POST {object}/{action}` for every action, and `GET …/labletsessions/{name}/explain`. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { KindRegistry } from '../../resources/index.js';
import type { ActionDefinition } from '../actions/action.js';
import { explainSession } from '../actions/explain-session.js';
import type { RequestClients } from '../request-client.js';
import { objectPath } from '../resource-paths.js';
import {
  AnyObject,
  ERROR_RESPONSES,
  NameParam,
  NamespaceParam,
} from '../schemas/common-schemas.js';

/** The body of an action that declares none: absent or `{}`; any field is an error, not dropped. */
const NoBody = Type.Object({}, { additionalProperties: false, nullable: true });

export interface ActionRoutesOptions {
  actions: readonly ActionDefinition[];
  registry: KindRegistry;
  clients: RequestClients;
  reader: Pick<ResourceClient, 'get' | 'list'>;
  clock: Clock;
}

interface ObjectParams {
  namespace?: string;
  name: string;
}

export async function actionRoutes(
  app: FastifyInstance,
  options: ActionRoutesOptions,
): Promise<void> {
  for (const action of options.actions) {
    const kind = options.registry.get(action.kind);
    const verb = `action:${action.name}` as const;
    app.post(
      `${objectPath(kind)}/${action.name}`,
      {
        schema: {
          tags: [kind.kind],
          summary: action.summary,
          params: paramsOf(kind.scope === 'Namespaced'),
          body: action.body ?? NoBody,
          response: { 200: AnyObject, ...ERROR_RESPONSES },
        },
        config: { access: { kind: kind.kind, verb } },
      },
      async (request) => {
        const { name, namespace } = request.params as ObjectParams;
        const client = options.clients.for(request, action.name);
        const object = await client.getFor(verb, kind.kind, name, namespace);
        return action.run({
          client,
          verb,
          object,
          body: (request.body ?? {}) as Record<string, unknown>,
          reader: options.reader,
          clock: options.clock,
        });
      },
    );
  }
  const sessions = options.registry.get('LabletSession');
  app.get(
    `${objectPath(sessions)}/explain`,
    {
      schema: {
        tags: [sessions.kind],
        summary: 'Why a session is (not) placed: per-worker reasons, score, queue position, ETA',
        params: paramsOf(true),
        response: { 200: AnyObject, ...ERROR_RESPONSES },
      },
      config: { access: { kind: sessions.kind, verb: 'get' } },
    },
    async (request) => {
      const { name, namespace } = request.params as ObjectParams;
      return explainSession(await options.clients.for(request).get(sessions.kind, name, namespace));
    },
  );
}

function paramsOf(namespaced: boolean) {
  return {
    type: 'object',
    properties: { ...(namespaced ? { namespace: NamespaceParam } : {}), name: NameParam },
    required: namespaced ? ['namespace', 'name'] : ['name'],
  };
}
