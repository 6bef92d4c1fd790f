/** The live store merges action answers and stream messages by resourceVersion, and renders only on change. */
import { describe, expect, it } from 'vitest';
import type { AnyResource } from '../../resources/index.js';
import { LiveStore } from './live-store';
import { findObject } from './resource-merge';

function session(resourceVersion: string, phase: string): AnyResource {
  return {
    apiVersion: 'lcm/v1',
    kind: 'LabletSession',
    metadata: { name: 's1', namespace: 'default', resourceVersion },
    spec: {},
    status: { phase },
  };
}

const phaseIn = (store: LiveStore) =>
  findObject(store.getSnapshot().resources, 'LabletSession', 'default', 's1')?.status?.phase;

describe('LiveStore', () => {
  it('keeps the streamed state when an action answer older than it arrives late', () => {
    const store = new LiveStore();
    store.dispatch({
      event: 'snapshot',
      data: { kind: 'LabletSession', revision: 10, items: [session('10', 'Ready')] },
    });
    // The stop action was answered at revision 11, but the stream already delivered 12.
    store.dispatch({ event: 'MODIFIED', data: { object: session('12', 'Stopping') } });
    store.applyResponse(session('11', 'Ready'));
    expect(phaseIn(store)).toBe('Stopping');
  });

  it('shows an action answer at once when the stream has not caught up yet', () => {
    const store = new LiveStore();
    store.dispatch({
      event: 'snapshot',
      data: { kind: 'LabletSession', revision: 10, items: [session('10', 'Ready')] },
    });
    store.applyResponse(session('11', 'Stopping'));
    expect(phaseIn(store)).toBe('Stopping');
  });

  it('notifies subscribers only when something they show changed', () => {
    const store = new LiveStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.setStatus('live');
    store.setStatus('live');
    store.dispatch({ event: 'bookmark' });
    unsubscribe();
    store.setStatus('reconnecting');
    expect(calls).toBe(1);
  });
});
