/** Building blocks of setting schemas: every number setting is a non-negative integer by default. */
import { Type } from '@sinclair/typebox';

export const Integer = (options: { default: number; minimum?: number; description: string }) =>
  Type.Integer({ minimum: 0, ...options });

export const OptionalString = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, description }));
