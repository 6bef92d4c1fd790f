/**
 * What the CmlClient contract suite runs against: a per-test CML worker ("world") with optional
 * simulator controls, the suite's topology and its convergence wait.
 */
import type { TestContext } from 'vitest';
import type { CmlClient } from './cml-client.js';

/** Test-only levers a simulator offers and a real worker does not. */
export interface CmlContractControls {
  /** Makes every token the worker issued answer 401. */
  expireTokens(): Promise<void>;
  /** Successful authentications so far. */
  authenticationCount(): number;
  /** The next `count` requests matching method and path substring fail with `status`. */
  failNext(fault: { method: string; path: string; status: number; count?: number }): Promise<void>;
  /** Every later request gets no answer. */
  hang(): Promise<void>;
}

/** One CML worker for one test. */
export interface CmlContractWorld {
  /** A client of the worker (as an admin); `world.close()` closes it. */
  createClient(overrides?: { password?: string; timeoutMs?: number }): CmlClient;
  /** Lets worker time pass: ManualClock.advance for the sim, a real wait for a real worker. */
  advanceMs(ms: number): Promise<void>;
  /** The worker's current time, in ms. */
  nowMs(): number;
  /** Absent on a real worker: the tests that need them are skipped with a reason. */
  controls: CmlContractControls | undefined;
  /** Closes every client created and the worker. */
  close(): Promise<void>;
}

export interface CmlContractTarget {
  open(): Promise<CmlContractWorld>;
  /** A token that registers; absent → the licence test is skipped (never spend a real one). */
  licenseToken?: string;
}

/** A router and a host, each with a port tag; the router has a non-port tag too. */
export const CONTRACT_TOPOLOGY = `lab:
  version: 0.3.0
  title: lcm-contract
  description: CmlClient contract suite
  notes: ''
nodes:
  - id: n0
    label: r1
    node_definition: iosv
    x: 0
    y: 0
    tags: [serial:5000, group:core]
    interfaces:
      - {id: i0, label: GigabitEthernet0/0, slot: 0, type: physical}
  - id: n1
    label: pc
    node_definition: alpine
    x: 200
    y: 0
    tags: [serial:5001, vnc:5002]
    interfaces:
      - {id: i0, label: eth0, slot: 0, type: physical}
links:
  - {id: l0, n1: n0, i1: i0, n2: n1, i2: i0, label: r1-pc}
`;

/** Polls `check_if_converged` every 5 s of worker time; resolves with the time it took. */
export async function waitConverged(
  client: CmlClient,
  world: CmlContractWorld,
  labId: string,
): Promise<number> {
  const startMs = world.nowMs();
  for (let poll = 0; poll < 120; poll++) {
    if (await client.checkIfConverged(labId)) return world.nowMs() - startMs;
    await world.advanceMs(5_000);
  }
  throw new Error(`lab ${labId} did not converge within 10 minutes of worker time`);
}

/** The shared per-test world; `open()` gives each test a fresh worker. */
export interface CmlContractContext {
  open(): Promise<CmlContractWorld>;
  licenseToken: string | undefined;
}

/** Skips the running test, with the reason printed, when the world has no controls. */
export function requireControls(world: CmlContractWorld, test: TestContext): CmlContractControls {
  if (!world.controls) return test.skip('needs simulator controls, which a real CML worker lacks');
  return world.controls;
}
