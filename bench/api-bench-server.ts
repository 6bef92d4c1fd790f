/**
 * The API under benchmark, in a process of its own so the load generator never shares its event
 * loop: `lcm api`'s wiring over PostgreSQL, seeded by seedBench. Forked by api.bench.ts with argv
 * `<databaseUrl> <adminPassword> <sessions>`; sends `{ url }` once listening, exits on `'stop'`.
 */
import { assembleApi } from '../src/app/assemble-api.js';
import { openStore } from '../src/app/open-store.js';
import { SystemClock } from '../src/clock/index.js';
import { loadConfig } from '../src/config/index.js';
import { createMetricsRegistry, createSilentLogger } from '../src/observability/index.js';
import { createKindRegistry } from '../src/resources/kinds/built-in-kinds.js';
import { seedBench } from './api-bench-fixtures.js';

const [databaseUrl = '', adminPassword = '', sessions = '0'] = process.argv.slice(2);
const clock = new SystemClock();
const logger = createSilentLogger();
const registry = createKindRegistry();
const config = loadConfig({
  env: {},
  overrides: {
    databaseUrl,
    port: 0,
    logLevel: 'silent',
    // The benchmark is one caller sending thousands of writes a minute.
    auth: { adminPassword, mutationRateLimitPerMinute: 1_000_000_000 },
  },
});
const store = await openStore({ config, registry, clock, logger });
const api = await assembleApi({
  config,
  store,
  registry,
  clock,
  logger,
  metrics: createMetricsRegistry(),
});
await seedBench(api.local, Number(sessions));
const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
process.once('message', (message) => {
  if (message !== 'stop') return;
  void api
    .close()
    .then(() => store.close())
    .then(() => process.disconnect());
});
process.send?.({ url });
