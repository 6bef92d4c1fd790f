import { describe, expect, it } from 'vitest';
import { API_VERSION } from '../../resources/index.js';
import type { LabPhase, LabRecord } from '../../resources/kinds/lab-record.js';
import type { LabletSession, SessionPhase } from '../../resources/kinds/lablet-session.js';
import { checkFleetInvariants } from './check-fleet-invariants.js';

function lab(name: string, session?: string, phase: LabPhase = 'Booted'): LabRecord {
  return {
    apiVersion: API_VERSION,
    kind: 'LabRecord',
    metadata: { name },
    spec: { worker: 'w1' },
    status: { phase, ...(session ? { session } : {}) },
  };
}

function session(name: string, phase: SessionPhase, labName?: string): LabletSession {
  return {
    apiVersion: API_VERSION,
    kind: 'LabletSession',
    metadata: { name, namespace: 'default' },
    spec: { definition: { name: 'd' }, owner: { userId: 'u' }, desiredState: 'Active' },
    status: { phase, ...(labName ? { lab: labName } : {}) },
  };
}

const check = (labRecords: LabRecord[], sessions: LabletSession[]) =>
  checkFleetInvariants({ workers: [], sessions, labRecords }).map((v) => [v.invariant, v.object]);

describe('lab binding invariants', () => {
  it('accept labs bound 1:1 to live sessions, free labs, and the history of deleted ones', () => {
    expect(
      check(
        [
          lab('lab-a', 'default/s1'),
          lab('lab-free', undefined, 'Wiped'),
          lab('lab-old', 'default/s9', 'Deleted'),
        ],
        [session('s1', 'Running', 'lab-a'), session('s9', 'Terminated', 'lab-old')],
      ),
    ).toEqual([]);
  });

  it('report a lab bound to a missing, Terminated or unaware session', () => {
    const violations = checkFleetInvariants({
      workers: [],
      sessions: [session('ended', 'Terminated', 'lab-b'), session('other', 'Ready', 'lab-x')],
      labRecords: [
        lab('lab-a', 'default/gone'),
        lab('lab-b', 'default/ended'),
        lab('lab-c', 'default/other'),
      ],
    });

    expect(violations.map((v) => [v.invariant, v.object, v.message])).toEqual([
      ['LabWithoutLiveSession', 'LabRecord/lab-a', expect.stringContaining('does not exist')],
      ['LabWithoutLiveSession', 'LabRecord/lab-b', expect.stringContaining('Terminated')],
      ['LabWithoutLiveSession', 'LabRecord/lab-c', expect.stringContaining('names lab lab-x')],
    ]);
  });

  it('report two labs naming one session, and two live sessions naming one lab', () => {
    expect(
      check(
        [lab('lab-a', 'default/s1'), lab('lab-b', 'default/s1')],
        [session('s1', 'Running', 'lab-a')],
      ),
    ).toEqual([
      ['LabWithoutLiveSession', 'LabRecord/lab-b'],
      ['LabBoundTwice', 'LabletSession/default/s1'],
    ]);
    expect(
      check(
        [lab('lab-a', 'default/s1')],
        [
          session('s1', 'Running', 'lab-a'),
          session('s2', 'Stopping', 'lab-a'),
          session('s3', 'Terminated', 'lab-a'),
        ],
      ),
    ).toEqual([['LabBoundTwice', 'LabRecord/lab-a']]);
  });

  it('are not checked without the lab records', () => {
    const sessions = [session('s1', 'Running', 'lab-a'), session('s2', 'Running', 'lab-a')];
    expect(checkFleetInvariants({ workers: [], sessions })).toEqual([]);
  });
});
