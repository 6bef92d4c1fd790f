import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser tests run on their own: `npm run test:e2e` (vitest.browser.config.ts).
    exclude: [...configDefaults.exclude, 'test/browser/**'],
    setupFiles: ['test/support/leak-guard.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
