/**
 * The placement engine's contract (SPEC.md "Scheduling"): what it is given — one pending session,
 * its pinned definition and a snapshot of the fleet — and what it answers: bind, scale up, or
 * wait, with every worker's verdict so `explain` can show why. Pure data; no I/O.
 */
import type { Quantity } from '../../resources/kinds/common-schemas.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';

/** A reusable lab on a worker: a Wiped LabRecord of some definition (by topology hash). */
export interface ReusableLab {
  worker: string;
  labRecord: string;
  /** The definition's `status.topologyHash` the lab was imported from. */
  topologyHash: string;
}

export interface PlacementRequest {
  session: LabletSession;
  /** The pinned definition, with `spec.resources` and `status.portTemplate` derived. */
  definition: LabletDefinition;
  /** Every Worker (any phase); the engine filters. */
  workers: readonly Worker[];
  /** Every WorkerTemplate (for scale-up and each worker's port range and licence type). */
  templates: readonly WorkerTemplate[];
  reusableLabs: readonly ReusableLab[];
  /** "Now", for the stays-up-for-the-timeslot filter. */
  now: Date;
}

/** Why a worker was passed over; each is a stable machine reason with a readable message. */
export type RejectionReason =
  | 'NotRunning'
  | 'Cordoned'
  | 'Draining'
  | 'LicenseTier'
  | 'CmlVersion'
  | 'NodeDefinitions'
  | 'InsufficientCpu'
  | 'InsufficientMemory'
  | 'InsufficientStorage'
  | 'InsufficientNodes'
  | 'InsufficientPorts'
  | 'LicenseNodeLimit'
  | 'WillNotStayUp';

export interface ScoreBreakdown {
  /** 1 when a reusable wiped lab of the definition is on the worker, else 0. Compared first. */
  reusableLab: number;
  /** Share of the worker's declared capacity allocated after this bind (0–1); higher first. */
  packing: number;
  /** Template cost per hour; lower first. */
  costPerHour: number;
}

export type WorkerVerdict =
  | { worker: string; fits: false; reason: RejectionReason; message: string }
  | { worker: string; fits: true; score: ScoreBreakdown };

/** One port for one port-template entry: lowest free ports of the worker's range. */
export interface PortAssignment {
  name: string;
  protocol: string;
  port: number;
}

export type PlacementDecision =
  | {
      result: 'Bind';
      worker: string;
      ports: PortAssignment[];
      /** The LabRecord to reuse, when the winning worker has one. */
      reuseLab?: string;
      requirement: Quantity;
      verdicts: WorkerVerdict[];
    }
  | {
      result: 'ScaleUp';
      template: string;
      region: string;
      reason: string;
      verdicts: WorkerVerdict[];
    }
  | { result: 'Wait'; reason: string; verdicts: WorkerVerdict[] };
