/**
 * Lab discovery and orphans on simulated CML workers with a manual clock: an unknown lab becomes
 * an Orphaned LabRecord, is deleted after the grace period unless adopted, and labs LCM knows (or
 * is importing) are never taken for orphans.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { findCondition } from '../../src/resources/index.js';
import { startLabsWorld, type LabsWorld } from '../support/labs-world.js';
import { waitFor } from '../support/wait-for.js';

const MINUTE_MS = 60_000;

let world: LabsWorld | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const orphanName = (id: string) => `orphan-w1-${id.replaceAll('-', '').slice(0, 12)}`;

/** Imports a lab LCM does not know on w1 and lets discovery find it one sweep interval later. */
async function orphanOnW1(w: LabsWorld): Promise<{ id: string; name: string }> {
  const id = await w.importLab('w1', 'left behind');
  await w.clock.advance(5 * MINUTE_MS);
  await w.controller.discover();
  return { id, name: orphanName(id) };
}

const phaseOf = async (w: LabsWorld, name: string) => (await w.lab(name)).status?.phase;

describe('labs controller: discovery and orphans', () => {
  it('records an unknown lab as Orphaned once it is a sweep old, and deletes it after the grace period', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const id = await w.importLab('w1', 'left behind');
    await w.controller.discover();
    expect(await w.labs()).toEqual([]);

    await w.clock.advance(5 * MINUTE_MS);
    await w.controller.discover();
    const name = orphanName(id);
    expect(await w.lab(name)).toMatchObject({
      metadata: {
        labels: { 'lcm.io/worker': 'w1', 'lcm.io/discovered': 'true' },
        annotations: { 'lcm.io/cml-title': 'left behind' },
      },
      spec: { worker: 'w1', cmlLabId: id },
      status: { phase: 'Orphaned', orphanedAt: w.clock.now().toISOString() },
    });

    await w.settle();
    await w.clock.advance(59 * MINUTE_MS);
    await w.settle();
    expect(await phaseOf(w, name)).toBe('Orphaned');
    expect(w.sim('w1').labs()).toHaveLength(1);

    await w.eventually(async () => (await phaseOf(w, name)) === 'Deleted', 'orphan deleted');
    expect(w.sim('w1').labs()).toEqual([]);
    expect(findCondition((await w.lab(name)).status?.conditions, 'ActionSucceeded')).toMatchObject({
      status: 'True',
      reason: 'Completed',
    });
  });

  it('never takes a recorded lab, or one being imported under its record name, for an orphan', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const known = await w.importLab('w1');
    await w.createLab('lab-known', { worker: 'w1', cmlLabId: known }, ['Importing', 'Defined']);
    await w.createLab('lab-importing', { worker: 'w1' }, ['Importing']);
    await w.importLab('w1', 'lab-importing');

    await w.clock.advance(10 * MINUTE_MS);
    await w.controller.discover();

    const names = (await w.labs()).map((lab) => lab.metadata.name).sort();
    expect(names).toEqual(['lab-importing', 'lab-known']);
  });

  it('sweeps a worker as soon as it serves CML again', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    await w.setPhases('Worker', 'w1', ['Stopping', 'Stopped']);
    const id = await w.importLab('w1');
    await w.clock.advance(6 * MINUTE_MS);
    await w.controller.discover();
    expect(await w.labs()).toEqual([]);

    await w.setPhases('Worker', 'w1', ['Starting', 'Running']);

    await waitFor(async () => (await w.labs()).length === 1, { description: 'orphan found' });
    expect((await w.labs())[0]?.spec.cmlLabId).toBe(id);
  });

  it('keeps an adopted orphan and follows its CML state from then on', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const { name } = await orphanOnW1(w);
    const orphan = await w.lab(name);
    const annotations = { ...orphan.metadata.annotations, 'lcm.io/adopt': 'true' };
    await w.client.update({ ...orphan, metadata: { ...orphan.metadata, annotations } });

    await w.eventually(async () => (await phaseOf(w, name)) === 'Defined', 'orphan adopted');
    const adopted = await w.lab(name);
    expect(adopted.status?.orphanedAt).toBeUndefined();
    expect(findCondition(adopted.status?.conditions, 'ActionSucceeded')).toMatchObject({
      status: 'True',
      reason: 'Adopted',
    });

    await w.clock.advance(120 * MINUTE_MS);
    await w.controller.discover();
    await w.settle();
    expect(await phaseOf(w, name)).toBe('Defined');
    expect(w.sim('w1').labs()).toHaveLength(1);
    expect(await w.labs()).toHaveLength(1);
  });

  it('retires an orphan whose lab another record names since, without touching the lab', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const { id, name } = await orphanOnW1(w);
    await w.createLab('lab-slow-import', { worker: 'w1', cmlLabId: id }, ['Importing', 'Defined']);

    await w.clock.advance(60 * MINUTE_MS);

    await w.eventually(async () => (await phaseOf(w, name)) === 'Deleted', 'orphan retired');
    expect(w.sim('w1').labs()).toHaveLength(1);
    expect(await phaseOf(w, 'lab-slow-import')).toBe('Defined');
  });

  it('refuses actions other than Delete on an orphan until it is adopted', async () => {
    world = await startLabsWorld();
    const w = world;
    await w.addWorker('w1');
    const { name } = await orphanOnW1(w);

    await w.setAction(name, 'Start');

    await w.eventually(
      async () => (await w.lab(name)).spec.pendingAction === undefined,
      'the Start answered',
    );
    const refused = await w.lab(name);
    expect(refused.status?.phase).toBe('Orphaned');
    expect(findCondition(refused.status?.conditions, 'ActionSucceeded')).toMatchObject({
      status: 'False',
      reason: 'Refused',
    });
    expect(w.sim('w1').labs()[0]?.state).toBe('DEFINED_ON_CORE');
  });
});
