/** `/api/users` (admin): the built-in issuer's local users. Password hashes never leave the store. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { assertPasswordStrength, hashPassword, PSEUDO_KINDS } from '../../auth/index.js';
import type { AnyResource } from '../../resources/index.js';
import { ROLE_NAMES, type User } from '../../resources/kinds/user.js';
import type { RequestClients } from '../request-client.js';
import { ERROR_RESPONSES } from '../schemas/common-schemas.js';

const Role = Type.Union(ROLE_NAMES.map((role) => Type.Literal(role)));
const UserView = Type.Object({
  username: Type.String(),
  roles: Type.Array(Type.String()),
  email: Type.Optional(Type.String()),
  displayName: Type.Optional(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Type.Optional(Type.String()),
});
const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    roles: Type.Array(Role, { minItems: 1, uniqueItems: true }),
    email: Type.Optional(Type.String({ format: 'email' })),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const UpdateUserBody = Type.Object(
  {
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
    roles: Type.Optional(Type.Array(Role, { minItems: 1, uniqueItems: true })),
    email: Type.Optional(Type.String({ format: 'email' })),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 63 }) });

const access = (verb: 'list' | 'get' | 'create' | 'update' | 'delete') => ({
  kind: PSEUDO_KINDS.credentials,
  verb,
});

export async function userRoutes(
  app: FastifyInstance,
  options: { clients: RequestClients },
): Promise<void> {
  const { clients } = options;
  const tags = ['users'];
  app.get(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'List local users',
        response: { 200: Type.Object({ items: Type.Array(UserView) }), ...ERROR_RESPONSES },
      },
      config: { access: access('list') },
    },
    async (request) => {
      const { items } = await clients.for(request).list('User');
      return { items: items.map(toView) };
    },
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags,
        summary: 'Create a local user',
        body: CreateUserBody,
        response: { 201: UserView, ...ERROR_RESPONSES },
      },
      config: { access: access('create') },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateUserBody>;
      assertPasswordStrength(body.password);
      const created = await clients.for(request).create({
        apiVersion: 'lcm/v1',
        kind: 'User',
        metadata: { name: body.username },
        spec: {
          roles: body.roles,
          passwordHash: await hashPassword(body.password),
          disabled: false,
          ...(body.email ? { email: body.email } : {}),
          ...(body.displayName ? { displayName: body.displayName } : {}),
        },
      });
      return reply.code(201).send(toView(created));
    },
  );
  app.get(
    '/api/users/:username',
    {
      schema: {
        tags,
        summary: 'Read a local user',
        params: UsernameParams,
        response: { 200: UserView, ...ERROR_RESPONSES },
      },
      config: { access: access('get') },
    },
    async (request) => {
      const { username } = request.params as Static<typeof UsernameParams>;
      return toView(await clients.for(request).get('User', username));
    },
  );
  app.patch(
    '/api/users/:username',
    {
      schema: {
        tags,
        summary: 'Change roles, password or details, or disable a user',
        params: UsernameParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...ERROR_RESPONSES },
      },
      config: { access: access('update') },
    },
    async (request) => {
      const { username } = request.params as Static<typeof UsernameParams>;
      const { password, ...rest } = request.body as Static<typeof UpdateUserBody>;
      if (password !== undefined) assertPasswordStrength(password);
      const spec = {
        ...rest,
        ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}),
      };
      return toView(await clients.for(request).patch('User', username, { spec }));
    },
  );
  app.delete(
    '/api/users/:username',
    {
      schema: {
        tags,
        summary: 'Delete a local user',
        params: UsernameParams,
        response: { 200: UserView, ...ERROR_RESPONSES },
      },
      config: { access: access('delete') },
    },
    async (request) => {
      const { username } = request.params as Static<typeof UsernameParams>;
      return toView(await clients.for(request).delete('User', username));
    },
  );
}

function toView(object: AnyResource): Static<typeof UserView> {
  const user = object as unknown as User;
  return {
    username: user.metadata.name,
    roles: user.spec.roles,
    disabled: user.spec.disabled,
    ...(user.spec.email ? { email: user.spec.email } : {}),
    ...(user.spec.displayName ? { displayName: user.spec.displayName } : {}),
    ...(user.metadata.creationTimestamp ? { createdAt: user.metadata.creationTimestamp } : {}),
  };
}
