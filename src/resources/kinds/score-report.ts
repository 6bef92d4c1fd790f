/** ScoreReport (namespaced, immutable): a graded session's score (SPEC.md "ScoreReport"). */
import { Type, type Static } from '@sinclair/typebox';
import type { Resource } from '../meta.js';
import { Timestamp, statusFields } from './common-schemas.js';
import type { KindModule } from './kind-module.js';

export const ScoreReportSpecSchema = Type.Object(
  {
    session: Type.String({ minLength: 1 }),
    /** The session owner's user id, copied at creation so RBAC needs no join (the session may be gone). */
    owner: Type.Optional(Type.Object({ userId: Type.String({ minLength: 1 }) })),
    score: Type.Number({ minimum: 0 }),
    maxScore: Type.Number({ minimum: 0 }),
    cutScore: Type.Optional(Type.Number({ minimum: 0 })),
    passed: Type.Boolean(),
    sections: Type.Array(
      Type.Object(
        {
          name: Type.String(),
          score: Type.Number({ minimum: 0 }),
          maxScore: Type.Number({ minimum: 0 }),
        },
        { additionalProperties: false },
      ),
      { default: [] },
    ),
    reportUrl: Type.Optional(Type.String()),
    submittedAt: Timestamp(),
  },
  { additionalProperties: false },
);

export const ScoreReportStatusSchema = Type.Object(statusFields(Type.String()));

export type ScoreReportSpec = Static<typeof ScoreReportSpecSchema>;
export type ScoreReport = Resource<ScoreReportSpec, Static<typeof ScoreReportStatusSchema>>;

export const SCORE_REPORT: KindModule = {
  definition: { kind: 'ScoreReport', plural: 'scorereports', scope: 'Namespaced' },
  specSchema: ScoreReportSpecSchema,
  statusSchema: ScoreReportStatusSchema,
};
