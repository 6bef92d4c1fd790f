/**
 * The store conformance suite: every backend runs exactly these tests (STYLE.md 3.7). Call
 * `describeStoreConformance` from a backend's test file with a target that opens it.
 */
import { afterEach, describe } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import type { StoreConfig } from '../../config/index.js';
import type { ResourceStore } from '../resource-store.js';
import { CONFORMANCE_CONFIG } from './conformance-helpers.js';
import { describeConcurrencyConformance } from './concurrency-conformance.js';
import { describeCrudConformance } from './crud-conformance.js';
import { describeListConformance } from './list-conformance.js';
import { describeMultiKindWatchConformance } from './multi-kind-watch-conformance.js';
import { describeTransactConformance } from './transact-conformance.js';
import { describeWatchConformance } from './watch-conformance.js';
import { createTestRegistry } from './test-kinds.js';
import type { KindRegistry } from '../../resources/index.js';
import type { Clock } from '../../clock/index.js';

export interface ConformanceOpenOptions {
  registry: KindRegistry;
  clock: Clock;
  config: StoreConfig;
}

export interface ConformanceTarget {
  /** Opens a store over empty data. */
  open(options: ConformanceOpenOptions): Promise<ResourceStore>;
  /** Opens a store over the data of the last one opened (already closed). Omit when data cannot persist. */
  reopen?: (options: ConformanceOpenOptions) => Promise<ResourceStore>;
}

/** What each part of the suite receives: store factories that the suite closes after each test. */
export interface ConformanceContext {
  open(overrides?: { clock?: Clock; config?: Partial<StoreConfig> }): Promise<ResourceStore>;
  reopen:
    | ((overrides?: { clock?: Clock; config?: Partial<StoreConfig> }) => Promise<ResourceStore>)
    | undefined;
}

export function describeStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`ResourceStore conformance: ${name}`, () => {
    const opened: ResourceStore[] = [];
    const optionsFor = (overrides: { clock?: Clock; config?: Partial<StoreConfig> } = {}) => ({
      registry: createTestRegistry(),
      clock: overrides.clock ?? new ManualClock(),
      config: { ...CONFORMANCE_CONFIG, ...overrides.config },
    });
    const track = (store: ResourceStore): ResourceStore => {
      opened.push(store);
      return store;
    };
    const reopen = target.reopen;
    const context: ConformanceContext = {
      open: async (overrides) => track(await target.open(optionsFor(overrides))),
      reopen: reopen && (async (overrides) => track(await reopen(optionsFor(overrides)))),
    };

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describeCrudConformance(context);
    describeListConformance(context);
    describeTransactConformance(context);
    describeWatchConformance(context);
    describeMultiKindWatchConformance(context);
    describeConcurrencyConformance(context);
  });
}
