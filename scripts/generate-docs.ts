// Writes the generated references: docs/configuration.md and docs/store-schema.md.
import { writeFile } from 'node:fs/promises';
import { renderConfigDocs } from '../src/config/render-config-docs.js';
import { createSilentLogger } from '../src/observability/index.js';
import { describeSchema } from '../src/store/postgres/describe-schema.js';
import { PgliteDriver } from '../src/store/postgres/drivers/pglite-driver.js';
import { migrate } from '../src/store/postgres/migrate.js';

await writeFile('docs/configuration.md', renderConfigDocs());
const driver = await PgliteDriver.open(undefined);
await migrate(driver, createSilentLogger());
await writeFile('docs/store-schema.md', await describeSchema(driver));
await driver.close();
console.log('wrote docs/configuration.md and docs/store-schema.md');
