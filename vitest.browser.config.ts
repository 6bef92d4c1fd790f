// The browser tests (`npm run test:e2e`): Debian's Chromium driven by playwright-core against a
// real `lcm serve`. Not part of `npm test`; `.ci/run` runs them after it.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
