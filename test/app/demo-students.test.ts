/**
 * The simulated students of the demo, against a real lds-sim on a manual clock: a Ready demo
 * session with a login URL gets opened after a short delay (its LDS session runs), a share of the
 * students finish early (LDS "user finished"), the others work on, and sessions without the demo
 * label are never touched. LCM's own reactions (Ready → Running) are played by the test.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_STUDENTS_LABEL } from '../../src/app/demo/demo-labels.js';
import { startDemoStudents, type RunningDemoStudents } from '../../src/app/demo/demo-students.js';
import { createMetricsRegistry, createSilentLogger } from '../../src/observability/index.js';
import { buildLdsSessionCreate } from '../../src/providers/lds/build-lds-session-create.js';
import { HttpLdsClient } from '../../src/providers/lds/http-lds-client.js';
import {
  SESSION_MACHINE,
  type LabletSession,
  type LabletSessionStatus,
  type SessionPhase,
} from '../../src/resources/kinds/lablet-session.js';
import { transitionPhase } from '../../src/resources/kinds/phase-machine.js';
import { LdsSim } from '../../src/sim/lds-sim/lds-sim.js';
import { aDefinition, aSession } from '../support/builders.js';
import { createBuiltInWorld, type BuiltInWorld } from '../support/built-in-world.js';
import { waitFor } from '../support/wait-for.js';

const logger = createSilentLogger();
const HOUR_MS = 3_600_000;
const cleanup: (() => Promise<void>)[] = [];
let w: BuiltInWorld;
let lds: LdsSim;
let ldsClient: HttpLdsClient;

beforeEach(async () => {
  w = createBuiltInWorld();
  lds = new LdsSim({ clock: w.clock, logger });
  const url = await lds.start();
  ldsClient = new HttpLdsClient({
    deployments: { default: { baseUrl: url, username: 'lds', password: 'lds' } },
    defaultRegion: 'default',
  });
  cleanup.push(
    () => w.store.close(),
    () => lds.close(),
    () => ldsClient.close(),
  );
  await w.client.create(aDefinition('ccna-1', { state: 'Active' }));
});
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
});

/** What the session controller would have done: a Ready session with an LDS session and its login URL. */
async function aReadySession(
  name: string,
  labels: Record<string, string>,
  startsInMs = 0,
): Promise<string> {
  const start = new Date(w.clock.nowMs() + startsInMs);
  const session = aSession(name, {
    owner: { userId: name },
    timeslot: {
      start: start.toISOString(),
      end: new Date(start.getTime() + HOUR_MS).toISOString(),
    },
  });
  session.metadata.labels = labels;
  await w.client.create(session);
  const { session_id: ldsSessionId } = await ldsClient.createSession({
    region: 'default',
    session: buildLdsSessionCreate({
      sessionName: name,
      formQualifiedName: 'Demo Associate CCNA v1.0 LAB VLANS',
      scheduledAt: start,
    }),
  });
  const loginUrl = await ldsClient.getLaunchUrl({ region: 'default', sessionId: ldsSessionId });
  // Admission takes one phase step per write, as the controllers make them.
  for (const phase of ['Scheduled', 'Instantiating'] as const) await moveTo(name, phase);
  await moveTo(name, 'Ready', { access: { phase: 'Provisioned', ldsSessionId, loginUrl } });
  return ldsSessionId;
}

/** What LCM does on `lds.session.started`: Ready → Running, access Active. */
async function markRunning(name: string): Promise<void> {
  const session = await read(name);
  await moveTo(name, 'Running', {
    startedAt: w.clock.now().toISOString(),
    access: { ...session.status?.access, phase: 'Active' },
  });
}

async function read(name: string): Promise<LabletSession> {
  return (await w.client.get('LabletSession', name, 'default')) as LabletSession;
}

async function moveTo(
  name: string,
  phase: SessionPhase,
  fields: Partial<LabletSessionStatus> = {},
): Promise<void> {
  const session = await read(name);
  let status = session.status ?? {};
  if (status.phase === undefined)
    status = transitionPhase(SESSION_MACHINE, status, 'Pending', { at: w.clock.now() });
  status = transitionPhase(SESSION_MACHINE, status, phase, { at: w.clock.now(), actor: 'test' });
  await w.client.updateStatus({ ...session, status: { ...status, ...fields } });
}

