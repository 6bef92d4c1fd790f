import { describe, expect, it } from 'vitest';
import { API_VERSION } from '../../resources/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import { PendingQueue } from './pending-queue.js';

function session(
  name: string,
  startMinute: number,
  parts: { phase?: string; version?: number; desiredState?: 'Active' | 'Stopped' } = {},
): LabletSession {
  const start = new Date(Date.UTC(2026, 10, 25, 10, startMinute)).toISOString();
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name, namespace: 'default', resourceVersion: String(parts.version ?? 1) },
    spec: {
      definition: { name: 'd' },
      owner: { userId: 'u' },
      desiredState: parts.desiredState ?? 'Active',
      timeslot: { start, end: start },
    },
    status: { phase: (parts.phase ?? 'Pending') as 'Pending' },
  };
}

const at = (minute: number) => Date.UTC(2026, 10, 25, 10, minute);

describe('PendingQueue', () => {
  it('orders pending sessions by start, then by key', () => {
    const queue = new PendingQueue();
    for (const s of [session('c', 20), session('b', 10), session('a', 20), session('z', 5)])
      queue.observe(s);

    expect(queue.keysDueBy(at(60))).toEqual(['default/z', 'default/b', 'default/a', 'default/c']);
    expect(queue.positionOf('default/a')).toBe(3);
    expect(queue.keysAhead('default/a')).toEqual(['default/z', 'default/b']);
    expect(queue.keysDueBy(at(10))).toEqual(['default/z', 'default/b']);
  });

  it('moves a session whose start changed and drops one that is placed or asked to stop', () => {
    const queue = new PendingQueue();
    for (const s of [session('a', 10), session('b', 20), session('c', 30)]) queue.observe(s);

    queue.observe(session('c', 5, { version: 2 }));
    queue.observe(session('a', 10, { version: 2, phase: 'Scheduled' }));
    queue.observe(session('b', 20, { version: 2, desiredState: 'Stopped' }));

    expect(queue.keysDueBy(at(60))).toEqual(['default/c']);
    expect(queue.positionOf('default/a')).toBeUndefined();
    expect(queue.size).toBe(1);
  });

  it("ignores events older than the scheduler's own write of a session", () => {
    const queue = new PendingQueue();
    queue.observe(session('a', 10, { version: 3 }));

    queue.observeOwnWrite(session('a', 10, { version: 5, phase: 'Scheduled' }));
    queue.observe(session('a', 10, { version: 4 }));
    expect(queue.size).toBe(0);

    queue.observe(session('a', 10, { version: 5, phase: 'Scheduled' }));
    queue.observe(session('a', 10, { version: 6 }));
    expect(queue.positionOf('default/a')).toBe(1);
  });
});
