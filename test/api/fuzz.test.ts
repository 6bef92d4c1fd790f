/**
 * Property-based fuzzing of every served kind's routes and every action: whatever a caller sends
 * (odd JSON, near-valid objects, garbage queries, non-JSON bodies), the API answers below 500, and
 * every 4xx carries a JSON body `{ code, reason, message }` that explains it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/api/actions/index.js';
import { collectionPath, objectPath, servedKinds } from '../../src/api/resource-paths.js';
import type { KindDefinition } from '../../src/resources/index.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import { ADMIN_PASSWORD, startApiWorld, testFetch, type ApiWorld } from '../support/api-world.js';
import {
  deleteQuery,
  jsonBody,
  listQuery,
  oddString,
  rawBody,
  type RawBody,
} from './fuzz-arbitraries.js';
import { aValidObject, SEEDED_NAMES, seedEveryKind } from './seed-every-kind.js';

const registry = createKindRegistry();
const KINDS = servedKinds(registry.list());
/** Runs per property: the file makes a few thousand requests in all. */
const RUNS = 100;
/** Replaced by a fresh name in each request, so near-valid creates do not all collide. */
const PLACEHOLDER = 'fuzz-placeholder';

type As = 'admin' | 'user';
interface Body {
  text: string | undefined;
  contentType: string | undefined;
}

/** `template` with the namespace and an already percent-encoded name filled in. */
function urlOf(template: string, encodedName = ''): string {
  return template.replace(':namespace', 'default').replace(':name', encodedName);
}

