/**
 * The labs of one simulated CML worker and their state machine: import, start (node boots on the
 * injected clock, scaled), stop, wipe, delete with CML's ordering rules, and node tag updates.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock/index.js';
import type { CmlLabEvent, CmlLabState, CmlNodeState } from '../../providers/cml/cml-wire-types.js';
import { CmlSimError } from './cml-sim-error.js';
import { DEFAULT_NODE_PROFILE, type NodeProfile } from './node-profiles.js';
import type { ParsedInterface, ParsedNode, ParsedTopology } from './parse-topology.js';
import type { SimUser } from './sim-auth.js';

/** Share of a boot spent QUEUED (waiting for the launch queue) before the VM runs. */
const QUEUED_SHARE = 0.1;

/** Where a node's VM is; its CML state is derived from this and the clock. */
type NodeRun =
  | { kind: 'defined' }
  | { kind: 'stopped' }
  | { kind: 'running'; startedAtMs: number; bootedAtMs: number };

export interface SimInterface extends ParsedInterface {
  id: string;
}

export interface SimNode extends Omit<ParsedNode, 'interfaces'> {
  id: string;
  interfaces: SimInterface[];
  profile: NodeProfile;
  run: NodeRun;
  /** True once the node reached BOOTED: later boots are warm. */
  bootedOnce: boolean;
}

export interface SimLink {
  id: string;
  label: string;
  nodeA: SimNode;
  ifaceA: SimInterface;
  nodeB: SimNode;
  ifaceB: SimInterface;
}

export interface SimLab {
  id: string;
  title: string;
  description: string;
  notes: string;
  owner: SimUser;
  createdMs: number;
  modifiedMs: number;
  state: CmlLabState;
  nodes: SimNode[];
  links: SimLink[];
}

export interface SimLabsOptions {
  clock: Clock;
  /** Multiplies every boot duration (0.01 = 100× faster). */
  timeScale: number;
  profiles: Readonly<Record<string, NodeProfile>>;
  /** The node licence limit right now. */
  nodeLimit: () => number;
}

export class SimLabs {
  readonly #clock: Clock;
  readonly #timeScale: number;
  readonly #profiles: Readonly<Record<string, NodeProfile>>;
  readonly #nodeLimit: () => number;
  readonly #labs = new Map<string, SimLab>();
  /** Activity, oldest first; kept after a lab's deletion, as CML's telemetry keeps it. */
  readonly #events: CmlLabEvent[] = [];

  constructor(options: SimLabsOptions) {
    this.#clock = options.clock;
    this.#timeScale = options.timeScale;
    this.#profiles = options.profiles;
    this.#nodeLimit = options.nodeLimit;
  }

