import { describe, expect, it } from 'vitest';
import { API_VERSION } from '../../resources/index.js';
import type { LabRecord, LabRecordStatus } from '../../resources/kinds/lab-record.js';
import { assertTransition } from '../../resources/kinds/phase-machine.js';
import { LAB_MACHINE } from '../../resources/kinds/lab-record.js';
import { LabStatusDraft } from './lab-status-draft.js';

const NOW = new Date('2026-11-25T10:00:00Z');

/** A draft whose writes are checked as admission checks them (old → new phase) and recorded. */
function draftOf(status: LabRecordStatus | undefined) {
  const written: (string | undefined)[] = [];
  let stored: LabRecord = {
    apiVersion: API_VERSION,
    kind: 'LabRecord',
    metadata: { name: 'lab-1' },
    spec: { worker: 'w1' },
    ...(status ? { status } : {}),
  };
  const draft = new LabStatusDraft(stored, NOW, (lab) => {
    assertTransition(LAB_MACHINE, stored.status?.phase, lab.status?.phase);
    written.push(lab.status?.phase);
    stored = lab;
    return Promise.resolve(lab);
  });
  return { draft, written };
}

const moves = (draft: LabStatusDraft) =>
  (draft.status.history ?? []).map((entry) => `${entry.from ?? ''}>${entry.to}`);

describe('LabStatusDraft', () => {
  it('records a move the phase table allows, with reason and actor, and writes it on flush', async () => {
    const { draft, written } = draftOf({ phase: 'Booted' });
    await draft.advance('Stopped', 'Stop requested');

    expect(draft.status.history).toEqual([
      {
        from: 'Booted',
        to: 'Stopped',
        at: NOW.toISOString(),
        reason: 'Stop requested',
        actor: 'system:controller:labs',
      },
    ]);
    expect(written).toEqual([]);
    await draft.flush();
    expect(written).toEqual(['Stopped']);
    expect(draft.changed).toBe(false);
  });

  it('writes a walk Booted → Deleted as often as admission needs (old → new phase per write)', async () => {
    const { draft, written } = draftOf({ phase: 'Booted' });
    await draft.advance('Stopped', 'Delete');
    await draft.advance('Wiped', 'Delete');
    await draft.advance('Deleted', 'Delete');
    await draft.flush();

    expect(moves(draft)).toEqual(['Booted>Stopped', 'Stopped>Wiped', 'Wiped>Deleted']);
    // Booted → Wiped is one legal move; Booted → Deleted is not.
    expect(written).toEqual(['Wiped', 'Deleted']);
  });

  it('takes the shortest legal detour through an "-ing" phase when no direct move exists', async () => {
    const defined = draftOf({ phase: 'Defined' });
    await defined.draft.advance('Wiped', 'Wipe requested');
    const fresh = draftOf(undefined);
    await fresh.draft.advance('Defined', 'seen on CML');
    await fresh.draft.flush();

    expect(moves(defined.draft)).toEqual(['Defined>Wiping', 'Wiping>Wiped']);
    expect(moves(fresh.draft)).toEqual(['>Discovered', 'Discovered>Defined']);
    expect(fresh.written).toEqual(['Discovered', 'Defined']);
  });

  it('refuses to leave a final phase, and advanceIfDirect skips moves that need a detour', async () => {
    const deleted = draftOf({ phase: 'Deleted' }).draft;
    const starting = draftOf({ phase: 'Starting' }).draft;
    await starting.advanceIfDirect('Stopping', 'stop issued');

    await expect(deleted.advance('Defined', 'x')).rejects.toThrow(/cannot move from Deleted/);
    expect(starting.phase).toBe('Starting');
    expect(starting.changed).toBe(false);
  });
});
