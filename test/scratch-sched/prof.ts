import { performance } from 'node:perf_hooks';
import { BuiltInAdmission } from '../../src/admission/built-in-admission.js';
import { SystemClock } from '../../src/clock/index.js';
import { LocalResourceClient } from '../../src/client/local-client.js';
import { createSilentLogger } from '../../src/observability/index.js';
import { createKindRegistry } from '../../src/resources/kinds/built-in-kinds.js';
import { CONFORMANCE_CONFIG } from '../../src/store/conformance/conformance-helpers.js';
import { PgDriver } from '../../src/store/postgres/drivers/pg-driver.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { createTestDatabase } from '../support/postgres.js';
import { aSeatTemplate, aTimedSession, seedDefinition, startRunningWorker } from '../support/scheduler-fixtures.js';

const clock = new SystemClock();
const database = await createTestDatabase();
const logger = createSilentLogger();
const driver = new PgDriver({ connectionString: database.url, clock, logger, maxConnections: 16 });
const store = await PostgresStore.open({ registry: createKindRegistry(), clock, config: CONFORMANCE_CONFIG, driver, logger });
const client = new LocalResourceClient({ store, admission: new BuiltInAdmission({ clock }), clock });
await seedDefinition(client, clock);
await client.create(aSeatTemplate('seats', 1000, { enabled: false }));
let w = await startRunningWorker(client, 'w1', 'seats');
const sessions = [];
for (let i = 0; i < 300; i++) sessions.push(await client.create(aTimedSession(`s${i}`, clock, 5)));
let t = performance.now();
for (let i = 0; i < 300; i++) {
  const s = sessions[i]!;
  const alloc = { holder: { kind: 'LabletSession', namespace: 'default', name: s.metadata.name }, cpu: 1, memoryMiB: 1024, storageGiB: 4, nodes: 1, ports: [{ name: 'a', protocol: 'ssh', port: 2000 + i }] };
  const status = { ...w.status, allocations: [...((w.status?.allocations as unknown[]) ?? []), alloc] };
  const res = await client.transact([
    { op: 'updateStatus', object: { ...w, status } },
    { op: 'updateStatus', object: { ...s, status: { ...s.status, message: 'x' } } },
  ]);
  w = res[0]!;
}
console.log('transact via client ms/op', (performance.now() - t) / 300);
for (const via of ['store', 'client'] as const) {
  for (const withWorker of [true, false]) {
    let ww = await client.get('Worker', 'w1');
    t = performance.now();
    for (let i = 0; i < 200; i++) {
      const s = sessions[i]!;
      const cur = await client.get('LabletSession', s.metadata.name, 'default');
      const ops: any[] = [{ op: 'updateStatus', object: { ...cur, status: { ...cur.status, message: 'z' + i + via } } }];
      if (withWorker) ops.unshift({ op: 'updateStatus', object: { ...ww, status: { ...ww.status, message: 'm' + i + via } } });
      const t0 = performance.now();
      const res = via === 'store' ? await store.transact(ops) : await client.transact(ops);
      if (withWorker) ww = res[0]!;
    }
    console.log(via, withWorker ? 'worker(300 allocs)+session' : 'session only', 'ms/op', (performance.now() - t) / 200);
  }
}
t = performance.now();
for (let i = 0; i < 300; i++) {
  const s = (await client.get('LabletSession', `s${i}`, 'default'));
  await store.transact([{ op: 'updateStatus', object: { ...s, status: { ...s.status, message: 'y' } } }]);
}
console.log('get+single store write ms/op', (performance.now() - t) / 300);
await store.close(); await database.drop();
