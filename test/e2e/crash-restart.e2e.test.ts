/**
 * The crash test: `lcm serve` on a PGlite data folder runs a class of 30 while it is killed with
 * SIGKILL at 10 random moments and started again on the same folder. The simulated cloud, CML,
 * LDS and grading engine live in this (the test's) process, as the real ones outlive LCM. The run
 * must end exactly as a run without crashes: every session Terminated with the same outcomes,
 * every lab accounted for once, no capacity or port leaked, the idle workers stopped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScaledClock } from '../../src/clock/index.js';
import { HttpResourceClient } from '../../src/client/http-client.js';
import { loadConfig } from '../../src/config/index.js';
import { checkFleetInvariants } from '../../src/controllers/invariants/check-fleet-invariants.js';
import { readFleet } from '../../src/controllers/invariants/read-fleet.js';
import { createSilentLogger } from '../../src/observability/index.js';
import type { LabletSession } from '../../src/resources/kinds/lablet-session.js';
import type { Worker } from '../../src/resources/kinds/worker.js';
import { serveSimulators, type SimHostServer } from '../../src/sim/sim-host/sim-host-server.js';
import { startSimulators, type Simulators } from '../../src/sim/simulators.js';
import { testFetch } from '../support/api-world.js';
import {
  aClass,
  classStudents,
  countBy,
  labAccounting,
  seedClassFleet,
  sessionsOf,
} from '../support/class-run.js';
import { freePort, serveProcess, type ServeProcess } from '../support/serve-process.js';

/** Simulated minutes per real 2 s: the whole class (about 80 simulated minutes) in under 3 min. */
const FACTOR = 30;
const KILLS = 10;
const SEATS = 30;
const MINUTE = 60_000;
const ADMIN_PASSWORD = 'crash-test-admin-password';

let sims: Simulators;
let host: SimHostServer;
let lcm: ServeProcess;
let dataDir: string;
const killedAt: string[] = [];
let sessions: LabletSession[] = [];
let workers: Worker[] = [];
let accounting: Awaited<ReturnType<typeof labAccounting>> | undefined;
let violations: string[] = [];

async function login(url: string): Promise<string> {
  const response = await testFetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

beforeAll(async () => {
  const clock = new ScaledClock({ factor: FACTOR });
  const providers = loadConfig({ env: {} }).providers;
  sims = await startSimulators({
    clock,
    logger: createSilentLogger(),
    timeScale: 0.05,
    lds: providers.lds,
    gradingToken: providers.grading.token,
    cml: providers.cml,
    // LCM is down for a while after each crash: events wait for it, as a real sender's retries do.
    sender: { maxAttempts: 1_000_000 },
  });
  host = await serveSimulators(sims);
  dataDir = await mkdtemp(join(tmpdir(), 'lcm-crash-'));
  lcm = serveProcess({
    LCM_DATA_DIR: dataDir,
    PORT: String(await freePort()),
    LCM_PROVIDERS_SIM_HOST_URL: host.url,
    LCM_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LCM_LOG_LEVEL: 'warn',
    LCM_DEMO_SEED: 'false',
    LCM_DEMO_STUDENTS: 'false',
    LCM_AUTOSCALING_IDLE_TIMEOUT_MINUTES: '10',
    LCM_TEST_CLOCK_FACTOR: String(FACTOR),
    LCM_TEST_CLOCK_ORIGIN: String(clock.originMs),
    LCM_TEST_CLOCK_REAL_ORIGIN: String(clock.realOriginMs),
  });
  const url = await lcm.start();
  const client = new HttpResourceClient({ baseUrl: url, credential: await login(url), clock });
  await seedClassFleet(client);
  await client.create(aClass('crash-class', SEATS, clock.nowMs() + 20 * MINUTE, 30));
  const students = classStudents({
    client,
    reservation: 'crash-class',
    ldsUrl: sims.ldsUrl ?? '',
    finishers: 10,
  });
  // Ten moments over the first 100 s (about 50 simulated minutes: scale-up, instantiation,
  // the class itself and its grading), in random order of phases.
  const realStart = Date.now();
  const killTimes = Array.from(
    { length: KILLS },
    () => realStart + 5_000 + Math.random() * 95_000,
  ).sort((a, b) => a - b);
  const deadline = Date.now() + 8 * 60_000;
  for (;;) {
    if (Date.now() > deadline)
      throw new Error(
        `the class did not finish; kills at ${killedAt.join(', ')}\n${lcm.stderrTail()}`,
      );
    const nextKill = killTimes[0];
    if (nextKill !== undefined && Date.now() >= nextKill) {
      killTimes.shift();
      await lcm.kill();
      killedAt.push(clock.now().toISOString());
      await lcm.start();
    }
    try {
      await students.tick();
      sessions = await sessionsOf(client, 'crash-class');
      workers = (await client.list('Worker')).items as unknown as Worker[];
      const ended =
        sessions.length === SEATS && sessions.every((s) => s.status?.phase === 'Terminated');
      if (ended && !accounting) accounting = await labAccounting(client);
      if (ended && killTimes.length === 0 && workers.every((w) => w.status?.phase === 'Stopped')) {
        violations = checkFleetInvariants({ ...(await readFleet(client)), now: clock.now() }).map(
          (v) => `${v.invariant} ${v.object}: ${v.message}`,
        );
        break;
      }
    } catch {
      // LCM is restarting: the students and the test try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 600_000);

afterAll(async () => {
  await lcm.stop();
  await host.close();
  await sims.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('lcm serve killed 10 times during a class', () => {
  it('was killed 10 times', () => {
    expect(killedAt).toHaveLength(KILLS);
  });

  it('ends every session as a run without crashes would: 10 Completed, 20 Expired, all graded', () => {
    const unexpected = sessions
      .filter((s) => s.status?.outcome !== 'Expired' && s.status?.outcome !== 'Completed')
      .map(
        (s) =>
          `${s.metadata.name} ${s.status?.outcome ?? ''}: ${s.status?.message ?? ''} ${JSON.stringify(s.status?.history?.map((h) => `${h.to}:${h.reason ?? ''}`))}`,
      );
    expect(unexpected).toEqual([]);
    expect(countBy(sessions, (s) => s.status?.outcome)).toEqual({ Completed: 10, Expired: 20 });
    expect(sessions.every((s) => s.status?.grading?.scoreReport)).toBe(true);
  });

  it('imported no lab twice and left every lab accounted for by one record', () => {
    expect(accounting).toEqual({ unaccounted: [], duplicated: [], stillBound: [] });
  });

  it('leaked no capacity or port, and stopped the idle workers', () => {
    expect(violations).toEqual([]);
    expect(workers.length).toBeGreaterThan(0);
    expect(
      workers.every((w) =>
        (w.status?.allocations ?? []).every((a) => a.holder.kind !== 'LabletSession'),
      ),
    ).toBe(true);
  });
});
