/** The generated references in docs/ must match the code; run `npm run docs` after changing it. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderOpenApi } from '../src/app/render-openapi.js';
import { renderConfigDocs } from '../src/config/render-config-docs.js';
import { createSilentLogger } from '../src/observability/index.js';
import { describeSchema } from '../src/store/postgres/describe-schema.js';
import { PgliteDriver } from '../src/store/postgres/drivers/pglite-driver.js';
import { migrate } from '../src/store/postgres/migrate.js';

describe('generated docs', () => {
  it('docs/configuration.md matches the settings schema', async () => {
    expect(await readFile('docs/configuration.md', 'utf8')).toBe(renderConfigDocs());
  });

  it('docs/openapi.json matches the route schemas', async () => {
    expect(await readFile('docs/openapi.json', 'utf8')).toBe(await renderOpenApi());
  });

  it('docs/store-schema.md matches the migrated database', async () => {
    const driver = await PgliteDriver.open(undefined);
    try {
      await migrate(driver, createSilentLogger());
      expect(await readFile('docs/store-schema.md', 'utf8')).toBe(await describeSchema(driver));
    } finally {
      await driver.close();
    }
  });
});
