/**
 * The CmlClient contract suite (STYLE.md 3.7): the behaviour every CmlClient must show against a
 * CML worker. Run it with a target that opens a worker (cml-sim, or a real CML when configured).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { hasReason } from '../../errors/index.js';
import { describeCmlFailureContract } from './cml-client-failures.contract.js';
import {
  CONTRACT_TOPOLOGY,
  waitConverged,
  type CmlContractContext,
  type CmlContractTarget,
  type CmlContractWorld,
} from './cml-contract-world.js';

export function describeCmlClientContract(name: string, target: CmlContractTarget): void {
  describe(`CmlClient contract: ${name}`, () => {
    const worlds: CmlContractWorld[] = [];
    const context: CmlContractContext = {
      open: async () => {
        const world = await target.open();
        worlds.push(world);
        return world;
      },
      licenseToken: target.licenseToken,
    };

    afterEach(async () => {
      await Promise.all(worlds.splice(0).map((world) => world.close()));
    });

    it('runs a lab through import, start, boot, stop, wipe, a faster restart and delete', async () => {
      const world = await context.open();
      const client = world.createClient();
      const { id } = await client.importLab({ yaml: CONTRACT_TOPOLOGY });
      expect(await client.listLabs()).toContain(id);
      expect((await client.getLab(id)).state).toBe('DEFINED_ON_CORE');

      await client.startLab(id);
      expect((await client.getLab(id)).state).toBe('STARTED');
      expect(await client.checkIfConverged(id)).toBe(false);
      const coldMs = await waitConverged(client, world, id);
      const booted = await client.listNodes(id);
      expect(booted.map((node) => [node.state, node.boot_progress])).toEqual([
        ['BOOTED', 'Booted'],
        ['BOOTED', 'Booted'],
      ]);

      await client.stopLab(id);
      await waitConverged(client, world, id);
      expect((await client.getLab(id)).state).toBe('STOPPED');
      expect((await client.listNodes(id)).every((node) => node.state === 'STOPPED')).toBe(true);
      await client.wipeLab(id);
      await waitConverged(client, world, id);
      expect((await client.getLab(id)).state).toBe('DEFINED_ON_CORE');

      await client.startLab(id);
      const warmMs = await waitConverged(client, world, id);
      expect(warmMs).toBeLessThan(coldMs);

      await client.stopLab(id);
      await waitConverged(client, world, id);
      await client.wipeLab(id);
      await waitConverged(client, world, id);
      await client.deleteLab(id);
      await expect(client.getLab(id)).rejects.toSatisfy((error) => hasReason(error, 'NotFound'));
      expect(await client.listLabs()).not.toContain(id);
    });

    it('imports a lab whose nodes carry the topology labels, definitions and tags', async () => {
      const world = await context.open();
      const client = world.createClient();
      const { id } = await client.importLab({
        yaml: CONTRACT_TOPOLOGY,
        title: 'lcm-title-override',
      });
      const lab = await client.getLab(id);
      expect(lab).toMatchObject({ lab_title: 'lcm-title-override', node_count: 2, link_count: 1 });
      const nodes = await client.listNodes(id);
      expect(
        nodes.map((node) => [node.label, node.node_definition, node.tags, node.state]),
      ).toEqual([
        ['r1', 'iosv', ['serial:5000', 'group:core'], 'DEFINED_ON_CORE'],
        ['pc', 'alpine', ['serial:5001', 'vnc:5002'], 'DEFINED_ON_CORE'],
      ]);
      const elements = await client.labElementState(id);
      expect(Object.values(elements.nodes)).toEqual(['DEFINED_ON_CORE', 'DEFINED_ON_CORE']);
      expect(Object.keys(elements.links)).toHaveLength(1);
      await client.deleteLab(id);
    });

    it('rejects a lab title over 64 characters as Invalid before sending it', async () => {
      const world = await context.open();
      const client = world.createClient();
      await expect(
        client.importLab({ yaml: CONTRACT_TOPOLOGY, title: 'x'.repeat(65) }),
      ).rejects.toSatisfy((error) => hasReason(error, 'Invalid'));
      expect(await client.listLabs()).toEqual([]);
    });

    it('answers NotFound for a lab that does not exist', async () => {
      const world = await context.open();
      const client = world.createClient();
      const missing = '5b3c1a52-9a0e-4c1e-8f7d-2a9b6c4d1e0f';
      for (const call of [
        () => client.getLab(missing),
        () => client.startLab(missing),
        () => client.deleteLab(missing),
        () => client.listNodes(missing),
      ])
        await expect(call()).rejects.toSatisfy((error) => hasReason(error, 'NotFound'));
    });

    it('refuses to wipe or delete a started lab, and to delete an unwiped one, with Conflict', async () => {
      const world = await context.open();
      const client = world.createClient();
      const { id } = await client.importLab({ yaml: CONTRACT_TOPOLOGY });
      await client.startLab(id);
      await expect(client.wipeLab(id)).rejects.toSatisfy((error) => hasReason(error, 'Conflict'));
      await expect(client.deleteLab(id)).rejects.toSatisfy((error) => hasReason(error, 'Conflict'));
      await client.stopLab(id);
      await waitConverged(client, world, id);
      await expect(client.deleteLab(id)).rejects.toSatisfy((error) => hasReason(error, 'Conflict'));
      expect((await client.getLab(id)).state).toBe('STOPPED');
      await client.wipeLab(id);
      await waitConverged(client, world, id);
      await client.deleteLab(id);
    });

    it("lists a lab's activity in order, and keeps it in telemetry after the lab is deleted", async () => {
      const world = await context.open();
      const client = world.createClient();
      const { id } = await client.importLab({ yaml: CONTRACT_TOPOLOGY });
      await client.startLab(id);
      await waitConverged(client, world, id);
      await client.stopLab(id);
      await waitConverged(client, world, id);
      await client.wipeLab(id);
      await waitConverged(client, world, id);
      const lab = await client.labEvents(id);
      expect(lab.map((event) => [event.event, event.data.state])).toEqual([
        ['created', undefined],
        ['state', 'STARTED'],
        ['state', 'STOPPED'],
        ['state', 'DEFINED_ON_CORE'],
      ]);
      expect(
        lab.every((event) => event.lab_id === id && !Number.isNaN(Date.parse(event.timestamp))),
      ).toBe(true);
      await client.deleteLab(id);
      const telemetry = (await client.telemetryEvents()).filter((event) => event.lab_id === id);
      expect(telemetry.map((event) => event.event)).toEqual([
        'created',
        'state',
        'state',
        'state',
        'deleted',
      ]);
      await expect(client.labEvents(id)).rejects.toSatisfy((error) => hasReason(error, 'NotFound'));
    });

    it('rewrites one node tag and keeps its other tags, its label and the other node', async () => {
      const world = await context.open();
      const client = world.createClient();
      const { id } = await client.importLab({ yaml: CONTRACT_TOPOLOGY });
      const [router, host] = await client.listNodes(id);
      if (!router || !host) throw new Error('the contract topology has two nodes');
      const tags = router.tags.map((tag) => (tag.startsWith('serial:') ? 'serial:41000' : tag));
      await client.setNodeTags({ labId: id, nodeId: router.id, tags });
      const after = await client.listNodes(id);
      expect(after[0]).toMatchObject({ label: 'r1', tags: ['serial:41000', 'group:core'] });
      expect(after[1]?.tags).toEqual(host.tags);
      await expect(
        client.setNodeTags({ labId: id, nodeId: router.id, tags: ['t'.repeat(65)] }),
      ).rejects.toSatisfy((error) => hasReason(error, 'Invalid'));
      await client.deleteLab(id);
    });

    it('counts the lab nodes as running in system stats once they boot', async () => {
      const world = await context.open();
      const client = world.createClient();
      const running = async (): Promise<number> =>
        Object.values((await client.systemStats()).computes).reduce(
          (sum, compute) => sum + (compute.stats.dominfo.running_nodes ?? 0),
          0,
        );
      const before = await running();
      const { id } = await client.importLab({ yaml: CONTRACT_TOPOLOGY });
      await client.startLab(id);
      await waitConverged(client, world, id);
      expect(await running()).toBe(before + 2);
      await client.stopLab(id);
      await waitConverged(client, world, id);
      expect(await running()).toBe(before);
      await client.wipeLab(id);
      await client.deleteLab(id);
    });

    it('reads system information without a token and system health with one', async () => {
      const world = await context.open();
      const client = world.createClient({ password: 'not-the-password' });
      const information = await client.systemInformation();
      expect(information.ready).toBe(true);
      expect(information.version).toMatch(/^2\./);
      const health = await world.createClient().systemHealth();
      expect(typeof health.is_enterprise).toBe('boolean');
    });

    it('registers a licence asynchronously and deregisters idempotently', async (test) => {
      const token = context.licenseToken;
      if (token === undefined) return test.skip('no licence token configured for this target');
      const world = await context.open();
      const client = world.createClient();
      expect(['Deregistered', 'DeregisteredLocally', 'NotRegistered']).toContain(
        await client.deregisterLicense(),
      );
      expect((await client.licensing()).registration.status).toBe('NOT_REGISTERED');
      await client.registerLicense({ token });
      await expect(client.registerLicense({ token })).rejects.toSatisfy((error) =>
        hasReason(error, 'Conflict'),
      );
      for (let poll = 0; poll < 60; poll++) {
        if ((await client.licensing()).registration.status !== 'IN_PROGRESS') break;
        await world.advanceMs(5_000);
      }
      const status = await client.licensing();
      expect([status.registration.status, status.authorization.status]).toEqual([
        'COMPLETED',
        'IN_COMPLIANCE',
      ]);
      expect(await client.deregisterLicense()).not.toBe('NotRegistered');
      expect(await client.deregisterLicense()).toBe('NotRegistered');
    });

    describeCmlFailureContract(context);
  });
}
