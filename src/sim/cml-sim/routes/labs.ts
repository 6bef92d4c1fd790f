/**
 * cml-sim lab routes: list (`show_all`), `POST /import` (YAML or JSON text), read, state, start,
 * stop, wipe, delete, `check_if_converged`, `lab_element_state`, and the activity events
 * (`/labs/{id}/events`, `/telemetry/events`).
 */
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { parseTopology } from '../parse-topology.js';
import { renderElementState, renderLab } from '../render-lab.js';
import { LAB_PARAMS, sendJsonString, type SimContext } from '../sim-context.js';

interface LabParams {
  labId: string;
}

/** Imports may be large topologies (configurations included). */
const IMPORT_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export async function labsRoutes(app: FastifyInstance, ctx: SimContext): Promise<void> {
  app.get<{ Querystring: { show_all?: boolean } }>(
    '/labs',
    {
      schema: { querystring: { type: 'object', properties: { show_all: { type: 'boolean' } } } },
    },
    async (request) => {
      const user = ctx.auth.verify(request.headers.authorization);
      const everyone = request.query.show_all === true && user.admin;
      return ctx.labs
        .all()
        .filter((lab) => everyone || lab.owner.id === user.id)
        .map((lab) => lab.id);
    },
  );

  app.post<{ Querystring: { title?: string }; Body: unknown }>(
    '/import',
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      schema: {
        querystring: {
          type: 'object',
          properties: { title: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        // The topology as text (YAML/JSON) or, sent as application/json, already parsed.
        body: { type: ['string', 'object'] },
      },
    },
    async (request) => {
      const user = ctx.auth.verify(request.headers.authorization);
      const text = typeof request.body === 'string' ? request.body : stringify(request.body);
      const lab = ctx.labs.import(parseTopology(text), user, request.query.title);
      return { id: lab.id, warnings: [] };
    },
  );

  app.get<{ Params: LabParams }>(
    '/labs/:labId',
    { schema: { params: LAB_PARAMS } },
    async (request) => renderLab(ctx.labs.get(request.params.labId)),
  );

  app.get<{ Params: LabParams }>(
    '/labs/:labId/state',
    { schema: { params: LAB_PARAMS } },
    async (request, reply) => sendJsonString(reply, ctx.labs.get(request.params.labId).state),
  );

  const transitions = { start: 'start', stop: 'stop', wipe: 'wipe' } as const;
  for (const action of Object.values(transitions))
    app.put<{ Params: LabParams }>(
      `/labs/:labId/${action}`,
      { schema: { params: LAB_PARAMS } },
      async (request, reply) => {
        ctx.labs[action](request.params.labId);
        return reply.code(204).send();
      },
    );

  app.delete<{ Params: LabParams }>(
    '/labs/:labId',
    { schema: { params: LAB_PARAMS } },
    async (request, reply) => {
      ctx.labs.delete(request.params.labId);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: LabParams }>(
    '/labs/:labId/check_if_converged',
    { schema: { params: LAB_PARAMS } },
    async (request) => ctx.labs.isConverged(ctx.labs.get(request.params.labId)),
  );

  app.get<{ Params: LabParams }>(
    '/labs/:labId/events',
    { schema: { params: LAB_PARAMS } },
    async (request) => ctx.labs.eventsOf(request.params.labId),
  );

  app.get('/telemetry/events', async () => ctx.labs.allEvents());

  app.get<{ Params: LabParams }>(
    '/labs/:labId/lab_element_state',
    { schema: { params: LAB_PARAMS } },
    async (request) => renderElementState(ctx.labs, ctx.labs.get(request.params.labId)),
  );
}
