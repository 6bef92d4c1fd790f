/** The merge rule: a late listing or answer never overwrites a newer event; deletions stick; reset replaces. */
import { describe, expect, it } from 'vitest';
import type { AnyResource } from '../../resources/index.js';
import {
  applyChange,
  applyListing,
  applyObject,
  compareRevisions,
  EMPTY_STATE,
  findObject,
  isSynced,
  objectsOf,
  replaceKind,
} from './resource-merge';

function session(name: string, resourceVersion: string, phase = 'Pending'): AnyResource {
  return {
    apiVersion: 'lcm/v1',
    kind: 'LabletSession',
    metadata: { name, namespace: 'default', resourceVersion },
    spec: {},
    status: { phase },
  };
}

const phaseOf = (state: typeof EMPTY_STATE, name: string) =>
  findObject(state, 'LabletSession', 'default', name)?.status?.phase;

describe('compareRevisions', () => {
  it('compares revisions as numbers, not as strings', () => {
    expect(compareRevisions('9', '10')).toBeLessThan(0);
    expect(compareRevisions('100', '99')).toBeGreaterThan(0);
    expect(compareRevisions('42', '42')).toBe(0);
    expect(compareRevisions('123456789012345678901', '123456789012345678900')).toBeGreaterThan(0);
  });
});

describe('resource merge', () => {
  it('keeps a live event when a stale list response arrives after it', () => {
    // The list was requested at revision 10; the stream then delivered the Ready at 12.
    let state = applyListing(EMPTY_STATE, 'LabletSession', [session('s1', '5')], '5');
    state = applyChange(state, { type: 'MODIFIED', object: session('s1', '12', 'Ready') });
    state = applyListing(state, 'LabletSession', [session('s1', '10', 'Scheduled')], '10');
    expect(phaseOf(state, 's1')).toBe('Ready');
  });

  it('keeps objects created after a stale listing was taken, instead of dropping them as deleted', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('new', '20') });
    state = applyListing(state, 'LabletSession', [session('old', '3')], '15');
    expect(
      objectsOf(state, 'LabletSession')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(['new', 'old']);
  });

  it('drops held objects that a newer listing no longer has: they were deleted meanwhile', () => {
    let state = applyListing(
      EMPTY_STATE,
      'LabletSession',
      [session('a', '3'), session('b', '4')],
      '4',
    );
    state = applyListing(state, 'LabletSession', [session('a', '3')], '9');
    expect(objectsOf(state, 'LabletSession').map((s) => s.metadata.name)).toEqual(['a']);
    expect(isSynced(state, 'LabletSession')).toBe(true);
  });

  it('applies newer events and ignores older ones for the same object', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('s1', '7') });
    state = applyChange(state, { type: 'MODIFIED', object: session('s1', '9', 'Scheduled') });
    state = applyChange(state, { type: 'MODIFIED', object: session('s1', '8', 'Pending') });
    expect(phaseOf(state, 's1')).toBe('Scheduled');
  });

  it('accepts the same revision again (a resumed stream may repeat a change)', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('s1', '7') });
    const again = applyChange(state, { type: 'ADDED', object: session('s1', '7', 'Scheduled') });
    expect(phaseOf(again, 's1')).toBe('Scheduled');
    state = again;
    expect(objectsOf(state, 'LabletSession')).toHaveLength(1);
  });

  it('removes an object on DELETED and never brings it back from an older copy', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('s1', '7') });
    state = applyChange(state, { type: 'DELETED', object: session('s1', '11', 'Terminated') });
    expect(findObject(state, 'LabletSession', 'default', 's1')).toBeUndefined();
    // A late action response and a late listing, both from before the deletion.
    state = applyObject(state, session('s1', '10', 'Stopping'));
    state = applyListing(state, 'LabletSession', [session('s1', '10', 'Stopping')], '10');
    expect(findObject(state, 'LabletSession', 'default', 's1')).toBeUndefined();
  });

  it('ignores a DELETED older than the copy it holds', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('s1', '20', 'Ready') });
    state = applyChange(state, { type: 'DELETED', object: session('s1', '15') });
    expect(phaseOf(state, 's1')).toBe('Ready');
  });

  it('takes an object of the same name created after its deletion', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('s1', '7') });
    state = applyChange(state, { type: 'DELETED', object: session('s1', '8') });
    state = applyChange(state, { type: 'ADDED', object: session('s1', '30', 'Pending') });
    expect(phaseOf(state, 's1')).toBe('Pending');
  });

  it('replaces a kind outright after a reset, even with lower revisions (the store was replaced)', () => {
    let state = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('gone', '500') });
    state = applyChange(state, { type: 'DELETED', object: session('s1', '501') });
    state = replaceKind(state, 'LabletSession', [session('s1', '3', 'Ready')]);
    expect(objectsOf(state, 'LabletSession').map((s) => s.metadata.name)).toEqual(['s1']);
    expect(phaseOf(state, 's1')).toBe('Ready');
    // Later changes merge against the new history.
    state = applyChange(state, { type: 'MODIFIED', object: session('s1', '4', 'Running') });
    expect(phaseOf(state, 's1')).toBe('Running');
  });

  it('keeps kinds apart and never mutates the state it was given', () => {
    const before = applyChange(EMPTY_STATE, { type: 'ADDED', object: session('s1', '1') });
    const worker: AnyResource = {
      apiVersion: 'lcm/v1',
      kind: 'Worker',
      metadata: { name: 's1', resourceVersion: '2' },
      spec: {},
    };
    const after = applyChange(before, { type: 'ADDED', object: worker });
    expect(objectsOf(before, 'Worker')).toEqual([]);
    expect(findObject(after, 'Worker', undefined, 's1')).toBe(worker);
    expect(phaseOf(after, 's1')).toBe('Pending');
  });
});
