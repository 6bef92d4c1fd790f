/** WorkerTemplate (cluster-scoped): how to build a worker (SPEC.md "WorkerTemplate"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { QuantitySchema, StringEnum, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const LICENSE_TYPES = ['personal', 'enterprise', 'evaluation'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

const Port = Type.Integer({ minimum: 1, maximum: 65535 });

export const WorkerTemplateSpecSchema = Type.Object(
  {
    provider: StringEnum(['aws', 'sim'] as const),
    region: Type.String({ minLength: 1 }),
    instanceType: Type.String({ minLength: 1 }),
    image: Type.Object(
      {
        amiId: Type.Optional(Type.String({ minLength: 1 })),
        amiNamePattern: Type.Optional(Type.String({ minLength: 1, description: 'e.g. CML-2.9*' })),
      },
      { additionalProperties: false, default: {} },
    ),
    capacity: QuantitySchema,
    licenseType: StringEnum(LICENSE_TYPES),
    ports: Type.Object(
      { from: Port, to: Port },
      { additionalProperties: false, default: { from: 2000, to: 9999 } },
    ),
    costPerHour: Type.Number({ minimum: 0, default: 0, description: 'USD' }),
    startupSeconds: Type.Integer({
      minimum: 0,
      default: 1200,
      description: 'request → CML usable',
    }),
    drainTimeoutSeconds: Type.Integer({ minimum: 0, default: 14400 }),
    enabled: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

export const WorkerTemplateStatusSchema = Type.Object(statusFields(Type.String()));

export type WorkerTemplateSpec = Static<typeof WorkerTemplateSpecSchema>;
export type WorkerTemplate = Resource<
  WorkerTemplateSpec,
  Static<typeof WorkerTemplateStatusSchema>
>;

export const WORKER_TEMPLATE: KindModule = {
  definition: { kind: 'WorkerTemplate', plural: 'workertemplates', scope: 'Cluster' },
  specSchema: WorkerTemplateSpecSchema,
  statusSchema: WorkerTemplateStatusSchema,
};
