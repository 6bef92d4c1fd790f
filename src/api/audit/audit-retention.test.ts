import { afterEach, describe, expect, it } from 'vitest';
import { aTemplate } from '../../../test/support/builders.js';
import { BuiltInAdmission } from '../../admission/built-in-admission.js';
import { ManualClock } from '../../clock/index.js';
import { LocalResourceClient } from '../../client/local-client.js';
import { createSilentLogger } from '../../observability/index.js';
import type { AnyResource } from '../../resources/index.js';
import { createKindRegistry } from '../../resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../store/conformance/conformance-helpers.js';
import { MemoryStore } from '../../store/memory/memory-store.js';
import { AuditRetention } from './audit-retention.js';

const DAY_MS = 86_400_000;
const stores: MemoryStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('AuditRetention', () => {
  it('deletes audit records and event receipts older than the retention, and keeps the rest', async () => {
    const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
    const store = new MemoryStore({
      registry: createKindRegistry(),
      clock,
      config: CONFORMANCE_CONFIG,
    });
    stores.push(store);
    const plain = new LocalResourceClient({
      store,
      admission: new BuiltInAdmission({ clock }),
      clock,
    });
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