  all(): SimLab[] {
    return [...this.#labs.values()];
  }

  /** The lab, or CML's 404 `Lab not found: <id>`. */
  get(labId: string): SimLab {
    const lab = this.#labs.get(labId);
    if (!lab) throw new CmlSimError(404, `Lab not found: ${labId}`);
    return lab;
  }

  /** The node; `missingStatus` is 400 for GET (as CML answers) and 404 for PATCH. */
  node(labId: string, nodeId: string, missingStatus: 400 | 404): SimNode {
    const node = this.get(labId).nodes.find((candidate) => candidate.id === nodeId);
    if (!node) throw new CmlSimError(missingStatus, `Node not found: ${nodeId}`);
    return node;
  }

  import(topology: ParsedTopology, owner: SimUser, titleOverride: string | undefined): SimLab {
    const nowMs = this.#clock.nowMs();
    const nodes: SimNode[] = topology.nodes.map((node) => ({
      ...node,
      id: randomUUID(),
      interfaces: node.interfaces.map((iface) => ({ ...iface, id: randomUUID() })),
      profile: this.#profiles[node.nodeDefinition] ?? DEFAULT_NODE_PROFILE,
      run: { kind: 'defined' },
      bootedOnce: false,
    }));
    const links = topology.links.map((link): SimLink => {
      const nodeA = nodes[link.a.node];
      const nodeB = nodes[link.b.node];
      const ifaceA = nodeA?.interfaces[link.a.iface];
      const ifaceB = nodeB?.interfaces[link.b.iface];
      if (!nodeA || !nodeB || !ifaceA || !ifaceB)
        throw new CmlSimError(400, `Import failed: link ${link.localId} is dangling`);
      return { id: randomUUID(), label: link.label, nodeA, ifaceA, nodeB, ifaceB };
    });
    const lab: SimLab = {
      id: randomUUID(),
      title: titleOverride ?? topology.title ?? `Lab at ${this.#clock.now().toISOString()}`,
      description: topology.description,
      notes: topology.notes,
      owner,
      createdMs: nowMs,
      modifiedMs: nowMs,
      state: 'DEFINED_ON_CORE',
      nodes,
      links,
    };
    this.#labs.set(lab.id, lab);
    this.#record(lab.id, {
      event_type: 'lab_event',
      event: 'created',
      data: { lab_title: lab.title },
    });
    return lab;
  }

  /** `PUT /labs/{id}/start`: a no-op when started; 400 "Cannot start lab" beyond the licence. */
  start(labId: string): void {
    const lab = this.get(labId);
    if (lab.state === 'STARTED') return;
    const needed = lab.nodes.filter((node) => node.profile.licensed).length;
    const limit = this.#nodeLimit();
    const inUse = this.licensedNodesRunning();
    if (inUse + needed > limit)
      throw new CmlSimError(
        400,
        `Cannot start lab: the node licence allows ${limit} running nodes, ${inUse} are running and the lab needs ${needed}.`,
      );
    const nowMs = this.#clock.nowMs();
    for (const node of lab.nodes) {
      const bootMs =
        (node.bootedOnce ? node.profile.warmBootMs : node.profile.coldBootMs) * this.#timeScale;
      node.run = {
        kind: 'running',
        startedAtMs: nowMs + Math.round(bootMs * QUEUED_SHARE),
        bootedAtMs: nowMs + Math.round(bootMs),
      };
    }
    this.#setState(lab, 'STARTED');
  }

  /** `PUT /labs/{id}/stop`: every node STOPPED at once (disks kept); a no-op unless started. */
  stop(labId: string): void {
    const lab = this.get(labId);
    if (lab.state !== 'STARTED') return;
    for (const node of lab.nodes) {
      if (this.nodeState(node) === 'BOOTED') node.bootedOnce = true;
      node.run = { kind: 'stopped' };
    }
    this.#setState(lab, 'STOPPED');
  }

  /** `PUT /labs/{id}/wipe`: STOPPED → DEFINED_ON_CORE; 400 while started. */
  wipe(labId: string): void {
    const lab = this.get(labId);
    if (lab.state === 'STARTED')
      throw new CmlSimError(
        400,
        `Lab ${labId} is running; the lab must be stopped before it can be wiped.`,
      );
    for (const node of lab.nodes) node.run = { kind: 'defined' };
    if (lab.state !== 'DEFINED_ON_CORE') this.#setState(lab, 'DEFINED_ON_CORE');
  }

  /** `DELETE /labs/{id}`: only a wiped (DEFINED_ON_CORE) lab; 400 otherwise. */
  delete(labId: string): void {
    const lab = this.get(labId);
    if (lab.state !== 'DEFINED_ON_CORE')
      throw new CmlSimError(
        400,
        `Lab ${labId} is ${lab.state}; it must be stopped and wiped before it can be deleted.`,
      );
    this.#labs.delete(labId);
    this.#record(labId, { event_type: 'lab_event', event: 'deleted', data: {} });
  }

  /** `PATCH …/nodes/{id}` with `tags`: replaces the whole list, in any state. */
  setTags(labId: string, nodeId: string, tags: string[]): void {
    const node = this.node(labId, nodeId, 404);
    node.tags = [...tags];
    this.#record(labId, {
      event_type: 'lab_element_event',
      element_type: 'node',
      element_id: nodeId,
      event: 'modified',
      data: { tags: node.tags },
    });
    this.get(labId).modifiedMs = this.#clock.nowMs();
  }

  /** `PATCH` of hardware fields: CML allows them only while the node is DEFINED_ON_CORE. */
  assertHardwareEditable(labId: string, nodeId: string): SimNode {
    const node = this.node(labId, nodeId, 404);
    if (node.run.kind !== 'defined')
      throw new CmlSimError(400, `Node ${nodeId} must be wiped before its hardware can change.`);
    return node;
  }

  nodeState(node: SimNode): CmlNodeState {
    const { run } = node;
    if (run.kind === 'defined') return 'DEFINED_ON_CORE';
    if (run.kind === 'stopped') return 'STOPPED';
    const nowMs = this.#clock.nowMs();
    if (nowMs < run.startedAtMs) return 'QUEUED';
    return nowMs < run.bootedAtMs ? 'STARTED' : 'BOOTED';
  }

  /** True when no node is still on its way (QUEUED or STARTED). */
  isConverged(lab: SimLab): boolean {
    return lab.nodes.every((node) => {
      const state = this.nodeState(node);
      return state !== 'QUEUED' && state !== 'STARTED';
    });
  }

  /** Nodes whose VM runs (STARTED or BOOTED), every lab. */
  runningNodes(): SimNode[] {
    return this.all().flatMap((lab) =>
      lab.nodes.filter((node) => {
        const state = this.nodeState(node);
        return state === 'STARTED' || state === 'BOOTED';
      }),
    );
  }

  /** Licensed nodes holding a licence seat (QUEUED, STARTED or BOOTED), every lab. */
  licensedNodesRunning(): number {
    return this.all()
      .flatMap((lab) => lab.nodes)
      .filter((node) => node.profile.licensed && node.run.kind === 'running').length;
  }

  /** Activity of one lab (`GET /labs/{id}/events`); NotFound for an unknown lab. */
  eventsOf(labId: string): CmlLabEvent[] {
    this.get(labId);
    return this.#events.filter((event) => event.lab_id === labId);
  }

  /** Every event of the server (`GET /telemetry/events`). */
  allEvents(): CmlLabEvent[] {
    return [...this.#events];
  }

  #setState(lab: SimLab, state: CmlLabState): void {
    lab.state = state;
    lab.modifiedMs = this.#clock.nowMs();
    this.#record(lab.id, { event_type: 'lab_event', event: 'state', data: { state } });
  }

  #record(labId: string, event: Omit<CmlLabEvent, 'lab_id' | 'timestamp'>): void {
    this.#events.push({ ...event, lab_id: labId, timestamp: this.#clock.now().toISOString() });
  }
}
