import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltInWorld, type BuiltInWorld } from '../../../test/support/built-in-world.js';
import { aTemplate } from '../../../test/support/builders.js';
import { createSilentLogger } from '../../observability/index.js';
import type { AnyResource } from '../../resources/index.js';
import { AuditRetention } from './audit-retention.js';

const DAY_MS = 86_400_000;
const stores: BuiltInWorld['store'][] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('AuditRetention', () => {
  it('deletes audit records and event receipts older than the retention, and keeps the rest', async () => {
    const { clock, store, client: plain } = createBuiltInWorld('2026-01-01T00:00:00Z');
    stores.push(store);
    const audited = plain.withAudit({ actor: { id: 'a', username: 'a', via: 'password' } });
    const receipt = (id: string): AnyResource => ({
      apiVersion: 'lcm/v1',
      kind: 'EventReceipt',
      metadata: { name: `ev-${id}` },
      spec: {
        source: 'lds',
        id,
        type: 'lds.session.started',
        receivedAt: clock.now().toISOString(),
        effect: 'none',
      },
    });
    await audited.create(aTemplate('old'));
    await plain.create(receipt('old'));
    await clock.advance(60 * DAY_MS);
    await audited.create(aTemplate('recent'));
    await plain.create(receipt('recent'));
    await clock.advance(31 * DAY_MS);

    const retention = new AuditRetention({
      client: plain,
      clock,
      logger: createSilentLogger(),
      retentionDays: 90,
    });
    expect(await retention.sweep()).toBe(2);
    const audit = await plain.list('AuditRecord');
    expect(audit.items.map((item) => (item.spec.target as { name: string }).name)).toEqual([
      'recent',
    ]);
    expect((await plain.list('EventReceipt')).items.map((item) => item.metadata.name)).toEqual([
      'ev-recent',
    ]);
    expect(await retention.sweep()).toBe(0);
  });
});
