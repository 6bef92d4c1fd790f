/**
 * The labs controller's pending actions and lost workers, on simulated CML workers with a manual
 * clock: CML ordering, refusals, waiting for a worker, and the ports a lab held being freed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkFleetInvariants } from '../../src/controllers/invariants/check-fleet-invariants.js';
import { readFleet } from '../../src/controllers/invariants/read-fleet.js';
import { findCondition } from '../../src/resources/index.js';
import type { LabRecord } from '../../src/resources/kinds/lab-record.js';
import type { Allocation } from '../../src/resources/kinds/worker.js';
import { aSession } from '../support/builders.js';
import { startLabsWorld, type LabsWorld } from '../support/labs-world.js';
import { seedDefinition } from '../support/scheduler-fixtures.js';

let world: LabsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** A lab id CML has never issued. */
const UNKNOWN_ID = '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f';

/** Imports and starts a lab on w1 and waits until CML says every node booted. */
async function bootedLab(w: LabsWorld): Promise<string> {
  const id = await w.importLab('w1');
  await w.cml('w1').startLab(id);
  await w.eventually(() => w.cml('w1').checkIfConverged(id), 'lab converged on CML');
  return id;
}

const phaseIs = (w: LabsWorld, name: string, phase: string) => async () => {
  const lab = await w.lab(name);
  return lab.status?.phase === phase && lab.spec.pendingAction === undefined;
};

const action = (lab: LabRecord) => findCondition(lab.status?.conditions, 'ActionSucceeded');

describe('labs controller: pending actions', () => {
  it('starts a lab and records Booted once every node has booted', async () => {
    world = await startLabsWorld();
    await world.addWorker('w1');
    const id = await world.importLab('w1');
    await world.createLab('l1', { worker: 'w1', cmlLabId: id }, ['Importing', 'Defined']);
    await world.setAction('l1', 'Start');

    await world.eventually(phaseIs(world, 'l1', 'Booted'), 'lab l1 Booted');

    const lab = await world.lab('l1');
    expect(action(lab)).toMatchObject({ status: 'True', reason: 'Completed' });
    expect(lab.status?.history?.map((entry) => entry.to)).toEqual([
      'Importing',
      'Defined',
      'Starting',
      'Booted',
    ]);
    expect(await world.cml('w1').checkIfConverged(id)).toBe(true);
  });

  it('deletes a booted lab in CML order (stop, wipe, delete) and clears the action', async () => {
    world = await startLabsWorld();
    await world.addWorker('w1');
    const id = await bootedLab(world);
    await world.createLab('l1', { worker: 'w1', cmlLabId: id }, ['Importing', 'Defined', 'Booted']);
    await world.setAction('l1', 'Delete');

    await world.eventually(phaseIs(world, 'l1', 'Deleted'), 'lab l1 Deleted');

    const lab = await world.lab('l1');
    expect(lab.status?.history?.slice(3).map((entry) => entry.to)).toEqual([
      'Stopped',
      'Wiped',
      'Deleted',
    ]);
    expect(world.sim('w1').labs()).toEqual([]);
  });

  it('refuses to wipe a lab bound to a live session, and wipes it once that session ended', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    await seedDefinition(w.client, w.clock);
    await w.client.create(aSession('s1'));
    const id = await bootedLab(w);
    await w.createLab('l1', { worker: 'w1', cmlLabId: id }, ['Importing', 'Defined', 'Booted'], {
      session: 'default/s1',
    });
    await w.setAction('l1', 'Wipe');

    await w.eventually(phaseIs(w, 'l1', 'Booted'), 'the Wipe is answered');
    expect(action(await w.lab('l1'))).toMatchObject({ status: 'False', reason: 'Refused' });
    expect(w.sim('w1').labs()[0]?.state).toBe('STARTED');

    await w.setPhases('LabletSession', 's1', ['Pending', 'Terminated'], 'default');
    await w.setAction('l1', 'Wipe');
    await w.eventually(phaseIs(w, 'l1', 'Wiped'), 'lab l1 Wiped');
    expect(w.sim('w1').labs()[0]?.state).toBe('DEFINED_ON_CORE');
    expect(action(await w.lab('l1'))).toMatchObject({ status: 'True', reason: 'Completed' });
  });

  it('treats a lab CML does not know as deleted on Delete, and as an error on Start', async () => {
    world = await startLabsWorld();
    await world.addWorker('w1');
    await world.createLab('gone', { worker: 'w1', cmlLabId: UNKNOWN_ID }, ['Importing', 'Defined']);
    await world.setAction('gone', 'Delete');
    await world.createLab('lost', { worker: 'w1', cmlLabId: UNKNOWN_ID }, ['Importing', 'Defined']);
    await world.setAction('lost', 'Start');

    await world.eventually(phaseIs(world, 'gone', 'Deleted'), 'lab gone Deleted');
    await world.eventually(phaseIs(world, 'lost', 'Error'), 'lab lost in Error');
    expect(action(await world.lab('lost'))).toMatchObject({ status: 'False', reason: 'NotFound' });
  });

  it('waits while the worker does not serve CML and acts once it does again', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const id = await w.importLab('w1');
    await w.setPhases('Worker', 'w1', ['Stopping', 'Stopped']);
    await w.createLab('l1', { worker: 'w1', cmlLabId: id }, ['Importing', 'Defined']);
    await w.setAction('l1', 'Start');

    await w.eventually(
      async () => action(await w.lab('l1'))?.reason === 'WorkerNotServing',
      'the Start waits',
    );
    expect((await w.lab('l1')).spec.pendingAction).toBe('Start');
    expect(w.sim('w1').labs()[0]?.state).toBe('DEFINED_ON_CORE');

    await w.setPhases('Worker', 'w1', ['Starting', 'Running']);
    await w.eventually(phaseIs(w, 'l1', 'Booted'), 'lab l1 Booted');
  });
});

