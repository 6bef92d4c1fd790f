/**
 * Turns TypeBox validation errors into `Invalid` errors that name the field and say what is
 * allowed. Shared by the config loader and admission, so every schema error reads the same way.
 */
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { InvalidError } from '../errors/index.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
if (!FormatRegistry.Has('date-time'))
  FormatRegistry.Set(
    'date-time',
    (value) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)),
  );

/**
 * Compiled checks per schema object: every write runs admission, and the interpreted error walk
 * costs ~50× a compiled check on a large object (a worker with 100 allocations). Errors are only
 * walked for values that fail.
 */
const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();

function compiledCheck(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

/** Throws `Invalid` for the first error of `value` against `schema`; `prefix` is the field path above. */
export function assertMatchesSchema(
  schema: TSchema,
  value: unknown,
  prefix: string,
  subject: string,
): void {
  if (compiledCheck(schema).Check(value)) return;
  const first = Value.Errors(schema, value).First();
  if (!first) return;
  const field =
    [prefix, ...first.path.split('/').filter(Boolean)].filter(Boolean).join('.') || '(root)';
  throw new InvalidError(`${subject} ${field}: ${describeError(first)}`, { details: { field } });
}

function describeError(error: ValueError): string {
  const literals = (error.schema.anyOf as TSchema[] | undefined)?.map(
    (option) => option.const as unknown,
  );
  if (literals?.length && literals.every((value) => typeof value === 'string'))
    return `must be one of ${literals.join(', ')}`;
  if (error.schema.format === 'date-time')
    return 'must be an RFC 3339 timestamp, e.g. 2026-03-01T09:00:00Z';
  if (error.message === 'Unexpected property') return 'is not a known field';
  return error.message.charAt(0).toLowerCase() + error.message.slice(1);
}
