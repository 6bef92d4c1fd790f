/** LabletDefinition (namespaced): a versioned lab template (SPEC.md "LabletDefinition"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { QuantitySchema, StringEnum, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';
import { definePhaseMachine } from './phase-machine.js';
import { DEVICE_PROTOCOLS } from '../topology/port-template.js';
import { LICENSE_TYPES } from './worker-template.js';

export const DEFINITION_STATES = ['Draft', 'Active', 'Inactive', 'Deprecated', 'Archived'] as const;
export type DefinitionState = (typeof DEFINITION_STATES)[number];

/**
 * Lifecycle of `spec.state` (and its mirror `status.phase`). Only Active takes new sessions; a
 * deprecated version keeps serving its running sessions; Archived is final. The spec is frozen
 * once the definition leaves Draft: a content change is a new version (a new object).
 */
export const DEFINITION_MACHINE = definePhaseMachine<DefinitionState>(
  'LabletDefinition',
  {
    Draft: ['Active', 'Archived'],
    Active: ['Inactive', 'Deprecated'],
    Inactive: ['Active', 'Deprecated', 'Archived'],
    Deprecated: ['Archived'],
    Archived: [],
  },
  ['Draft', 'Active'],
);

export const PortTemplateEntrySchema = Type.Object({
  name: Type.String({ description: '<label>_<protocol>' }),
  device: Type.String(),
  protocol: Type.String(),
});

export const LabletDefinitionSpecSchema = Type.Object(
  {
    family: Type.String({
      minLength: 1,
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    }),
    version: Type.String({ minLength: 1, description: 'semver, e.g. 1.2.0' }),
    displayName: Type.String({ minLength: 1 }),
    description: Type.Optional(Type.String()),
    topology: Type.Optional(Type.String({ minLength: 1, description: 'CML lab YAML, inline' })),
    artifact: Type.Optional(
      Type.Object(
        {
          uri: Type.String({ pattern: '^(https|s3)://', description: 'https:// or s3:// URI' }),
          sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
        },
        { additionalProperties: false },
      ),
    ),
    resources: Type.Optional(QuantitySchema),
    licenseAffinity: Type.Array(StringEnum(LICENSE_TYPES), {
      default: [],
      description: 'empty = any',
    }),
    image: Type.Object(
      {
        cmlVersionMin: Type.Optional(Type.String()),
        cmlVersionMax: Type.Optional(Type.String()),
        nodeDefinitions: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false, default: {} },
    ),
    lds: Type.Optional(
      Type.Object(
        { formQualifiedName: Type.String({ minLength: 1 }), region: Type.Optional(Type.String()) },
        { additionalProperties: false },
      ),
    ),
    devices: Type.Optional(
      Type.Array(
        Type.Object(
          {
            label: Type.String({ minLength: 1 }),
            protocols: Type.Array(StringEnum(DEVICE_PROTOCOLS), { minItems: 1 }),
          },
          { additionalProperties: false },
        ),
      ),
    ),
    grading: Type.Optional(
      Type.Object(
        {
          rulesUri: Type.Optional(Type.String()),
          cutScore: Type.Optional(Type.Number({ minimum: 0 })),
          timeoutSeconds: Type.Integer({ minimum: 1, default: 600 }),
        },
        { additionalProperties: false },
      ),
    ),
    maxDurationMinutes: Type.Integer({ minimum: 1, maximum: 480, default: 60 }),
    warmPool: Type.Object(
      { depth: Type.Integer({ minimum: 0, default: 0 }) },
      { additionalProperties: false, default: {} },
    ),
    labReuse: Type.Boolean({ default: true }),
    state: StringEnum(DEFINITION_STATES, { default: 'Draft' }),
  },
  { additionalProperties: false },
);

export const LabletDefinitionStatusSchema = Type.Object({
  ...statusFields(StringEnum(DEFINITION_STATES)),
  topologyHash: Type.Optional(Type.String()),
  nodeCount: Type.Optional(Type.Integer({ minimum: 0 })),
  nodeDefinitions: Type.Optional(Type.Array(Type.String())),
  portTemplate: Type.Optional(Type.Array(PortTemplateEntrySchema)),
});

export type LabletDefinitionSpec = Static<typeof LabletDefinitionSpecSchema>;
export type LabletDefinitionStatus = Static<typeof LabletDefinitionStatusSchema>;
export type LabletDefinition = Resource<LabletDefinitionSpec, LabletDefinitionStatus>;

export const LABLET_DEFINITION: KindModule = {
  definition: { kind: 'LabletDefinition', plural: 'labletdefinitions', scope: 'Namespaced' },
  specSchema: LabletDefinitionSpecSchema,
  statusSchema: LabletDefinitionStatusSchema,
  // No status machine: the lifecycle is `spec.state`, guarded with DEFINITION_MACHINE by admission.
};
