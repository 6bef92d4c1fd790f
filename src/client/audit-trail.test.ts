import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltInWorld, type BuiltInWorld } from '../../test/support/built-in-world.js';
import { aTemplate } from '../../test/support/builders.js';
import type { AuditRecord } from '../resources/kinds/audit-record.js';

const stores: BuiltInWorld['store'][] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

function setup() {
  const { clock, store, client: plain } = createBuiltInWorld();
  stores.push(store);
  const audited = plain.withAudit({
    actor: { id: 'alice', username: 'alice', via: 'password' },
    requestId: 'req-7',
  });
  const records = async () => (await plain.list('AuditRecord')).items as unknown as AuditRecord[];
  return { clock, plain, audited, records };
}

describe('audited writes', () => {
  it('record who changed which fields, in the same transaction as the change', async () => {
    const { audited, records } = setup();
    const created = await audited.create(aTemplate('small'));
    await audited.patch('WorkerTemplate', 'small', { spec: { costPerHour: 2.5 } });
    const [create, patch] = await records();
    expect(create?.spec).toMatchObject({
      actor: { id: 'alice' },
      verb: 'create',
      target: { kind: 'WorkerTemplate', name: 'small' },
      requestId: 'req-7',
      at: '2026-11-25T10:00:00.000Z',
    });
    expect(patch?.spec.verb).toBe('update');
    expect(patch?.spec.changes).toEqual([
      { path: 'spec.costPerHour', before: created.spec.costPerHour, after: 2.5 },
    ]);
    expect(patch?.metadata.labels).toMatchObject({
      'audit.lcm.io/kind': 'WorkerTemplate',
      'audit.lcm.io/name': 'small',
    });
  });

  it('write nothing to the trail when the change itself is refused', async () => {
    const { audited, records } = setup();
    await audited.create(aTemplate('small'));
    await expect(audited.create(aTemplate('small'))).rejects.toMatchObject({
      reason: 'AlreadyExists',
    });
    await expect(audited.create(aTemplate('bad', { capacity: { cpu: -1 } }))).rejects.toMatchObject(
      { reason: 'Invalid' },
    );
    expect(await records()).toHaveLength(1);
  });

  it('record a deletion with what was deleted, and an action under its own verb', async () => {
    const { audited, records } = setup();
    await audited.create(aTemplate('small'));
    await audited
      .withAudit({ actor: { id: 'bob', username: 'bob', via: 'apikey' }, verb: 'retire' })
      .delete('WorkerTemplate', 'small');
    const last = (await records()).at(-1);
    expect(last?.spec).toMatchObject({ verb: 'retire', actor: { id: 'bob' } });
    expect(last?.spec.changes.find((change) => change.path === 'spec')?.before).toMatchObject({
      region: 'sim-1',
    });
  });

  it('mask secrets in the recorded changes', async () => {
    const { audited, records } = setup();
    await audited.create({
      apiVersion: 'lcm/v1',
      kind: 'User',
      metadata: { name: 'carol' },
      spec: { roles: ['user'], passwordHash: 'scrypt$secret', disabled: false },
    });
    await audited.patch('User', 'carol', { spec: { passwordHash: 'scrypt$other' } });
    const [create, patch] = await records();
    expect(JSON.stringify(create?.spec.changes)).not.toContain('scrypt$');
    expect(patch?.spec.changes).toEqual([
      { path: 'spec.passwordHash', before: '***', after: '***' },
    ]);
  });

  it('pin an unconditional update to the version it diffed against', async () => {
    const { plain, audited } = setup();
    const created = await plain.create(aTemplate('small'));
    const { resourceVersion: _ignored, ...metadata } = created.metadata;
    const updated = await audited.update({
      ...created,
      metadata,
      spec: { ...created.spec, costPerHour: 4 },
    });
    expect(updated.spec.costPerHour).toBe(4);
  });

  it('record the removal of a field named like an Object.prototype member', async () => {
    const { audited, records } = setup();
    const template = aTemplate('small');
    template.metadata.annotations = { constructor: 'x', toString: 'y' };
    await audited.create(template);
    await audited.patch('WorkerTemplate', 'small', { metadata: { annotations: null } });
    expect((await records()).at(-1)?.spec.changes).toEqual([
      { path: 'metadata.annotations', before: { constructor: 'x', toString: 'y' } },
    ]);
    await audited.create({ ...template, metadata: { ...template.metadata, name: 'other' } });
    const annotations = { constructor: null };
    await audited.patch('WorkerTemplate', 'other', { metadata: { annotations } });
    expect((await records()).at(-1)?.spec.changes).toEqual([
      { path: 'metadata.annotations.constructor', before: 'x' },
    ]);
  });

  it('leave writes through the plain client unaudited', async () => {
    const { plain, records } = setup();
    await plain.create(aTemplate('small'));
    expect(await records()).toHaveLength(0);
  });
});
