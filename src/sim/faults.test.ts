/** Fault injection on a simulator: targeted failures, error rate, hangs, control endpoint. */
import { fastify, type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, SystemClock, type Clock } from '../clock/index.js';
import { waitFor } from '../../test/support/wait-for.js';
import { FaultInjector, installFaultInjection } from './faults.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function simulator(
  faults: FaultInjector,
  clock: Clock = new SystemClock(),
): Promise<{ url: string; calls: () => number }> {
  const app = fastify({ forceCloseConnections: true });
  apps.push(app);
  let calls = 0;
  installFaultInjection(app, faults, clock);
  app.post('/things', async () => ({ n: ++calls }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, calls: () => calls };
}

const post = (url: string, signal?: AbortSignal) =>
  fetch(`${url}/things`, { method: 'POST', ...(signal ? { signal } : {}) });

describe('fault injection', () => {
  it('fails the targeted requests as often as asked, then lets them through', async () => {
    const faults = new FaultInjector();
    const { url, calls } = await simulator(faults);
    faults.failNext({ method: 'POST', path: '/things', status: 503, count: 2 });
    expect((await post(url)).status).toBe(503);
    expect((await post(url)).status).toBe(503);
    expect((await post(url)).status).toBe(200);
    expect(calls()).toBe(1);
  });

  it('fails the share of requests set by the error rate', async () => {
    const draws = [0.1, 0.9];
    const faults = new FaultInjector(
      { errorRate: 0.5, errorStatus: 502 },
      () => draws.shift() ?? 1,
    );
    const { url } = await simulator(faults);
    expect((await post(url)).status).toBe(502);
    expect((await post(url)).status).toBe(200);
  });

  it('never answers a hung request and never acts on it', async () => {
    const faults = new FaultInjector({ hang: true });
    const { url, calls } = await simulator(faults);
    await expect(post(url, AbortSignal.timeout(200))).rejects.toThrow();
    faults.reset();
    expect((await post(url)).status).toBe(200);
    expect(calls()).toBe(1);
  });

  it('hangs the share of requests set by the hang rate, dropping each after hangMs on the clock', async () => {
    const draws = [0.1, 0.9];
    const clock = new ManualClock();
    const faults = new FaultInjector({ hangRate: 0.5, hangMs: 30_000 }, () => draws.shift() ?? 1);
    const { url, calls } = await simulator(faults, clock);
    const hung = post(url).then(
      () => 'answered',
      () => 'dropped',
    );
    await waitFor(() => clock.pendingTimers() === 1, { description: 'the request to hang' });
    await clock.advance(29_999);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(1);
    expect(await hung).toBe('dropped');
    expect((await post(url)).status).toBe(200);
    expect(calls()).toBe(1);
  });

  it('is settable at run time over the control endpoint, which is never faulted', async () => {
    const faults = new FaultInjector();
    const { url } = await simulator(faults);
    const put = await fetch(`${url}/_sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 1, errorStatus: 500 }),
    });
    expect(await put.json()).toMatchObject({ errorRate: 1, errorStatus: 500 });
    expect((await post(url)).status).toBe(500);
    expect((await fetch(`${url}/_sim/faults`)).status).toBe(200);
    const bad = await fetch(`${url}/_sim/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 2 }),
    });
    expect(bad.status).toBe(400);
  });
});
