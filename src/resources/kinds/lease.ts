/** Lease (cluster-scoped): the object behind leader election (SPEC.md "Lease"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import type { KindDefinition } from '../registry.js';
import { statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const LEASE_KIND: KindDefinition = { kind: 'Lease', plural: 'leases', scope: 'Cluster' };

export const LeaseSpecSchema = Type.Object(
  {
    holderIdentity: Type.Optional(
      Type.String({ minLength: 1, description: 'Who holds the lease.' }),
    ),
    leaseDurationSeconds: Type.Integer({
      minimum: 1,
      default: 15,
      description: 'How long a renewal is valid.',
    }),
    acquireTime: Type.Optional(Type.String({ format: 'date-time' })),
    renewTime: Type.Optional(Type.String({ format: 'date-time' })),
    leaseTransitions: Type.Integer({
      minimum: 0,
      default: 0,
      description: 'How often the holder changed.',
    }),
  },
  { additionalProperties: false },
);

export type LeaseSpec = Static<typeof LeaseSpecSchema>;
export type Lease = Resource<LeaseSpec>;

export const LeaseStatusSchema = Type.Object(statusFields(Type.String()));

export const LEASE: KindModule = {
  definition: LEASE_KIND,
  specSchema: LeaseSpecSchema,
  statusSchema: LeaseStatusSchema,
};
