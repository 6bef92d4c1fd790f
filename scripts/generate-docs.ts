// Writes the generated references: docs/configuration.md, docs/store-schema.md, docs/openapi.json.
import { writeFile } from 'node:fs/promises';
import { renderOpenApi } from '../src/app/render-openapi.js';
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
await writeFile('docs/openapi.json', await renderOpenApi());
console.log('wrote docs/configuration.md, docs/store-schema.md and docs/openapi.json');
