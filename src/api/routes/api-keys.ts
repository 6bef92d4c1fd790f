/**
 * `/api/apikeys` (admin): credentials for controllers and integrations. The key is shown once, in
 * the create response; the store keeps only its hash.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { generateApiKey, PSEUDO_KINDS } from '../../auth/index.js';
import type { AnyResource } from '../../resources/index.js';
import type { ApiKey } from '../../resources/kinds/api-key.js';
import { ROLE_NAMES } from '../../resources/kinds/user.js';
import { apiKeyName } from '../auth/authenticator.js';
import { principalOf } from '../plugins/authentication.js';
import type { RequestClients } from '../request-client.js';
import { ERROR_RESPONSES } from '../schemas/common-schemas.js';

const ApiKeyView = Type.Object({
  keyId: Type.String(),
  role: Type.String(),
  description: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.Optional(Type.String()),
  expiresAt: Type.Optional(Type.String()),
});
const CreatedApiKey = Type.Object({
  ...ApiKeyView.properties,
  key: Type.String({ description: 'the secret key; shown only in this response' }),
});
const CreateApiKeyBody = Type.Object(
  {
    role: Type.Union(ROLE_NAMES.map((role) => Type.Literal(role))),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
const KeyParams = Type.Object({ keyId: Type.String({ pattern: '^[0-9a-f]{12}$' }) });

export async function apiKeyRoutes(
  app: FastifyInstance,
  options: { clients: RequestClients },
): Promise<void> {
  const { clients } = options;
  const tags = ['apikeys'];
  const access = (verb: 'list' | 'create' | 'delete') => ({ kind: PSEUDO_KINDS.credentials, verb });
  app.get(
    '/api/apikeys',
    {
      schema: {
        tags,
        summary: 'List API keys (never the keys themselves)',
        response: { 200: Type.Object({ items: Type.Array(ApiKeyView) }), ...ERROR_RESPONSES },
      },
      config: { access: access('list') },
    },
    async (request) => {
      const { items } = await clients.for(request).list('ApiKey');
      return { items: items.map(toView) };
    },
  );
  app.post(
    '/api/apikeys',
    {
      schema: {
        tags,
        summary: 'Create an API key; the response holds the key, once',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...ERROR_RESPONSES },
      },
      config: { access: access('create') },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateApiKeyBody>;
      const generated = generateApiKey();
      const created = await clients.for(request).create({
        apiVersion: 'lcm/v1',
        kind: 'ApiKey',
        metadata: { name: apiKeyName(generated.keyId) },
        spec: {
          role: body.role,
          secretHash: generated.secretHash,
          description: body.description ?? '',
          createdBy: principalOf(request).id,
          ...(body.expiresAt ? { expiresAt: new Date(body.expiresAt).toISOString() } : {}),
        },
      });
      return reply.code(201).send({ ...toView(created), key: generated.key });
    },
  );
  app.delete(
    '/api/apikeys/:keyId',
    {
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: KeyParams,
        response: { 200: ApiKeyView, ...ERROR_RESPONSES },
      },
      config: { access: access('delete') },
    },
    async (request) => {
      const { keyId } = request.params as Static<typeof KeyParams>;
      return toView(await clients.for(request).delete('ApiKey', apiKeyName(keyId)));
    },
  );
}

function toView(object: AnyResource): Static<typeof ApiKeyView> {
  const key = object as unknown as ApiKey;
  return {
    keyId: key.metadata.name.replace(/^key-/, ''),
    role: key.spec.role,
    description: key.spec.description,
    createdBy: key.spec.createdBy,
    ...(key.metadata.creationTimestamp ? { createdAt: key.metadata.creationTimestamp } : {}),
    ...(key.spec.expiresAt ? { expiresAt: key.spec.expiresAt } : {}),
  };
}
