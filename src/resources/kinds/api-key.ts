/** ApiKey (cluster-scoped, internal): a hashed credential for controllers and integrations. */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { StringEnum, Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';
import { ROLE_NAMES } from './user.js';

export const ApiKeySpecSchema = Type.Object(
  {
    role: StringEnum(ROLE_NAMES),
    secretHash: Type.String({ minLength: 1, description: 'sha256 of the secret; never returned' }),
    description: Type.String({ default: '', maxLength: 500 }),
    createdBy: Type.String({ minLength: 1 }),
    expiresAt: Type.Optional(Timestamp()),
  },
  { additionalProperties: false },
);

export type ApiKeySpec = Static<typeof ApiKeySpecSchema>;
export type ApiKey = Resource<ApiKeySpec>;

export const API_KEY: KindModule = {
  definition: { kind: 'ApiKey', plural: 'apikeys', scope: 'Cluster', internal: true },
  specSchema: ApiKeySpecSchema,
  statusSchema: Type.Object({
    ...statusFields(Type.String()),
    lastUsedAt: Type.Optional(Timestamp()),
  }),
};
