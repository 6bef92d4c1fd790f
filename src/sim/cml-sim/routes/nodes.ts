/**
 * cml-sim node routes: list (ids, or objects with `data=true`), read, state, `PATCH` (tags replace
 * the list; hardware only while DEFINED_ON_CORE) and `find_all/node/tag/{tag}`.
 */
import type { FastifyInstance } from 'fastify';
import { renderNode } from '../render-lab.js';
import { LAB_PARAMS, NODE_PARAMS, sendJsonString, type SimContext } from '../sim-context.js';

interface NodeParams {
  labId: string;
  nodeId: string;
}

/** The NodeUpdate fields cml-sim applies; others CML knows are accepted and ignored. */
interface NodeUpdate {
  label?: string;
  x?: number;
  y?: number;
  tags?: string[];
  configuration?: unknown;
  cpus?: number | null;
  ram?: number | null;
  boot_disk_size?: number | null;
}

const NODE_UPDATE = {
  type: 'object',
  additionalProperties: false,
  properties: {
    label: { type: 'string', minLength: 1, maxLength: 128 },
    x: { type: 'integer', minimum: -15000, maximum: 15000 },
    y: { type: 'integer', minimum: -15000, maximum: 15000 },
    tags: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 64 } },
    configuration: {},
    parameters: { type: 'object' },
    image_definition: { type: ['string', 'null'] },
    cpus: { type: ['integer', 'null'], minimum: 1, maximum: 128 },
    ram: { type: ['integer', 'null'], minimum: 1 },
    cpu_limit: { type: ['integer', 'null'], minimum: 20, maximum: 100 },
    data_volume: { type: ['integer', 'null'], minimum: 0 },
    boot_disk_size: { type: ['integer', 'null'], minimum: 0 },
    hide_links: { type: 'boolean' },
    pinned_compute_id: { type: ['string', 'null'] },
  },
} as const;

const HARDWARE_FIELDS = [
  'image_definition',
  'cpus',
  'ram',
  'cpu_limit',
  'data_volume',
  'boot_disk_size',
] as const;

export async function nodesRoutes(app: FastifyInstance, ctx: SimContext): Promise<void> {
  app.get<{ Params: { labId: string }; Querystring: { data?: boolean } }>(
    '/labs/:labId/nodes',
    {
      schema: {
        params: LAB_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            data: { type: 'boolean' },
            operational: { type: 'boolean' },
            exclude_configurations: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => {
      const lab = ctx.labs.get(request.params.labId);
      if (request.query.data !== true) return lab.nodes.map((node) => node.id);
      return lab.nodes.map((node) => renderNode(ctx.labs, lab, node, ctx.computeId));
    },
  );

  app.get<{ Params: NodeParams }>(
    '/labs/:labId/nodes/:nodeId',
    { schema: { params: NODE_PARAMS } },
    async (request) => {
      const { labId, nodeId } = request.params;
      const node = ctx.labs.node(labId, nodeId, 400);
      return renderNode(ctx.labs, ctx.labs.get(labId), node, ctx.computeId);
    },
  );

  app.get<{ Params: NodeParams }>(
    '/labs/:labId/nodes/:nodeId/state',
    { schema: { params: NODE_PARAMS } },
    async (request) => {
      const node = ctx.labs.node(request.params.labId, request.params.nodeId, 404);
      const state = ctx.labs.nodeState(node);
      return {
        state,
        progress: state === 'BOOTED' ? 'Booted' : state === 'STARTED' ? 'Booting' : 'Not running',
      };
    },
  );

  app.patch<{ Params: NodeParams; Body: NodeUpdate }>(
    '/labs/:labId/nodes/:nodeId',
    { schema: { params: NODE_PARAMS, body: NODE_UPDATE } },
    async (request, reply) => {
      const { labId, nodeId } = request.params;
      const update = request.body;
      const node = HARDWARE_FIELDS.some((field) => field in update)
        ? ctx.labs.assertHardwareEditable(labId, nodeId)
        : ctx.labs.node(labId, nodeId, 404);
      if (update.tags) ctx.labs.setTags(labId, nodeId, update.tags);
      if (update.label !== undefined) node.label = update.label;
      if (update.x !== undefined) node.x = update.x;
      if (update.y !== undefined) node.y = update.y;
      if (update.configuration !== undefined) node.configuration = update.configuration;
      if (update.cpus !== undefined) node.cpus = update.cpus;
      if (update.ram !== undefined) node.ram = update.ram;
      if (update.boot_disk_size !== undefined) node.bootDiskSize = update.boot_disk_size;
      return sendJsonString(reply, node.id);
    },
  );

  app.get<{ Params: { labId: string; tag: string } }>(
    '/labs/:labId/find_all/node/tag/:tag',
    {
      schema: {
        params: {
          type: 'object',
          required: ['labId', 'tag'],
          properties: { ...LAB_PARAMS.properties, tag: { type: 'string', minLength: 1 } },
        },
      },
    },
    async (request) =>
      ctx.labs
        .get(request.params.labId)
        .nodes.filter((node) => node.tags.includes(request.params.tag))
        .map((node) => node.id),
  );
}
