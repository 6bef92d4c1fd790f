/**
 * How long each node definition takes to boot in cml-sim and what it consumes: a cold boot (first
 * start of the node after import) and a warm one (any later start, including after a wipe).
 */

export interface NodeProfile {
  /** First boot after import, before scaling by `timeScale`. */
  coldBootMs: number;
  /** Every later boot (resume of a stopped node, restart of a wiped one). */
  warmBootMs: number;
  /** Defaults when the topology leaves `cpus` / `ram` null. */
  cpus: number;
  ramMiB: number;
  /** Counts against the node licence (CML does not count switches and connectors). */
  licensed: boolean;
}

const ROUTER: NodeProfile = {
  coldBootMs: 90_000,
  warmBootMs: 20_000,
  cpus: 1,
  ramMiB: 1024,
  licensed: true,
};

/** Used for definitions missing from the table. */
export const DEFAULT_NODE_PROFILE: NodeProfile = ROUTER;

/** Built-in profiles; `startCmlSim({ nodeProfiles })` adds or overrides entries. */
export const DEFAULT_NODE_PROFILES: Readonly<Record<string, NodeProfile>> = {
  iosv: { ...ROUTER, ramMiB: 512 },
  iosvl2: { ...ROUTER, ramMiB: 768 },
  csr1000v: { ...ROUTER, ramMiB: 3072 },
  cat8000v: { ...ROUTER, ramMiB: 4096 },
  iosxrv9000: { ...ROUTER, cpus: 4, ramMiB: 16384 },
  nxosv9000: { ...ROUTER, cpus: 2, ramMiB: 8192 },
  ubuntu: { coldBootMs: 45_000, warmBootMs: 10_000, cpus: 1, ramMiB: 2048, licensed: true },
  desktop: { coldBootMs: 45_000, warmBootMs: 10_000, cpus: 1, ramMiB: 2048, licensed: true },
  server: { coldBootMs: 15_000, warmBootMs: 5_000, cpus: 1, ramMiB: 256, licensed: true },
  alpine: { coldBootMs: 15_000, warmBootMs: 5_000, cpus: 1, ramMiB: 512, licensed: true },
  unmanaged_switch: { coldBootMs: 2_000, warmBootMs: 1_000, cpus: 0, ramMiB: 0, licensed: false },
  external_connector: { coldBootMs: 2_000, warmBootMs: 1_000, cpus: 0, ramMiB: 0, licensed: false },
};
