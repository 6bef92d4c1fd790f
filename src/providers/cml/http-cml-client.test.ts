/** Runs the CmlClient contract against the real HttpCmlClient talking HTTP to cml-sim on loopback. */
import { ManualClock } from '../../clock/index.js';
import { startCmlSim } from '../../sim/cml-sim/cml-sim.js';
import { describeCmlClientContract } from './cml-client.contract.js';
import type { CmlContractWorld } from './cml-contract-world.js';
import { HttpCmlClient } from './http-cml-client.js';

async function openSimWorld(): Promise<CmlContractWorld> {
  const clock = new ManualClock();
  const sim = await startCmlSim({
    clock,
    users: [{ username: 'lcm', password: 'secret', admin: true }],
    license: { registered: false },
  });
  const clients: HttpCmlClient[] = [];
  const control = async (path: string, body: unknown): Promise<void> => {
    const response = await fetch(`${sim.url}${path}`, {
      method: path === '/_sim/faults' ? 'PUT' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.text();
    if (!response.ok) throw new Error(`cml-sim control ${path} answered ${response.status}`);
  };
  return {
    createClient: (overrides = {}) => {
      const client = new HttpCmlClient({
        baseUrl: sim.url,
        username: 'lcm',
        password: overrides.password ?? 'secret',
        timeoutMs: overrides.timeoutMs ?? 5_000,
      });
      clients.push(client);
      return client;
    },
    advanceMs: (ms) => clock.advance(ms),
    nowMs: () => clock.nowMs(),
    controls: {
      expireTokens: () => control('/_sim/tokens/expire', {}),
      authenticationCount: () => sim.authenticationCount(),
      failNext: (fault) => control('/_sim/faults/fail-next', fault),
      hang: () => control('/_sim/faults', { hang: true }),
    },
    close: async () => {
      await sim.stop();
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

describeCmlClientContract('HttpCmlClient against cml-sim', {
  open: openSimWorld,
  licenseToken: 'c2ltdWxhdGVkLXRva2Vu',
});
