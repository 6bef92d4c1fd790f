/**
 * A `user` never learns of another user's sessions or reports: reads, actions and explain answer
 * 404 (not 403), lists leave them out, and a `?watch=1` stream never carries them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiWorld, testFetch, type ApiWorld } from '../support/api-world.js';
import { aDefinition, aSession } from '../support/builders.js';
import { API_VERSION } from '../../src/resources/index.js';

const SESSIONS = '/apis/lcm/v1/namespaces/default/labletsessions';
const REPORTS = '/apis/lcm/v1/namespaces/default/scorereports';

interface WatchLine {
  type: string;
  object: { metadata: { name?: string }; spec?: { owner?: { userId?: string } } };
}

function sessionOf(name: string, owner: string) {
  return aSession(name, { owner: { userId: owner } });
}

function reportOf(name: string, owner: string) {
  return {
    apiVersion: API_VERSION,
    kind: 'ScoreReport',
    metadata: { name, namespace: 'default' },
    spec: {
      session: 'any',
      owner: { userId: owner },
      score: 1,
      maxScore: 2,
      passed: false,
      sections: [],
      submittedAt: '2026-03-01T09:00:00Z',
    },
  };
}

/** Reads NDJSON lines until `done` accepts one; the stream is cancelled afterwards. */
async function readLinesUntil(
  body: ReadableStream<Uint8Array>,
  done: (line: WatchLine) => boolean,
): Promise<WatchLine[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const lines: WatchLine[] = [];
  let buffered = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) throw new Error('the watch ended before the expected event');
      buffered += decoder.decode(chunk.value, { stream: true });
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const text of complete.filter(Boolean)) {
        const line = JSON.parse(text) as WatchLine;
        lines.push(line);
        if (done(line)) return lines;
      }
    }
  } finally {
    await reader.cancel();
  }
}

describe("a user and another user's sessions", () => {
  let world: ApiWorld;

  beforeAll(async () => {
    world = await startApiWorld();
    await world.local.create(aDefinition('ccna-1', { state: 'Active' }));
    await world.local.create(sessionOf('mine', 'user'));
    await world.local.create(sessionOf('theirs', 'user2'));
    await world.local.create(reportOf('my-report', 'user'));
    await world.local.create(reportOf('their-report', 'user2'));
  });
  afterAll(async () => world.close());

  it('answers 404, not 403, to reads, actions and explain', async () => {
    const paths = [
      ['GET', `${SESSIONS}/theirs`],
      ['GET', `${SESSIONS}/theirs/status`],
      ['GET', `${SESSIONS}/theirs/explain`],
      ['POST', `${SESSIONS}/theirs/stop`],
      ['POST', `${SESSIONS}/theirs/collect`],
      ['GET', `${REPORTS}/their-report`],
    ] as const;
    for (const [method, path] of paths) {
      const response = await world.request('user', method, path);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.reason).toBe('NotFound');
    }
    const stored = await world.local.get('LabletSession', 'theirs', 'default');
    expect(stored.spec.desiredState).not.toBe('Stopped');
  });

  it('reads its own session and report', async () => {
    expect((await world.request('user', 'GET', `${SESSIONS}/mine`)).status).toBe(200);
    expect((await world.request('user', 'GET', `${SESSIONS}/mine/explain`)).status).toBe(200);
    expect((await world.request('user', 'GET', `${REPORTS}/my-report`)).status).toBe(200);
  });

  it('lists only its own sessions and reports, in one namespace or all', async () => {
    const namesIn = async (path: string) => {
      const response = await world.request('user', 'GET', path);
      expect(response.status).toBe(200);
      return (response.body.items as WatchLine['object'][]).map((item) => item.metadata.name);
    };
    expect(await namesIn(SESSIONS)).toEqual(['mine']);
    expect(await namesIn('/apis/lcm/v1/labletsessions')).toEqual(['mine']);
    expect(await namesIn(REPORTS)).toEqual(['my-report']);
  });

  it("never carries another user's session on a watch", async () => {
    const listed = await world.request('user', 'GET', SESSIONS);
    const since = listed.body.metadata.resourceVersion as string;
    const response = await testFetch(`${world.url}${SESSIONS}?watch=1&resourceVersion=${since}`, {
      headers: { authorization: `Bearer ${await world.tokenFor('user')}` },
    });
    expect(response.status).toBe(200);
    // Theirs is written first: once our own arrives, theirs would have been sent before it.
    await world.local.create(sessionOf('theirs-later', 'user2'));
    await world.local.patch(
      'LabletSession',
      'theirs',
      { spec: { desiredState: 'Stopped' } },
      {
        namespace: 'default',
      },
    );
    await world.local.create(sessionOf('mine-later', 'user'));
    if (!response.body) throw new Error('the watch has no body');
    const lines = await readLinesUntil(
      response.body,
      (line) => line.object.metadata.name === 'mine-later',
    );
    const events = lines.filter((line) => line.type !== 'BOOKMARK');
    expect(events.map((line) => [line.type, line.object.metadata.name])).toEqual([
      ['ADDED', 'mine-later'],
    ]);
  });
});
