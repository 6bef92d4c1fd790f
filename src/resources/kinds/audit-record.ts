/**
 * AuditRecord (cluster-scoped, internal): one mutation — who, what, when, and the field-level
 * change. Written in the same transaction as the mutation it describes, so neither exists alone.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const AuditChangeSchema = Type.Object({
  path: Type.String(),
  before: Type.Optional(Type.Unknown()),
  after: Type.Optional(Type.Unknown()),
});
export type AuditChange = Static<typeof AuditChangeSchema>;

export const AuditRecordSpecSchema = Type.Object(
  {
    at: Timestamp(),
    actor: Type.Object({ id: Type.String(), username: Type.String(), via: Type.String() }),
    verb: Type.String({ minLength: 1, description: 'create, update, patch, delete, or an action' }),
    target: Type.Object({
      kind: Type.String(),
      namespace: Type.Optional(Type.String()),
      name: Type.String(),
    }),
    requestId: Type.Optional(Type.String()),
    /** The target's resourceVersion after the mutation; absent for deletions that removed it. */
    resourceVersion: Type.Optional(Type.String()),
    changes: Type.Array(AuditChangeSchema),
  },
  { additionalProperties: false },
);

export type AuditRecordSpec = Static<typeof AuditRecordSpecSchema>;
export type AuditRecord = Resource<AuditRecordSpec>;

export const AUDIT_RECORD: KindModule = {
  definition: { kind: 'AuditRecord', plural: 'auditrecords', scope: 'Cluster', internal: true },
  specSchema: AuditRecordSpecSchema,
  statusSchema: Type.Object(statusFields(Type.String())),
};
