/** JSON schemas shared by the routes: the error body, object envelopes, list and watch query. */
import { Type } from '@sinclair/typebox';

/** Every 4xx/5xx body (SPEC.md "API contract details"). */
export const ErrorBody = Type.Object(
  {
    code: Type.Integer(),
    reason: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorBody' },
);

/** Error responses every authenticated route may give. */
export const ERROR_RESPONSES = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  410: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
  503: ErrorBody,
} as const;

/** Any JSON object, serialised as is. */
export const AnyObject = Type.Object({}, { additionalProperties: true });

const Labels = Type.Record(Type.String(), Type.String());

/** What a caller may send as an object; the kind's own schema is checked by admission. */
export const ObjectEnvelope = Type.Object(
  {
    apiVersion: Type.Optional(Type.Literal('lcm/v1')),
    kind: Type.Optional(Type.String({ minLength: 1 })),
    metadata: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 253 }),
        namespace: Type.Optional(Type.String({ minLength: 1, maxLength: 63 })),
        labels: Type.Optional(Labels),
        annotations: Type.Optional(Labels),
        finalizers: Type.Optional(Type.Array(Type.String())),
        resourceVersion: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
        uid: Type.Optional(Type.String()),
        generation: Type.Optional(Type.Integer()),
        creationTimestamp: Type.Optional(Type.String()),
        deletionTimestamp: Type.Optional(Type.String()),
        ownerReferences: Type.Optional(Type.Array(AnyObject)),
      },
      { additionalProperties: false },
    ),
    spec: Type.Optional(AnyObject),
    status: Type.Optional(AnyObject),
  },
  { additionalProperties: false },
);

/** A JSON merge patch body: any object (`null` removes a field). */
export const MergePatchBody = Type.Object({}, { additionalProperties: true });

export const ListQuery = Type.Object(
  {
    labelSelector: Type.Optional(Type.String({ maxLength: 2048 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    continue: Type.Optional(Type.String({ maxLength: 4096 })),
    watch: Type.Optional(
      Type.Union([
        Type.Literal('1'),
        Type.Literal('true'),
        Type.Literal('0'),
        Type.Literal('false'),
      ]),
    ),
    resourceVersion: Type.Optional(Type.String({ pattern: '^[0-9]+$', maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const DeleteQuery = Type.Object(
  {
    resourceVersion: Type.Optional(Type.String({ pattern: '^[0-9]+$', maxLength: 20 })),
    uid: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const NameParam = Type.String({ minLength: 1, maxLength: 253 });
export const NamespaceParam = Type.String({ minLength: 1, maxLength: 63 });
