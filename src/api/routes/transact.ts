/**
 * `POST /apis/lcm/v1/transact`: several writes, all or none — the remote form of
 * `ResourceClient.transact`. Each operation is authorised and audited like its single-object route.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { InvalidError } from '../../errors/index.js';
import type { AnyResource, KindDefinition } from '../../resources/index.js';
import type { StoreOp } from '../../store/index.js';
import type { RequestClients } from '../request-client.js';
import { API_BASE } from '../resource-paths.js';
import {
  AnyObject,
  ERROR_RESPONSES,
  NameParam,
  NamespaceParam,
  ObjectEnvelope,
} from '../schemas/common-schemas.js';

/** An object in a transaction names its kind: there is no URL to take it from. */
const OpObject = Type.Object(
  { ...ObjectEnvelope.properties, kind: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

const TransactBody = Type.Object(
  {
    ops: Type.Array(
      Type.Union([
        Type.Object(
          {
            op: Type.Union([
              Type.Literal('create'),
              Type.Literal('update'),
              Type.Literal('updateStatus'),
            ]),
            object: OpObject,
          },
          { additionalProperties: false },
        ),
        Type.Object(
          {
            op: Type.Literal('delete'),
            kind: Type.String({ minLength: 1 }),
            name: NameParam,
            namespace: Type.Optional(NamespaceParam),
            preconditions: Type.Optional(
              Type.Object(
                {
                  resourceVersion: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
                  uid: Type.Optional(Type.String({ maxLength: 100 })),
                },
                { additionalProperties: false },
              ),
            ),
          },
          { additionalProperties: false },
        ),
      ]),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);

type TransactOp = Static<typeof TransactBody>['ops'][number];

export interface TransactRoutesOptions {
  /** The kinds the resource API serves; operations on any other kind are `Invalid`. */
  kinds: readonly KindDefinition[];
  clients: RequestClients;
}

export async function transactRoutes(
  app: FastifyInstance,
  options: TransactRoutesOptions,
): Promise<void> {
  const served = new Set(options.kinds.map((kind) => kind.kind));
  app.post(
    `${API_BASE}/transact`,
    {
      schema: {
        tags: ['transact'],
        summary:
          'Apply several writes atomically: all succeed, or none (details.op = the failing index)',
        body: TransactBody,
        response: { 200: Type.Object({ items: Type.Array(AnyObject) }), ...ERROR_RESPONSES },
      },
      // Each operation is checked against its own kind and object by the request's client.
      config: { access: 'authenticated' },
    },
    async (request) => {
      const { ops } = request.body as Static<typeof TransactBody>;
      const storeOps = ops.map((op, index) => toStoreOp(op, index, served));
      return { items: await options.clients.for(request).transact(storeOps) };
    },
  );
}

function toStoreOp(op: TransactOp, index: number, served: ReadonlySet<string>): StoreOp {
  const kind = op.op === 'delete' ? op.kind : op.object.kind;
  if (!served.has(kind))
    throw new InvalidError(`operation ${index}: kind "${kind}" is not served by the resource API`, {
      details: { field: `ops.${index}.${op.op === 'delete' ? 'kind' : 'object.kind'}`, op: index },
    });
  if (op.op === 'delete') return op;
  return { op: op.op, object: { ...op.object, apiVersion: 'lcm/v1' } as AnyResource };
}
