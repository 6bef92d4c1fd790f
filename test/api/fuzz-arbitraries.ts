/**
 * fast-check arbitraries for fuzzing the API: odd JSON values and strings, near-valid objects (a
 * valid one with a few fields changed, removed or added), garbage queries, non-JSON bodies.
 */
import fc from 'fast-check';

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\u202E',
  '\uFEFF',
  'e\u0301',
  '👩‍👩‍👧',
  '%',
  '%zz',
  '../..',
  '\\',
  '"',
  '<script>',
  '__proto__',
  'constructor',
  'null',
  '-1',
  '1e400',
  '99999999999999999999',
  'a'.repeat(5000),
];

/** Strings with control characters, lone surrogates, combining marks, huge lengths. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(...ODD_STRINGS),
);

const oddNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -0, 5e-324, 1e21, 0.1),
);

/** Any JSON-ish value: fast-check's `anything`, odd strings and numbers, empty containers. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  oddString,
  oddNumber,
  fc.constantFrom(null, true, false, [], {}, [[[]]], { '': '' }),
);

/** Arbitrary objects, including deep ones with odd keys. */
export const oddObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.object({ maxDepth: 3 }),
  fc.dictionary(oddString, oddValue, { maxKeys: 5 }),
);

type Path = readonly string[];

/** Every path into `value` (objects and arrays), the root excluded. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, key];
    return [path, ...pathsOf(child, path)];
  });
}

function containerAt(root: unknown, path: Path): Record<string, unknown> | undefined {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}

type Mutation =
  | { op: 'set'; path: Path; value: unknown }
  | { op: 'delete'; path: Path }
  | { op: 'add'; path: Path; key: string; value: unknown };

function apply(root: unknown, mutation: Mutation): void {
  const parentPath = mutation.op === 'add' ? mutation.path : mutation.path.slice(0, -1);
  const parent = containerAt(root, parentPath);
  if (!parent) return;
  const key = mutation.op === 'add' ? mutation.key : (mutation.path.at(-1) ?? '');
  if (mutation.op === 'delete') Reflect.deleteProperty(parent, key);
  else Object.defineProperty(parent, key, descriptor(mutation.value));
}

/**
 * As an own, enumerable property, so keys like `__proto__` reach JSON.stringify; a copy, since
 * fast-check shares generated values (constants) between runs and a later mutation would edit it.
 */
function descriptor(value: unknown): PropertyDescriptor {
  return { value: structuredClone(value), enumerable: true, writable: true, configurable: true };
}

/** `valid` with one to three fields replaced by odd values, removed, or added. */
export function nearlyValid(valid: object): fc.Arbitrary<unknown> {
  const paths = pathsOf(valid);
  const containers: Path[] = [[], ...paths.filter((path) => containerAt(valid, path))];
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({
      op: fc.constant('set' as const),
      path: fc.constantFrom(...paths),
      value: oddValue,
    }),
    fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths) }),
    fc.record({
      op: fc.constant('add' as const),
      path: fc.constantFrom(...containers),
      key: fc.oneof(oddString, fc.constantFrom('__proto__', 'constructor', 'status', 'kind')),
      value: oddValue,
    }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const copy = structuredClone(valid);
    for (const each of mutations) apply(copy, each);
    return copy;
  });
}

/** A JSON body: arbitrary values, arbitrary objects, or near-valid objects. */
export function jsonBody(valid: object): fc.Arbitrary<unknown> {
  return fc.oneof(oddValue, oddObject, nearlyValid(valid), nearlyValid(valid));
}

const RAW_BODIES = [
  '',
  '{',
  '}',
  '[',
  'nul',
  '{"a":',
  '\u0000',
  '{"metadata":{"name":"x"}}garbage',
  '1e400',
  '123456789012345678901234567890',
  '{"metadata":{"name":"x","resourceVersion":"123456789012345678901234567890"}}',
  '{"__proto__":{"polluted":true},"metadata":{"name":"x"}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"metadata":{"name":"x"},"spec":{"__proto__":{"a":1}}}',
  '{"metadata":null}',
  '{"metadata":{"name":"x"},"metadata":{"name":"y"}}',
  'a=1&b=2',
  '<xml/>',
];

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/merge-patch+json',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/jsonx',
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '*/*',
];

export interface RawBody {
  body: string;
  contentType: string | undefined;
}

/** A body that is not (quite) JSON, or JSON under a content type the route does not take. */
export const rawBody: fc.Arbitrary<RawBody> = fc.record({
  body: fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.json({ maxDepth: 2 }),
    fc.constantFrom(...RAW_BODIES),
  ),
  contentType: fc.constantFrom(...CONTENT_TYPES),
});

const selectorish = fc
  .array(
    fc.constantFrom(
      'app',
      'tier',
      'x/y',
      'k8s.io/name',
      '=',
      '==',
      '!=',
      ' in ',
      ' notin ',
      '(',
      ')',
      ',',
      '!',
      'a',
      '-',
      '.',
      ' ',
      '=v',
      '🙂',
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));

const continueToken = fc.oneof(
  oddString,
  fc.base64String({ maxLength: 40 }),
  oddObject.map((value) => Buffer.from(JSON.stringify(value)).toString('base64url')),
  fc.constantFrom('eyJ9', 'e30', 'bnVsbA', 'W10', 'IjEi'),
);

const RAW_QUERIES = [
  '%',
  '%zz',
  'limit=%ff',
  '&&&',
  '=',
  'limit=1&limit=2',
  'watch=1&watch=0',
  'x=1',
  'limit[]=1',
  'labelSelector=a%20in%20(b',
  'resourceVersion=',
];

/** A list or watch query string (without `?`), well-formed or not. */
export const listQuery: fc.Arbitrary<string> = fc.oneof(
  fc
    .record(
      {
        labelSelector: fc.oneof(selectorish, oddString),
        limit: fc.oneof(fc.integer().map(String), oddNumber.map(String), oddString),
        continue: continueToken,
        watch: fc.oneof(fc.constantFrom('1', 'true', '0', 'false', 'yes', ''), oddString),
        resourceVersion: fc.oneof(
          fc.nat().map(String),
          fc.constantFrom('0', '99999999999999999999', '-1'),
          oddString,
        ),
      },
      { requiredKeys: [] },
    )
    .map((query) => new URLSearchParams(query).toString()),
  fc.constantFrom(...RAW_QUERIES),
);

/** A DELETE query string (resourceVersion and uid preconditions). */
export const deleteQuery: fc.Arbitrary<string> = fc
  .record(
    { resourceVersion: fc.oneof(fc.nat().map(String), oddString), uid: oddString },
    { requiredKeys: [] },
  )
  .map((query) => new URLSearchParams(query).toString());
