/**
 * SigningKey (cluster-scoped, internal): the built-in issuer's key pair, shared by every API
 * replica through the store so a token from one replica verifies on all.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const SigningKeySpecSchema = Type.Object(
  {
    kid: Type.String({ minLength: 1 }),
    privateJwk: Type.Record(Type.String(), Type.Unknown()),
    publicJwk: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);

export type SigningKey = Resource<Static<typeof SigningKeySpecSchema>>;

export const SIGNING_KEY: KindModule = {
  definition: { kind: 'SigningKey', plural: 'signingkeys', scope: 'Cluster', internal: true },
  specSchema: SigningKeySpecSchema,
  statusSchema: Type.Object(statusFields(Type.String())),
};
