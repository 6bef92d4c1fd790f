/** User (cluster-scoped, internal): a local account of the built-in issuer. Never served by the resource REST API. */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { StringEnum, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

/** The roles of SPEC.md "Roles". */
export const ROLE_NAMES = ['admin', 'manager', 'author', 'user', 'controller'] as const;

export const UserSpecSchema = Type.Object(
  {
    roles: Type.Array(StringEnum(ROLE_NAMES), { minItems: 1, uniqueItems: true }),
    passwordHash: Type.String({ minLength: 1, description: 'scrypt; never returned by the API' }),
    email: Type.Optional(Type.String({ pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 254 })),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    disabled: Type.Boolean({ default: false }),
  },
  { additionalProperties: false },
);

export type UserSpec = Static<typeof UserSpecSchema>;
export type User = Resource<UserSpec>;

export const USER: KindModule = {
  definition: { kind: 'User', plural: 'users', scope: 'Cluster', internal: true },
  specSchema: UserSpecSchema,
  statusSchema: Type.Object(statusFields(Type.String())),
};
