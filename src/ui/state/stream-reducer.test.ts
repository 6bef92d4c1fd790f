/** What each /api/stream message does to the cache, including reset. */
import { describe, expect, it } from 'vitest';
import type { AnyResource } from '../../resources/index.js';
import { findObject, objectsOf } from './resource-merge';
import { INITIAL_STREAM_STATE, reduceStream, type StreamMessage } from './stream-reducer';

function worker(name: string, resourceVersion: string, phase: string): AnyResource {
  return {
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name, resourceVersion },
    spec: {},
    status: { phase },
  };
}

const run = (messages: StreamMessage[]) => messages.reduce(reduceStream, INITIAL_STREAM_STATE);
const phase = (state: ReturnType<typeof run>, name: string) =>
  findObject(state.resources, 'Worker', undefined, name)?.status?.phase;

describe('stream reducer', () => {
  it('builds the cache from a snapshot and the changes after it', () => {
    const state = run([
      {
        event: 'snapshot',
        data: { kind: 'Worker', revision: 10, items: [worker('w1', '9', 'Pending')] },
      },
      { event: 'MODIFIED', data: { object: worker('w1', '11', 'Running') } },
      { event: 'ADDED', data: { object: worker('w2', '12', 'Pending') } },
      { event: 'bookmark' },
      { event: 'DELETED', data: { object: worker('w2', '13', 'Terminated') } },
    ]);
    expect(phase(state, 'w1')).toBe('Running');
    expect(phase(state, 'w2')).toBeUndefined();
  });

  it('replaces the cache with the snapshot that follows a reset, dropping objects it no longer has', () => {
    const state = run([
      {
        event: 'snapshot',
        data: { kind: 'Worker', revision: 900, items: [worker('old', '800', 'Running')] },
      },
      { event: 'MODIFIED', data: { object: worker('w1', '950', 'Running') } },
      // The store was replaced: its revisions start over, lower than what the client holds.
      { event: 'reset' },
      {
        event: 'snapshot',
        data: { kind: 'Worker', revision: 5, items: [worker('w1', '4', 'Stopped')] },
      },
    ]);
    expect(objectsOf(state.resources, 'Worker').map((w) => w.metadata.name)).toEqual(['w1']);
    expect(phase(state, 'w1')).toBe('Stopped');
  });

  it('merges normally again once the changes after the reset snapshot arrive', () => {
    const state = run([
      { event: 'reset' },
      {
        event: 'snapshot',
        data: { kind: 'Worker', revision: 5, items: [worker('w1', '4', 'Stopped')] },
      },
      { event: 'MODIFIED', data: { object: worker('w1', '6', 'Starting') } },
      {
        event: 'snapshot',
        data: { kind: 'Worker', revision: 5, items: [worker('w1', '4', 'Stopped')] },
      },
    ]);
    expect(phase(state, 'w1')).toBe('Starting');
    expect(state.replaced).toBeUndefined();
  });
});
