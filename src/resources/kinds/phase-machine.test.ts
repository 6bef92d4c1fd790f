/**
 * Every phase table against SPEC.md: the tables below are copied from SPEC.md (and, for LabRecord
 * and Reservation, from the decisions documented in their kind files), independently of the code.
 * Each listed transition must be accepted with history appended; every other pair rejected.
 */
import { describe, expect, it } from 'vitest';
import { LAB_MACHINE } from './lab-record.js';
import { DEFINITION_MACHINE } from './lablet-definition.js';
import { SESSION_MACHINE } from './lablet-session.js';
import { transitionPhase, type PhaseMachine } from './phase-machine.js';
import { RESERVATION_MACHINE } from './reservation.js';
import { WORKER_MACHINE } from './worker.js';

const SPEC_TABLES: Record<string, [PhaseMachine<string>, string]> = {
  Worker: [
    WORKER_MACHINE,
    `Pending | Provisioning, Failed, Terminated
     Provisioning | Starting, Running, Failed, Terminated
     Starting | Running, Stopping, Failed, Terminated
     Running | Draining, Stopping, Terminating, Failed, Terminated
     Draining | Running, Stopping, Terminating, Failed, Terminated
     Stopping | Stopped, Failed, Terminated
     Stopped | Starting, Terminating, Terminated
     Terminating | Terminated
     Failed | Pending, Terminating, Terminated
     Terminated |
     Unknown | Pending, Provisioning, Starting, Running, Draining, Stopping, Stopped, Terminating, Terminated, Failed`,
  ],
  LabletSession: [
    SESSION_MACHINE,
    `Pending | Scheduled, Terminated
     Scheduled | Instantiating, Stopping
     Instantiating | Ready, Stopping
     Ready | Running, Collecting, Stopping
     Running | Collecting, Stopping
     Collecting | Grading, Stopping
     Grading | Graded, Stopping
     Graded | Collecting, Stopping
     Stopping | Stopped
     Stopped | Archived, Terminated
     Archived | Terminated
     Terminated |`,
  ],
  LabletDefinition: [
    DEFINITION_MACHINE,
    `Draft | Active, Archived
     Active | Inactive, Deprecated
     Inactive | Active, Deprecated, Archived
     Deprecated | Archived
     Archived |`,
  ],
  Reservation: [
    RESERVATION_MACHINE,
    `Pending | Confirmed, Cancelled
     Confirmed | Provisioning, Active, Completed, Cancelled
     Provisioning | Active, Completed, Cancelled
     Active | Completed, Cancelled
     Completed |
     Cancelled |`,
  ],
  LabRecord: [
    LAB_MACHINE,
    `Discovered | Importing, Defined, Starting, Booted, Stopped, Wiped, Deleted, Orphaned
     Importing | Defined, Error, Orphaned
     Defined | Starting, Queued, Booted, Wiping, Deleting, Deleted, Orphaned, Error
     Starting | Queued, Booted, Stopped, Error, Orphaned
     Queued | Booted, Stopping, Stopped, Error, Orphaned
     Booted | Stopping, Stopped, Paused, Wiped, Error, Orphaned
     Paused | Starting, Booted, Stopping, Stopped, Error, Orphaned
     Stopping | Stopped, Error, Orphaned
     Stopped | Starting, Booted, Wiping, Wiped, Deleting, Deleted, Archived, Orphaned, Error
     Wiping | Wiped, Error, Orphaned
     Wiped | Starting, Queued, Booted, Deleting, Deleted, Archived, Orphaned
     Deleting | Deleted, Error, Orphaned
     Error | Starting, Stopping, Wiping, Wiped, Deleting, Deleted, Defined, Orphaned
     Orphaned | Deleting, Deleted, Archived, Defined, Wiped, Stopped, Booted
     Deleted |
     Archived |`,
  ],
};

function parseTable(text: string): Map<string, Set<string>> {
  const table = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const [from = '', to = ''] = line.split('|').map((part) => part.trim());
    table.set(
      from,
      new Set(
        to
          .split(',')
          .map((phase) => phase.trim())
          .filter(Boolean),
      ),
    );
  }
  return table;
}

const at = new Date('2026-03-01T10:00:00Z');

describe.each(Object.entries(SPEC_TABLES))('the %s phase table', (_kind, [machine, text]) => {
  const expected = parseTable(text);

  it('has exactly the phases of the specification', () => {
    expect([...machine.phases].sort()).toEqual([...expected.keys()].sort());
  });

  const pairs = [...expected.keys()].flatMap((from) =>
    [...expected.keys()].filter((to) => to !== from).map((to) => [from, to] as const),
  );

  it.each(pairs)('%s → %s is allowed exactly when the specification lists it', (from, to) => {
    const status = { phase: from, history: [{ to: from, at: at.toISOString() }] };
    const move = () =>
      transitionPhase(machine, status, to, { at, reason: 'Test', actor: 'tester' });
    if (expected.get(from)?.has(to)) {
      const moved = move();
      expect(moved.phase).toBe(to);
      expect(moved.history).toEqual([
        ...status.history,
        { from, to, at: at.toISOString(), reason: 'Test', actor: 'tester' },
      ]);
    } else {
      expect(move).toThrow(
        expect.objectContaining({
          reason: 'Invalid',
          details: { field: 'status.phase', from, to },
        }),
      );
    }
  });
});

describe('transitionPhase', () => {
  it('records the first phase of a new object without a "from"', () => {
    expect(transitionPhase(SESSION_MACHINE, {}, 'Pending', { at })).toEqual({
      phase: 'Pending',
      history: [{ to: 'Pending', at: at.toISOString() }],
    });
  });

  it('rejects a phase the kind does not have and a first phase that is not initial', () => {
    expect(() => transitionPhase(SESSION_MACHINE, {}, 'Running', { at })).toThrow(
      /starts in Pending/,
    );
    expect(() =>
      transitionPhase(SESSION_MACHINE as PhaseMachine<string>, { phase: 'Pending' }, 'Flying', {
        at,
      }),
    ).toThrow(/not a LabletSession phase/);
  });

  it('leaves the status alone when the phase does not change', () => {
    const status = { phase: 'Running' as const, history: [] };
    expect(transitionPhase(SESSION_MACHINE, status, 'Running', { at })).toBe(status);
  });
});