/** Gives worker `name` a port allocation held by LabRecord `lab` (a wiped lab kept for reuse). */
async function holdPorts(w: LabsWorld, name: string, lab: string): Promise<void> {
  const worker = await w.worker(name);
  const held: Allocation = {
    holder: { kind: 'LabRecord', name: lab },
    cpu: 0,
    memoryMiB: 0,
    storageGiB: 0,
    nodes: 0,
    ports: [{ name: 'r1_serial', protocol: 'serial', port: 2000 }],
  };
  const status = { ...worker.status, allocations: [held] };
  await w.client.updateStatus({ ...worker, status });
}

describe('labs controller: lost workers and held ports', () => {
  it('deletes the labs of a terminated worker without calling CML, and frees their ports', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const id = await bootedLab(w);
    await w.createLab('l1', { worker: 'w1', cmlLabId: id }, ['Importing', 'Defined', 'Booted']);
    await holdPorts(w, 'w1', 'l1');

    await w.setPhases('Worker', 'w1', ['Terminated']);

    await w.eventually(phaseIs(w, 'l1', 'Deleted'), 'lab l1 Deleted');
    expect((await w.lab('l1')).status?.history?.slice(-2).map((entry) => entry.to)).toEqual([
      'Orphaned',
      'Deleted',
    ]);
    await w.eventually(
      async () => ((await w.worker('w1')).status?.allocations ?? []).length === 0,
      'the ports of l1 freed',
    );
    expect(w.sim('w1').labs()[0]?.state).toBe('STARTED');
    expect(checkFleetInvariants(await readFleet(w.client))).toEqual([]);
  });

  it('deletes the labs of a worker that no longer exists', async () => {
    world = await startLabsWorld();
    await world.addWorker('w1');
    await world.createLab('l1', { worker: 'w1', cmlLabId: UNKNOWN_ID }, ['Importing', 'Defined']);

    await world.client.delete('Worker', 'w1');

    await world.eventually(phaseIs(world, 'l1', 'Deleted'), 'lab l1 Deleted');
  });

  it('frees the ports a wiped lab kept once it is deleted', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const id = await w.importLab('w1');
    await w.createLab('l1', { worker: 'w1', cmlLabId: id }, [
      'Importing',
      'Defined',
      'Wiping',
      'Wiped',
    ]);
    await holdPorts(w, 'w1', 'l1');

    await w.setAction('l1', 'Delete');

    await w.eventually(phaseIs(w, 'l1', 'Deleted'), 'lab l1 Deleted');
    await w.eventually(
      async () => ((await w.worker('w1')).status?.allocations ?? []).length === 0,
      'the ports of l1 freed',
    );
    expect((await w.worker('w1')).status?.capacity?.allocated).toEqual({
      cpu: 0,
      memoryMiB: 0,
      storageGiB: 0,
      nodes: 0,
    });
    expect(w.sim('w1').labs()).toEqual([]);
    expect(checkFleetInvariants(await readFleet(w.client))).toEqual([]);
  });
});
