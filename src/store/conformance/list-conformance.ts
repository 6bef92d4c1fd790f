/** Conformance: list by namespace and label selector, sorted, with consistent paging. */
import { describe, expect, it } from 'vitest';
import type { ConformanceContext } from './store-conformance.js';
import { aWidget } from './test-kinds.js';
import { caught } from './conformance-helpers.js';
import type { ResourceStore } from '../resource-store.js';

async function seed(store: ResourceStore): Promise<void> {
  const rows: [string, string, Record<string, string>][] = [
    ['a', 'team-1', { tier: 'gold', env: 'prod' }],
    ['b', 'team-1', { tier: 'silver', env: 'dev' }],
    ['c', 'team-2', { tier: 'gold' }],
    ['d', 'team-2', {}],
    ['e', 'team-1', { tier: 'bronze', env: 'prod', legacy: 'yes' }],
  ];
  for (const [name, namespace, labels] of rows)
    await store.create(aWidget(name, {}, { namespace, labels }));
}

const names = (items: { metadata: { namespace?: string; name: string } }[]) =>
  items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`);

export function describeListConformance({ open }: ConformanceContext): void {
  describe('list', () => {
    it('returns every object sorted by namespace and name, with the current revision', async () => {
      const store = await open();
      await seed(store);
      const list = await store.list('TestWidget');
      expect(names(list.items)).toEqual([
        'team-1/a',
        'team-1/b',
        'team-1/e',
        'team-2/c',
        'team-2/d',
      ]);
      expect(list.revision).toBe(await store.currentRevision());
      expect(list.continue).toBeUndefined();
    });

    it('filters by namespace', async () => {
      const store = await open();
      await seed(store);
      expect(names((await store.list('TestWidget', { namespace: 'team-2' })).items)).toEqual([
        'team-2/c',
        'team-2/d',
      ]);
    });

    it.each([
      ['tier=gold', ['team-1/a', 'team-2/c']],
      ['tier==gold,env=prod', ['team-1/a']],
      ['tier!=gold', ['team-1/b', 'team-1/e', 'team-2/d']],
      ['tier in (silver, bronze)', ['team-1/b', 'team-1/e']],
      ['tier notin (gold)', ['team-1/b', 'team-1/e', 'team-2/d']],
      ['env', ['team-1/a', 'team-1/b', 'team-1/e']],
      ['!env', ['team-2/c', 'team-2/d']],
      ['env=prod,!legacy', ['team-1/a']],
    ])('filters by the label selector %j', async (selector, expected) => {
      const store = await open();
      await seed(store);
      expect(names((await store.list('TestWidget', { labelSelector: selector })).items)).toEqual(
        expected,
      );
    });

    it('rejects a malformed label selector, limit or continue token as Invalid naming the field', async () => {
      const store = await open();
      expect(
        await caught(() => store.list('TestWidget', { labelSelector: 'tier in gold' })),
      ).toMatchObject({
        reason: 'Invalid',
        details: { field: 'labelSelector' },
      });
      expect(await caught(() => store.list('TestWidget', { limit: 0 }))).toMatchObject({
        reason: 'Invalid',
        details: { field: 'limit' },
      });
      expect(
        await caught(() => store.list('TestWidget', { continue: 'not-a-token' })),
      ).toMatchObject({
        reason: 'Invalid',
        details: { field: 'continue' },
      });
    });

    it("pages with limit and continue: every object exactly once, every page at the first page's revision", async () => {
      const store = await open();
      for (let i = 0; i < 23; i++) await store.create(aWidget(`w-${String(i).padStart(2, '0')}`));
      const first = await store.list('TestWidget', { limit: 5 });
      const seen = [...first.items];
      let token = first.continue;
      await store.create(aWidget('w-00a')); // created between pages, before the cursor: not in this list
      while (token) {
        const page = await store.list('TestWidget', { limit: 5, continue: token });
        expect(page.revision).toBe(first.revision);
        expect(page.items.length).toBeLessThanOrEqual(5);
        seen.push(...page.items);
        token = page.continue;
      }
      expect(seen.map((item) => item.metadata.name)).toEqual(
        Array.from({ length: 23 }, (_, i) => `w-${String(i).padStart(2, '0')}`),
      );
    });
  });
}
