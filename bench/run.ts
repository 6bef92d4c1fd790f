/** `npm run bench -- <suite>`: runs one benchmark suite (or all) and prints its table. */
import { runApiBenchmark } from './api.bench.js';
import { runFleetBenchmark } from './fleet.bench.js';
import { runRuntimeBenchmark } from './runtime.bench.js';
import { runSchedulerBenchmark } from './scheduler.bench.js';
import { runStoreBenchmark } from './store.bench.js';

const SUITES: Record<string, () => Promise<void>> = {
  store: runStoreBenchmark,
  runtime: runRuntimeBenchmark,
  api: runApiBenchmark,
  scheduler: runSchedulerBenchmark,
  fleet: runFleetBenchmark,
};

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(SUITES);
for (const name of names) {
  const suite = SUITES[name];
  if (!suite) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(1);
  }
  await suite();
}
