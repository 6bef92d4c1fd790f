import { describe, expect, it } from 'vitest';
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import { computeAvailability, seatsIn } from './availability.js';

const q = (cpu: number, memoryMiB: number, nodes: number, storageGiB = 0): Quantity => ({
  cpu,
  memoryMiB,
  storageGiB,
  nodes,
});
const SEAT = q(2, 4096, 3);
const window = { start: new Date('2026-12-01T09:00:00Z'), end: new Date('2026-12-01T11:00:00Z') };

function worker(
  name: string,
  phase: string,
  free: Quantity,
  spec: Partial<Worker['spec']> = {},
): Worker {
  const declared = q(16, 65536, 40, 500);
  const allocated = q(
    declared.cpu - free.cpu,
    declared.memoryMiB - free.memoryMiB,
    declared.nodes - free.nodes,
    declared.storageGiB - free.storageGiB,
  );
  return {
    apiVersion: 'lcm/v1',
    kind: 'Worker',
    metadata: { name },
    spec: {
      template: 'big',
      region: 'r1',
      desiredState: 'Running',
      unschedulable: false,
      drain: false,
      idleDetection: true,
      ...spec,
    },
    status: { phase, capacity: { declared, allocated } },
  } as unknown as Worker;
}

function template(
  name: string,
  capacity: Quantity,
  costPerHour: number,
  enabled = true,
): WorkerTemplate {
  return {
    apiVersion: 'lcm/v1',
    kind: 'WorkerTemplate',
    metadata: { name },
    spec: { region: 'r1', capacity, costPerHour, enabled },
  } as unknown as WorkerTemplate;
}

function pendingSession(name: string, start: string, end: string): LabletSession {
  return {
    apiVersion: 'lcm/v1',
    kind: 'LabletSession',
    metadata: { name, namespace: 'default' },
    spec: { definition: { name: 'ccna-1' }, owner: { userId: 'u' }, timeslot: { start, end } },
    status: { phase: 'Pending' },
  } as unknown as LabletSession;
}

function reservation(
  name: string,
  state: string,
  seatCount: number,
  phase = state,
  slot = { start: '2026-12-01T09:00:00Z', end: '2026-12-01T11:00:00Z' },
): Reservation {
  return {
    apiVersion: 'lcm/v1',
    kind: 'Reservation',
    metadata: { name, namespace: 'default' },
    spec: {
      definition: { name: 'ccna-1' },
      ...slot,
      seatCount,
      state,
    },
    status: { phase },
  } as unknown as Reservation;
}

describe('seatsIn', () => {
  it('is limited by the scarcest resource and ignores resources a seat does not need', () => {
    expect(seatsIn(q(8, 65536, 6), SEAT)).toBe(2);
    expect(seatsIn(q(8, 8192, 40), SEAT)).toBe(2);
    expect(seatsIn(q(1, 65536, 40), SEAT)).toBe(0);
    expect(seatsIn(q(8, 65536, 40, 0), q(1, 0, 0, 0))).toBe(8);
  });
});

describe('computeAvailability', () => {
  const base = {
    requirement: SEAT,
    window,
    templates: [template('big', q(16, 65536, 40, 500), 2), template('small', q(4, 8192, 6), 1)],
    requirementOf: () => SEAT,
    maxWorkersPerRegion: 4,
  };

  it('counts free seats on schedulable running workers only', () => {
    const result = computeAvailability({
      ...base,
      workers: [
        worker('w1', 'Running', q(8, 32768, 12)),
        worker('w2', 'Running', q(8, 32768, 12), { unschedulable: true }),
        worker('w3', 'Running', q(8, 32768, 12), { drain: true }),
        worker('w4', 'Starting', q(16, 65536, 40)),
      ],
      sessions: [],
    });
    expect(result.workers).toEqual([{ name: 'w1', seats: 4 }]);
    expect(result.seats.now).toBe(4);
  });

  it('subtracts unplaced sessions that overlap the window, not those outside it', () => {
    const result = computeAvailability({
      ...base,
      workers: [worker('w1', 'Running', q(8, 32768, 12))],
      sessions: [
        pendingSession('in', '2026-12-01T10:00:00Z', '2026-12-01T12:00:00Z'),
        pendingSession('before', '2026-12-01T07:00:00Z', '2026-12-01T09:00:00Z'),
      ],
    });
    expect(result.pendingDemandSeats).toBe(1);
    expect(result.seats.now).toBe(3);
  });

  it('adds the workers the region limit still allows, sized by the template holding most seats', () => {
    const result = computeAvailability({
      ...base,
      workers: [worker('w1', 'Running', q(8, 32768, 12)), worker('gone', 'Terminated', q(0, 0, 0))],
      sessions: [],
    });
    expect(result.regions).toEqual([
      { region: 'r1', template: 'big', seatsPerWorker: 8, workersAllowed: 3 },
    ]);
    expect(result.seats.withScaleUp).toBe(4 + 3 * 8);
  });

  it('counts seats of confirmed reservations that have no session yet, and their sessions once', () => {
    const made = {
      ...pendingSession('class-1', '2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z'),
    } as LabletSession;
    made.spec = { ...made.spec, reservation: 'class' };
    const stopped = pendingSession('gave-up', '2026-12-01T09:00:00Z', '2026-12-01T11:00:00Z');
    stopped.spec = { ...stopped.spec, desiredState: 'Stopped' };
    const result = computeAvailability({
      ...base,
      workers: [worker('w1', 'Running', q(16, 65536, 40))],
      sessions: [made, stopped],
      reservations: [
        reservation('class', 'Confirmed', 3),
        reservation('maybe', 'Pending', 5),
        reservation('called-off', 'Cancelled', 5),
        reservation('over', 'Confirmed', 5, 'Completed'),
        reservation('later', 'Confirmed', 5, 'Confirmed', {
          start: '2026-12-01T11:00:00Z',
          end: '2026-12-01T13:00:00Z',
        }),
      ],
    });
    // class-1 (Pending) + class's two seats without a session; the rest does not count.
    expect(result.pendingDemandSeats).toBe(3);
    expect(result.seats.now).toBe(8 - 3);
  });
});
