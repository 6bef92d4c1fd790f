/**
 * What every cml-sim route module receives: the worker's state (auth, labs, licensing), its clock
 * and its fixed host facts.
 */
import type { FastifyReply } from 'fastify';
import type { Clock } from '../../clock/index.js';
import type { SimAuth } from './sim-auth.js';
import type { SimLabs } from './sim-labs.js';
import type { SimLicensing } from './sim-licensing.js';

/** The simulated host's size. */
export interface CmlSimResources {
  /** @default 16 */
  cpuCount?: number;
  /** @default 64 GiB */
  memoryBytes?: number;
  /** @default 512 GiB */
  diskBytes?: number;
}

export interface SimContext {
  clock: Clock;
  auth: SimAuth;
  labs: SimLabs;
  licensing: SimLicensing;
  hostname: string;
  version: string;
  /** The single (all-in-one) compute's uuid. */
  computeId: string;
  resources: Required<CmlSimResources>;
}

/** Sends a JSON string body (CML's token and lab state answers); Fastify sends bare strings as text. */
export function sendJsonString(reply: FastifyReply, value: string): FastifyReply {
  return reply.type('application/json').send(JSON.stringify(value));
}

/** CML's lab and node ids are UUID4 (OpenAPI path pattern). */
export const UUID_PATTERN = '^[\\da-f]{8}-[\\da-f]{4}-4[\\da-f]{3}-[89ab][\\da-f]{3}-[\\da-f]{12}$';

export const LAB_PARAMS = {
  type: 'object',
  required: ['labId'],
  properties: { labId: { type: 'string', pattern: UUID_PATTERN } },
} as const;

export const NODE_PARAMS = {
  type: 'object',
  required: ['labId', 'nodeId'],
  properties: {
    labId: { type: 'string', pattern: UUID_PATTERN },
    nodeId: { type: 'string', pattern: UUID_PATTERN },
  },
} as const;