/** Percent-encodes every UTF-8 byte (a lone surrogate becomes U+FFFD, as `Buffer` encodes it). */
function encodeAll(text: string): string {
  return [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

/** Path segments: odd names, encoded, and encodings no UTF-8 decoder accepts. */
const oddSegment = fc.oneof(
  oddString.map((name) => encodeAll(name || 'x')),
  fc.constantFrom('%ED%A0%80', '%ff', '%', '%zz', '%C0%AF', '..', '%2e%2e', 'a%00b'),
);

function asJson(value: unknown, contentType = 'application/json'): Body {
  return { text: JSON.stringify(value), contentType };
}

function asRaw(raw: RawBody): Body {
  return { text: raw.body, contentType: raw.contentType };
}

describe('fuzzing the API', () => {
  let world: ApiWorld;
  let fresh = 0;

  beforeAll(async () => {
    world = await startApiWorld({
      overrides: { auth: { adminPassword: ADMIN_PASSWORD, mutationRateLimitPerMinute: 1_000_000 } },
    });
    await seedEveryKind(world.local, 'user');
  });
  afterAll(async () => world.close());

  /** Sends one request and checks the answer: below 500, and a 4xx explains itself. */
  async function expectWellFormed(method: string, path: string, body?: Body, as: As = 'admin') {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await world.tokenFor(as)}`,
    };
    if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
    const text = body?.text?.replaceAll(PLACEHOLDER, () => `fuzz-${++fresh}`);
    const response = await testFetch(`${world.url}${path}`, {
      method,
      headers,
      ...(text !== undefined ? { body: text } : {}),
    });
    const type = response.headers.get('content-type') ?? '';
    const what = `${method} ${path.slice(0, 200)} ${body?.contentType ?? ''} ${text?.slice(0, 200) ?? ''}`;
    if (type.startsWith('application/x-ndjson')) {
      await response.body?.cancel(); // a watch stream: its status is all we need
      expect(response.status, what).toBe(200);
      return;
    }
    const answer = await response.text();
    const seen = `${what} → ${response.status} ${answer.slice(0, 300)}`;
    expect(response.status, seen).toBeLessThan(500);
    if (response.status < 400) return;
    expect(type, seen).toMatch(/^application\/json/);
    const error = JSON.parse(answer) as { code: unknown; reason: unknown; message: unknown };
    expect(error.code, seen).toBe(response.status);
    expect(typeof error.reason === 'string' && error.reason !== '', seen).toBe(true);
    expect(typeof error.message === 'string' && error.message !== '', seen).toBe(true);
  }

  const check = <T extends [unknown, ...unknown[]]>(property: fc.IAsyncProperty<T>) =>
    fc.assert(property, { numRuns: RUNS });

  describe.each(KINDS.map((kind) => [kind.kind, kind] as const))('%s', (_name, kind) => {
    const name = SEEDED_NAMES[kind.kind] as string;
    const collection = urlOf(collectionPath(kind));
    const object = urlOf(objectPath(kind), name);
    const stored = () => world.local.get(kind.kind, name, namespaceOf(kind));

    it('answers any create body with a 4xx it explains, or success', async () => {
      const valid = aValidObject(kind.kind, PLACEHOLDER, 'user');
      await check(
        fc.asyncProperty(jsonBody(valid), (body) =>
          expectWellFormed('POST', collection, asJson(body)),
        ),
      );
    });

    it('answers any replacement (object and status) likewise', async () => {
      const current = await stored();
      await check(
        fc.asyncProperty(jsonBody(current), fc.boolean(), (body, status) =>
          expectWellFormed('PUT', status ? `${object}/status` : object, asJson(body)),
        ),
      );
    });

    it('answers any patch, as merge-patch or plain JSON, on object and status', async () => {
      const current = await stored();
      const contentType = fc.constantFrom('application/merge-patch+json', 'application/json');
      await check(
        fc.asyncProperty(
          jsonBody({ metadata: { labels: { a: 'b' } }, spec: current.spec, status: {} }),
          contentType,
          fc.boolean(),
          (body, type, status) =>
            expectWellFormed('PATCH', status ? `${object}/status` : object, asJson(body, type)),
        ),
      );
    });

    it('answers bodies that are not JSON, or sent as another content type', async () => {
      const targets = fc.constantFrom(
        ['POST', collection],
        ['PUT', object],
        ['PATCH', object],
        ['PATCH', `${object}/status`],
      );
      await check(
        fc.asyncProperty(targets, rawBody, ([method, path], raw) =>
          expectWellFormed(method, path, asRaw(raw)),
        ),
      );
    });

    it('answers any list or watch query', async () => {
      const paths = [collection, ...(namespaceOf(kind) ? [`/apis/lcm/v1/${kind.plural}`] : [])];
      await check(
        fc.asyncProperty(fc.constantFrom(...paths), listQuery, (path, query) =>
          expectWellFormed('GET', `${path}?${query}`),
        ),
      );
    });

    it('answers odd names and delete preconditions', async () => {
      const methods = fc.constantFrom('GET', 'PUT', 'PATCH', 'DELETE');
      await check(
        fc.asyncProperty(methods, oddSegment, deleteQuery, (method, segment, query) => {
          const path = `${urlOf(objectPath(kind), segment)}?${method === 'DELETE' ? query : ''}`;
          return expectWellFormed(method, path, method === 'GET' ? undefined : asJson({}));
        }),
      );
    });
  });

  describe.each(ACTIONS.map((action) => [`${action.kind} ${action.name}`, action] as const))(
    'action %s',
    (_name, action) => {
      it('answers any body, JSON or not', async () => {
        const kind = registry.get(action.kind);
        const path = `${urlOf(objectPath(kind), SEEDED_NAMES[kind.kind])}/${action.name}`;
        const body = fc.oneof(
          jsonBody({ end: '2026-01-02T11:00:00Z' }).map((value) => asJson(value)),
          rawBody.map(asRaw),
          fc.constant<Body>({ text: undefined, contentType: undefined }),
        );
        await check(fc.asyncProperty(body, (each) => expectWellFormed('POST', path, each)));
      });
    },
  );

  it("answers a user's near-valid sessions (object-level checks) likewise", async () => {
    const valid = aValidObject('LabletSession', PLACEHOLDER, 'user');
    const collection = urlOf(collectionPath(registry.get('LabletSession')));
    await check(
      fc.asyncProperty(jsonBody(valid), (body) =>
        expectWellFormed('POST', collection, asJson(body), 'user'),
      ),
    );
  });
});

function namespaceOf(kind: KindDefinition): string | undefined {
  return kind.scope === 'Namespaced' ? 'default' : undefined;
}
