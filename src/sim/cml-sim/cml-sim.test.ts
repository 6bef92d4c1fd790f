/** cml-sim's own behaviour over real HTTP: timings, licence limit, tokens, start-up 502s, bad input. */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock/index.js';
import { hasReason } from '../../errors/index.js';
import type { CmlErrorBody } from '../../providers/cml/cml-wire-types.js';
import { HttpCmlClient } from '../../providers/cml/http-cml-client.js';
import { startCmlSim, type CmlSim, type CmlSimOptions } from './cml-sim.js';

const open: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.stop()));
});

async function start(options: Partial<CmlSimOptions> = {}) {
  const clock = new ManualClock();
  const sim = await startCmlSim({ clock, ...options });
  open.push(sim);
  const client = new HttpCmlClient({ baseUrl: sim.url, username: 'admin', password: 'admin' });
  open.push({ stop: () => client.close() });
  return { clock, sim, client };
}

/** One raw call, for status codes and bodies the client hides. */
async function call(
  sim: CmlSim,
  method: string,
  path: string,
  options: { token?: string; body?: string; contentType?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${sim.url}/api/v0${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // 502 pages are HTML.
  }
  return { status: response.status, body };
}

async function login(sim: CmlSim, username = 'admin', password = 'admin'): Promise<string> {
  const { status, body } = await call(sim, 'POST', '/authenticate', {
    body: JSON.stringify({ username, password }),
    contentType: 'application/json',
  });
  if (status !== 200 || typeof body !== 'string') throw new Error(`login failed: ${status}`);
  return body;
}

/** The `description` of a CML 400 error body (fails when the answer is anything else). */
function describe400(answer: { status: number; body: unknown }): string {
  expect(answer).toMatchObject({ status: 400, body: { code: 400 } });
  return (answer.body as CmlErrorBody).description;
}

function topology(nodes: { definition: string; tags?: string[] }[]): string {
  const lines = ['lab: {version: 0.3.0, title: sim-test}', nodes.length ? 'nodes:' : 'nodes: []'];
  nodes.forEach((node, index) =>
    lines.push(
      `  - {id: n${index}, label: node${index}, node_definition: ${node.definition}, x: 0, y: 0, tags: [${(node.tags ?? []).join(', ')}]}`,
    ),
  );
  lines.push('links: []');
  return lines.join('\n');
}

describe('cml-sim', () => {
  it('moves nodes QUEUED → STARTED → BOOTED on the injected clock, scaled by timeScale', async () => {
    const { clock, client } = await start({ timeScale: 0.1 });
    const { id } = await client.importLab({
      yaml: topology([{ definition: 'iosv' }, { definition: 'alpine' }]),
    });
    await client.startLab(id);
    const states = async () => (await client.listNodes(id)).map((node) => node.state);
    expect(await states()).toEqual(['QUEUED', 'QUEUED']);
    await clock.advance(1_000);
    expect(await states()).toEqual(['STARTED', 'STARTED']);
    await clock.advance(1_000);
    expect(await states()).toEqual(['STARTED', 'BOOTED']);
    expect(await client.checkIfConverged(id)).toBe(false);
    await clock.advance(7_000);
    expect(await states()).toEqual(['BOOTED', 'BOOTED']);
    expect(await client.checkIfConverged(id)).toBe(true);
  });

  it('refuses to start a lab beyond the node licence limit with 400 "Cannot start lab"', async () => {
    const { sim, client } = await start({ license: { productLicense: 'CML_Enterprise' } });
    const eleven = topology(Array.from({ length: 11 }, () => ({ definition: 'iosv' })));
    const first = await client.importLab({ yaml: eleven });
    const second = await client.importLab({ yaml: eleven });
    await client.startLab(first.id);
    const token = await login(sim);
    const refused = await call(sim, 'PUT', `/labs/${second.id}/start`, { token });
    expect(refused.status).toBe(400);
    expect(describe400(refused)).toMatch(/^Cannot start lab/);
    await expect(client.startLab(second.id)).rejects.toSatisfy((error) =>
      hasReason(error, 'Conflict'),
    );
    sim.setExpansionNodes(2);
    await client.startLab(second.id);
    const switches = await client.importLab({
      yaml: topology([{ definition: 'unmanaged_switch' }]),
    });
    await client.startLab(switches.id);
    expect((await client.getLab(switches.id)).state).toBe('STARTED');
  });

  it('answers 401 once a token outlives tokenTtlMs and 403 with a CML error body for a bad password', async () => {
    const { sim, clock } = await start({ tokenTtlMs: 60_000 });
    const token = await login(sim);
    expect((await call(sim, 'GET', '/authok', { token })).status).toBe(200);
    await clock.advance(60_000);
    expect(await call(sim, 'GET', '/labs', { token })).toMatchObject({
      status: 401,
      body: { code: 401 },
    });
    expect((await call(sim, 'GET', '/labs')).status).toBe(401);
    const refused = await call(sim, 'POST', '/authenticate', {
      body: JSON.stringify({ username: 'admin', password: 'nope' }),
      contentType: 'application/json',
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 403 } });
  });

  it('ends a token on logout', async () => {
    const { sim } = await start();
    const token = await login(sim);
    expect((await call(sim, 'DELETE', '/logout', { token })).body).toBe(true);
    expect((await call(sim, 'GET', '/authok', { token })).status).toBe(401);
  });

  it('answers 502 to every API call until startupMs has passed, then reports ready', async () => {
    const { sim, clock, client } = await start({ startupMs: 300_000, timeScale: 0.5 });
    expect((await call(sim, 'GET', '/system_information')).status).toBe(502);
    await expect(client.systemInformation()).rejects.toSatisfy((error) =>
      hasReason(error, 'Unavailable'),
    );
    await clock.advance(150_000);
    expect((await client.systemInformation()).ready).toBe(true);
  });

  it('rejects bad topologies and titles with 400 "Import failed" or a validation error', async () => {
    const { sim } = await start();
    const token = await login(sim);
    const bad = [
      'lab: [unclosed',
      'lab: {version: 9.9.9}\nnodes: []\nlinks: []',
      'lab: {version: 0.3.0}\nnodes: [{id: n0, label: r, node_definition: iosv, x: 0, y: 0}]\nlinks: [{id: l0, n1: n0, i1: i0, n2: n9, i2: i0}]',
      `lab: {version: 0.3.0}\nnodes: [{id: n0, label: ${'x'.repeat(129)}, node_definition: iosv, x: 0, y: 0}]\nlinks: []`,
    ];
    for (const body of bad) {
      const answer = await call(sim, 'POST', '/import', {
        token,
        body,
        contentType: 'application/x-yaml',
      });
      expect(describe400(answer)).toMatch(/^Import failed/);
    }
    const longTitle = await call(sim, 'POST', `/import?title=${'t'.repeat(65)}`, {
      token,
      body: topology([]),
      contentType: 'application/x-yaml',
    });
    expect(longTitle.status).toBe(400);
    expect(sim.labs()).toHaveLength(0);
  });

  it('answers 400 for a malformed lab id and 404 "Lab not found" for an unknown one', async () => {
    const { sim } = await start();
    const token = await login(sim);
    expect((await call(sim, 'GET', '/labs/not-a-uuid', { token })).status).toBe(400);
    const missing = await call(sim, 'GET', '/labs/5b3c1a52-9a0e-4c1e-8f7d-2a9b6c4d1e0f', { token });
    expect(missing).toMatchObject({ status: 404, body: { code: 404 } });
    expect((missing.body as CmlErrorBody).description).toMatch(/^Lab not found/);
  });

  it("lists only the caller's labs unless an admin asks with show_all", async () => {
    const { sim, client } = await start({
      users: [
        { username: 'admin', password: 'admin', admin: true },
        { username: 'student', password: 'pw', admin: false },
      ],
    });
    const { id } = await client.importLab({ yaml: topology([]) });
    const student = await login(sim, 'student', 'pw');
    expect((await call(sim, 'GET', '/labs?show_all=true', { token: student })).body).toEqual([]);
    const admin = await login(sim);
    expect((await call(sim, 'GET', '/labs', { token: admin })).body).toEqual([id]);
  });

  it('fails a registration whose token Smart Licensing refuses, naming the token', async () => {
    const { clock, client } = await start({ license: { registered: false } });
    await client.registerLicense({ token: 'invalid-token' });
    expect((await client.licensing()).registration.status).toBe('IN_PROGRESS');
    await clock.advance(10_000);
    const status = await client.licensing();
    expect(status.registration.status).toBe('FAILED');
    expect(status.registration.register_time.failure).toContain("'invalid-token' is not valid");
    expect(status.authorization.status).toBe('EVAL');
  });

  it('refuses hardware changes on a started node but accepts tag changes', async () => {
    const { sim, client } = await start();
    const { id } = await client.importLab({
      yaml: topology([{ definition: 'iosv', tags: ['a'] }]),
    });
    await client.startLab(id);
    const [node] = await client.listNodes(id);
    const token = await login(sim);
    const patch = (body: unknown) =>
      call(sim, 'PATCH', `/labs/${id}/nodes/${node?.id ?? ''}`, {
        token,
        body: JSON.stringify(body),
        contentType: 'application/json',
      });
    expect((await patch({ ram: 4096 })).status).toBe(400);
    expect((await patch({ unknown_field: 1 })).status).toBe(400);
    expect(await patch({ tags: ['b', 'c'] })).toMatchObject({ status: 200, body: node?.id });
    expect((await client.listNodes(id))[0]?.tags).toEqual(['b', 'c']);
  });
});