/** Cycles through fixed numbers; each student draws three: open delay, finishes early?, work time. */
function fixedRandom(values: readonly number[]): () => number {
  let next = 0;
  return () => values[next++ % values.length] ?? 0;
}

function startStudents(random: () => number): RunningDemoStudents {
  const students = startDemoStudents({
    client: w.client,
    clock: w.clock,
    logger,
    metrics: createMetricsRegistry({ defaultMetrics: false }),
    ldsSimUrl: lds.url,
    timeScale: 0.05,
    random,
  });
  cleanup.push(() => students.stop());
  return students;
}

const stateOf = (ldsSessionId: string): string => lds.session(ldsSessionId).state;

/** Moves the manual clock a second at a time until `predicate` holds. */
async function advanceUntil(predicate: () => boolean, description: string): Promise<void> {
  await waitFor(
    async () => {
      if (predicate()) return true;
      await w.clock.advance(1_000);
      return predicate();
    },
    { description, intervalMs: 5 },
  );
}

describe('demo students', () => {
  it('open their Ready labs shortly after the class starts and leave other sessions alone', async () => {
    const demo = { [DEMO_STUDENTS_LABEL]: 'true' };
    const mine = [await aReadySession('s1', demo), await aReadySession('s2', demo)];
    const early = await aReadySession('early-lab', demo, 600_000);
    const other = await aReadySession('someone-else', { 'lcm.io/reservation': 'real-class' });
    const startMs = w.clock.nowMs();

    const students = startStudents(fixedRandom([0.5]));
    await waitFor(() => students.isIdle());
    expect(mine.map(stateOf)).toEqual(['SESSION_PRELAUNCH', 'SESSION_PRELAUNCH']);

    await advanceUntil(
      () => mine.every((id) => stateOf(id) === 'SESSION_RUNNING'),
      'both demo labs opened',
    );
    // 15–90 s at time scale 1 (here the middle, 52.5 s), × 0.05: a few seconds.
    expect(w.clock.nowMs() - startMs).toBeGreaterThanOrEqual(2_625);
    expect(w.clock.nowMs() - startMs).toBeLessThan(4_500);
    // A lab ready before its class starts waits for the student to arrive.
    await w.clock.advance(startMs + 600_000 - w.clock.nowMs());
    await waitFor(() => students.isIdle());
    expect(stateOf(early)).toBe('SESSION_PRELAUNCH');
    await advanceUntil(() => stateOf(early) === 'SESSION_RUNNING', 'the early lab opened');
    expect(w.clock.nowMs() - startMs).toBeGreaterThanOrEqual(600_000 + 2_625);
    expect(stateOf(other)).toBe('SESSION_PRELAUNCH');
  });

  it('finish early for about a third of the students; the others work until the end', async () => {
    const demo = { [DEMO_STUDENTS_LABEL]: 'true' };
    const names = ['s1', 's2', 's3'];
    const ids: string[] = [];
    for (const name of names) ids.push(await aReadySession(name, demo));
    // Per student: open delay, finishes early (< 1/3), work time. One of the three finishes early.
    const students = startStudents(fixedRandom([0.5, 0.1, 0.5, 0.5, 0.9, 0.5, 0.5, 0.9, 0.5]));
    await advanceUntil(() => ids.every((id) => stateOf(id) === 'SESSION_RUNNING'), 'labs opened');
    for (const name of names) await markRunning(name);

    await advanceUntil(
      () => ids.some((id) => stateOf(id) === 'SESSION_USER_FINISHED'),
      'an early finisher',
    );
    // Nearly to the end of the one-hour timeslot: nobody else presses finish.
    await w.clock.advance(HOUR_MS - 120_000);
    await waitFor(() => students.isIdle());

    expect(ids.map(stateOf).sort()).toEqual([
      'SESSION_RUNNING',
      'SESSION_RUNNING',
      'SESSION_USER_FINISHED',
    ]);
  });
});
