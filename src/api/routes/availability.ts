/**
 * `GET /apis/lcm/v1/namespaces/{ns}/reservations/availability?definition=&start=&end=`: how many
 * seats of a definition fit in a window, now and with the scale-up the limits allow.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { resolveDefinition } from '../../admission/resolve-definition.js';
import type { ResourceClient } from '../../client/resource-client.js';
import { InvalidError } from '../../errors/index.js';
import type { LabletSession } from '../../resources/kinds/lablet-session.js';
import type { Reservation } from '../../resources/kinds/reservation.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { WorkerTemplate } from '../../resources/kinds/worker-template.js';
import type { LabletDefinition } from '../../resources/kinds/lablet-definition.js';
import { computeAvailability } from '../../controllers/reservations/availability.js';
import { API_BASE } from '../resource-paths.js';
import { AnyObject, ERROR_RESPONSES, NamespaceParam } from '../schemas/common-schemas.js';

const AvailabilityQuery = Type.Object(
  {
    definition: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'name' })),
    family: Type.Optional(Type.String({ minLength: 1, maxLength: 253 })),
    version: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'semver range' }),
    ),
    start: Type.String({ format: 'date-time' }),
    end: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

export async function availabilityRoutes(
  app: FastifyInstance,
  options: { reader: Pick<ResourceClient, 'get' | 'list'>; maxWorkersPerRegion: number },
): Promise<void> {
  const { reader } = options;
  app.get(
    `${API_BASE}/namespaces/:namespace/reservations/availability`,
    {
      schema: {
        tags: ['Reservation'],
        summary: 'Seats of a definition that fit in a window, now and with scale-up',
        params: Type.Object({ namespace: NamespaceParam }),
        querystring: AvailabilityQuery,
        response: { 200: AnyObject, ...ERROR_RESPONSES },
      },
      config: { access: { kind: 'Reservation', verb: 'create' } },
    },
    async (request) => {
      const { namespace } = request.params as { namespace: string };
      const query = request.query as Static<typeof AvailabilityQuery>;
      const window = { start: new Date(query.start), end: new Date(query.end) };
      if (window.end <= window.start)
        throw new InvalidError('end must be after start', {
          details: { field: 'querystring.end' },
        });
      const reference = query.definition
        ? { name: query.definition }
        : {
            ...(query.family ? { family: query.family } : {}),
            ...(query.version ? { version: query.version } : {}),
          };
      const definition = await resolveDefinition(reference, namespace, reader);
      const requirement = definition.spec.resources;
      if (!requirement)
        throw new InvalidError(
          `definition ${definition.metadata.name} declares no resources, so seats cannot be counted`,
          { details: { field: 'definition' } },
        );
      const [workers, templates, sessions, definitions, reservations] = await Promise.all(
        ['Worker', 'WorkerTemplate', 'LabletSession', 'LabletDefinition', 'Reservation'].map(
          async (kind) => (await reader.list(kind)).items,
        ),
      );
      const byName = new Map(
        (definitions as unknown as LabletDefinition[]).map((each) => [
          `${each.metadata.namespace ?? ''}/${each.metadata.name}`,
          each.spec.resources,
        ]),
      );
      const availability = computeAvailability({
        requirement,
        window,
        workers: workers as unknown as Worker[],
        templates: templates as unknown as WorkerTemplate[],
        sessions: sessions as unknown as LabletSession[],
        reservations: reservations as unknown as Reservation[],
        requirementOf: (session) =>
          byName.get(`${session.metadata.namespace ?? ''}/${session.spec.definition.name ?? ''}`),
        maxWorkersPerRegion: options.maxWorkersPerRegion,
      });
      return {
        apiVersion: 'lcm/v1',
        kind: 'ReservationAvailability',
        definition: { name: definition.metadata.name, version: definition.spec.version },
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        requirement,
        ...availability,
      };
    },
  );
}
