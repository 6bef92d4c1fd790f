/**
 * The reservations controller and a class's sessions: one per seat, exactly once; counted in
 * status; the phase following the clock; cancel and end stopping the sessions they should.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceClient } from '../../src/client/resource-client.js';
import { interceptClient } from '../support/intercept-client.js';
import {
  MINUTE_MS,
  START_IN_MS,
  createReservationsWorld,
  type ReservationsWorld,
} from '../support/reservations-world.js';
import { waitFor } from '../support/wait-for.js';

let world: ReservationsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function aWorld(): Promise<ReservationsWorld> {
  world = await createReservationsWorld();
  return world;
}

/** Counts the LabletSessions a client creates, alone or in transactions. */
function countingSessionCreates(inner: ResourceClient): {
  client: ResourceClient;
  count: () => number;
} {
  let created = 0;
  const client = interceptClient(inner, {
    create: (object) => {
      if (object.kind === 'LabletSession') created++;
      return inner.create(object);
    },
    transact: async (ops) => {
      const written = await inner.transact(ops);
      created += ops.filter(
        (op) => op.op === 'create' && op.object.kind === 'LabletSession',
      ).length;
      return written;
    },
  });
  return { client, count: () => created };
}

describe('seats', () => {
  it('gives each seat of seatCount one session, and a restarted controller makes no second', async () => {
    const w = await aWorld();
    const first = w.run();
    const class1 = await w.confirm('class');
    await waitFor(async () => (await w.reservation('class')).status?.sessions?.Pending === 10);

    const sessions = await w.sessions();
    expect(sessions.map((s) => s.metadata.name)).toEqual(
      Array.from({ length: 10 }, (_, at) => `class-${at + 1}`),
    );
    const [one] = sessions;
    expect(one?.spec).toEqual({
      definition: { name: 'ccna-1', version: '1.0.0' },
      owner: { userId: 'class-seat-1' },
      timeslot: { start: class1.spec.start, end: class1.spec.end },
      reservation: 'class',
      desiredState: 'Active',
    });
    expect(one?.metadata.labels).toEqual({ 'lcm.io/reservation': 'class' });
    expect(one?.metadata.ownerReferences).toEqual([
      { kind: 'Reservation', name: 'class', uid: class1.metadata.uid },
    ]);

    await first.stop();
    const counting = countingSessionCreates(w.client);
    const second = w.run({ client: counting.client });
    await second.settled();
    await w.clock.advance(START_IN_MS); // every timed requeue up to the start
    await second.settled();
    expect(counting.count()).toBe(0);
    expect(await w.sessions()).toHaveLength(10);
  });

  it('gives listed seats their users, and copies the reservation labels to the sessions', async () => {
    const w = await aWorld();
    w.run();
    await w.confirm(
      'listed',
      {
        seatCount: undefined,
        seats: [{ userId: 'ana', email: 'ana@example.com' }, { userId: 'ben' }],
      },
      { 'lcm.io/demo-students': 'true' },
    );
    await waitFor(async () => (await w.sessions()).length === 2);
    const [ana, ben] = await w.sessions();
    expect(ana?.metadata.name).toBe('listed-1');
    expect(ana?.spec.owner).toEqual({ userId: 'ana', email: 'ana@example.com' });
    expect(ben?.spec.owner).toEqual({ userId: 'ben' });
    expect(ben?.metadata.labels).toEqual({
      'lcm.io/demo-students': 'true',
      'lcm.io/reservation': 'listed',
    });
  });
  it('says why seats have no session while the definition is not Active, and makes them when it is', async () => {
    const w = await aWorld();
    await w.confirm('class', { seatCount: 2 });
    const setState = (state: string) =>
      w.client.patch('LabletDefinition', 'ccna-1', { spec: { state } }, { namespace: 'default' });
    await setState('Inactive');
    w.run();

    const seatsCondition = async () =>
      (await w.reservation('class')).status?.conditions?.find((c) => c.type === 'SessionsCreated');
    await waitFor(async () => (await seatsCondition())?.status === 'False');
    expect(await seatsCondition()).toMatchObject({
      reason: 'SessionRejected',
      message: expect.stringContaining('Inactive'),
    });
    expect(await w.sessions()).toEqual([]);

    await setState('Active');
    await waitFor(async () => (await w.sessions()).length === 2);
    await waitFor(async () => (await seatsCondition())?.status === 'True');
  });
});

