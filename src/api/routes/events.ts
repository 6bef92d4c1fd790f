/** `POST /api/events`: CloudEvents from LDS and the grading engine (SPEC.md "Events"). */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { PSEUDO_KINDS } from '../../auth/index.js';
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { ACCEPTED_EVENT_TYPES } from '../events/event-types.js';
import { ingestEvent } from '../events/ingest-event.js';
import { parseCloudEvent } from '../events/parse-cloud-event.js';
import { principalOf } from '../plugins/authentication.js';
import type { RequestClients } from '../request-client.js';
import { ERROR_RESPONSES } from '../schemas/common-schemas.js';

export interface EventRoutesOptions {
  clients: RequestClients;
  /** Reads sessions and receipts whatever the caller may read (writes go through `clients`). */
  reader: Pick<ResourceClient, 'get' | 'list'>;
  clock: Clock;
}

const IngestResponse = Type.Object({
  status: Type.Union([Type.Literal('applied'), Type.Literal('duplicate'), Type.Literal('ignored')]),
  effect: Type.String(),
});

export async function eventRoutes(
  app: FastifyInstance,
  options: EventRoutesOptions,
): Promise<void> {
  // This plugin's scope only: every body reaches the CloudEvents parser as the raw text, whether
  // structured (application/cloudevents+json) or binary (the data's own type, usually JSON).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  app.post(
    '/api/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Ingest a CloudEvent (structured or binary mode)',
        description: `Accepted types: ${[...ACCEPTED_EVENT_TYPES.keys()].join(', ')}. Unknown types are 400; events for unknown sessions and redeliveries (same source and id) are accepted and change nothing.`,
        response: { 202: IngestResponse, ...ERROR_RESPONSES },
      },
      config: { access: { kind: PSEUDO_KINDS.cloudEvent, verb: 'create' } },
    },
    async (request, reply) => {
      const event = parseCloudEvent({
        headers: request.headers,
        body: typeof request.body === 'string' ? request.body : '',
      });
      const result = await ingestEvent({
        event,
        client: options.clients.for(request, 'ingest'),
        reader: options.reader,
        clock: options.clock,
        actor: principalOf(request).username,
        log: request.log,
      });
      return reply.code(202).send(result);
    },
  );
}
