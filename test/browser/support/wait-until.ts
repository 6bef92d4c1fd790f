/** Waits on what the page shows (never on time): polls a DOM-reading predicate until it holds. */
import type { Locator } from 'playwright-core';
import { waitFor } from '../../support/wait-for.js';

/** Resolves once the locator matches exactly `count` elements. */
export async function waitForCount(
  locator: Locator,
  count: number,
  description: string,
  timeoutMs = 300_000,
): Promise<void> {
  await waitFor(async () => (await locator.count()) === count, {
    timeoutMs,
    intervalMs: 250,
    description,
  });
}