describe('status', () => {
  it('counts its sessions by phase', async () => {
    const w = await aWorld();
    w.run();
    await w.confirm('class');
    await waitFor(async () => (await w.sessions()).length === 10);

    await w.moveSession('class-1', ['Scheduled'], 'somewhere');
    await w.moveSession('class-2', ['Terminated']);

    await waitFor(async () => (await w.reservation('class')).status?.sessions?.Terminated === 1);
    expect((await w.reservation('class')).status?.sessions).toEqual({
      Pending: 8,
      Scheduled: 1,
      Terminated: 1,
    });
  });

  it('moves Confirmed → Provisioning → Active → Completed with the clock and its sessions', async () => {
    const w = await aWorld();
    w.run();
    await w.confirm('class', { seatCount: 2 });
    const phase = async () => (await w.reservation('class')).status?.phase;
    await waitFor(async () => (await w.sessions()).length === 2);
    expect(await phase()).toBe('Confirmed');

    await w.clock.advance(START_IN_MS - 5 * MINUTE_MS);
    await waitFor(async () => (await phase()) === 'Provisioning');
    await w.clock.advance(5 * MINUTE_MS);
    await waitFor(async () => (await phase()) === 'Active');
    await w.clock.advance(60 * MINUTE_MS);
    await waitFor(async () => (await w.sessions()).every((s) => s.spec.desiredState === 'Stopped'));
    expect(await phase()).toBe('Active'); // its sessions are still being torn down

    for (const name of ['class-1', 'class-2']) await w.moveSession(name, ['Terminated']);
    await waitFor(async () => (await phase()) === 'Completed');
    const history = (await w.reservation('class')).status?.history?.map((entry) => entry.to);
    expect(history).toEqual(['Pending', 'Confirmed', 'Provisioning', 'Active', 'Completed']);
  });
});

describe('stopping', () => {
  it('stops every session when the reservation is cancelled', async () => {
    const w = await aWorld();
    w.run();
    await w.confirm('class', { seatCount: 3 });
    await waitFor(async () => (await w.sessions()).length === 3);
    await w.moveSession('class-1', ['Scheduled', 'Instantiating', 'Ready', 'Running'], 'w1');

    await w.client.patch(
      'Reservation',
      'class',
      { spec: { state: 'Cancelled' } },
      { namespace: 'default' },
    );

    await waitFor(async () => (await w.reservation('class')).status?.phase === 'Cancelled');
    await waitFor(async () => (await w.sessions()).every((s) => s.spec.desiredState === 'Stopped'));
  });

  it('at the end stops only sessions never placed or not yet instantiating', async () => {
    const w = await aWorld();
    w.run();
    await w.confirm('class', { seatCount: 4 });
    await waitFor(async () => (await w.sessions()).length === 4);
    await w.moveSession('class-2', ['Scheduled'], 'w1');
    await w.moveSession('class-3', ['Scheduled', 'Instantiating', 'Ready', 'Running'], 'w1');
    await w.moveSession('class-4', ['Terminated']);

    await w.clock.advance(START_IN_MS + 60 * MINUTE_MS);

    await waitFor(async () =>
      (await w.sessions()).slice(0, 2).every((s) => s.spec.desiredState === 'Stopped'),
    );
    const desired = (await w.sessions()).map((s) => s.spec.desiredState);
    // class-1 Pending and class-2 Scheduled are stopped; the sessions controller ends class-3.
    expect(desired).toEqual(['Stopped', 'Stopped', 'Active', 'Active']);
  });
});
