/**
 * `GET /api/stream`: Server-Sent Events for the dashboard — a snapshot, then every change the
 * caller may see, each with `id:` = revision, resumable with `Last-Event-ID` (docs/api.md).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { authorize } from '../../auth/index.js';
import type { AuthorizedResourceClient } from '../../client/authorized-client.js';
import type { Clock } from '../../clock/index.js';
import { ForbiddenError, InvalidError, isLcmError, toStatusBody } from '../../errors/index.js';
import type { KindDefinition, KindRegistry } from '../../resources/index.js';
import { principalOf } from '../plugins/authentication.js';
import type { RequestClients } from '../request-client.js';
import { servedKinds } from '../resource-paths.js';
import { ERROR_RESPONSES, NamespaceParam } from '../schemas/common-schemas.js';
import { ChangeFeed } from './change-feed.js';
import type { WatchStreams } from './resource-watch.js';
import { SseConnection } from './sse-connection.js';

export interface StreamRoutesOptions {
  registry: KindRegistry;
  clients: RequestClients;
  /** Open streams, ended when the server closes. */
  watchStreams: WatchStreams;
  clock: Clock;
  /** Interval of the `: heartbeat` comment (`api.sseHeartbeatSeconds`). */
  heartbeatSeconds: number;
}

/** A store revision as sent in `id:`; 15 digits stay exact as a JavaScript number. */
const REVISION = /^[0-9]{1,15}$/;

const StreamQuery = Type.Object(
  {
    kinds: Type.Optional(
      Type.String({
        maxLength: 1024,
        description: 'Comma-separated kinds; default: every kind the caller may watch',
      }),
    ),
    namespace: Type.Optional(NamespaceParam),
    lastEventId: Type.Optional(
      Type.String({
        pattern: REVISION.source,
        description: 'The `Last-Event-ID` header, for clients that cannot set headers',
      }),
    ),
  },
  { additionalProperties: false },
);

export async function streamRoutes(app: FastifyInstance, options: StreamRoutesOptions) {
  const served = servedKinds(options.registry.list());
  app.get(
    '/api/stream',
    {
      schema: {
        tags: ['Stream'],
        summary:
          'Server-Sent Events: a snapshot, then every change you may see (text/event-stream)',
        querystring: StreamQuery,
        response: {
          200: {
            description: 'The stream; see docs/api.md "Server-Sent Events"',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          ...ERROR_RESPONSES,
        },
      },
      config: { access: 'authenticated' },
    },
    async (request, reply) => {
      const query = request.query as Static<typeof StreamQuery>;
      const client = options.clients.for(request);
      const kinds = resolveKinds(request, client, query, served);
      const lastEventId = lastEventIdOf(request, query);
      const feed = new ChangeFeed({
        client,
        kinds,
        ...(query.namespace ? { namespace: query.namespace } : {}),
        send: (message) => connection.send(message),
      });
      const connection = new SseConnection({
        reply,
        clock: options.clock,
        heartbeatMs: options.heartbeatSeconds * 1000,
        onEnd: () => feed.close(),
      });
      const forget = options.watchStreams.add(() => connection.end());
      try {
        await feed.run(lastEventId);
      } catch (error) {
        if (!isLcmError(error)) request.log.error({ err: error }, 'event stream failed');
        await connection.send({ event: 'failure', data: failureOf(error) });
      } finally {
        forget();
        connection.end();
      }
      return reply;
    },
  );
}

/**
 * The requested kinds, or every served kind the caller may watch (only namespaced ones when a
 * namespace is given). Throws `Invalid` naming `kinds`, or `Forbidden`.
 */
function resolveKinds(
  request: FastifyRequest,
  client: AuthorizedResourceClient,
  query: Static<typeof StreamQuery>,
  served: readonly KindDefinition[],
): string[] {
  if (query.kinds === undefined) {
    const principal = principalOf(request);
    const kinds = served
      .filter((kind) => !query.namespace || kind.scope === 'Namespaced')
      .map((kind) => kind.kind)
      .filter((kind) => authorize(principal, 'watch', kind).allowed);
    if (kinds.length === 0)
      throw new ForbiddenError(`${principal.username} may not watch any kind`, {
        details: { verb: 'watch' },
      });
    return kinds;
  }
  const kinds = [...new Set(query.kinds.split(',').map((kind) => kind.trim()))];
  const unknown = kinds.filter((kind) => !served.some((each) => each.kind === kind));
  if (unknown.length > 0)
    throw new InvalidError(
      `kinds: no served kind ${unknown.map((kind) => `"${kind}"`).join(', ')}; served: ${served.map((each) => each.kind).join(', ')}`,
      { details: { field: 'kinds' } },
    );
  for (const kind of kinds) client.check('watch', kind);
  return kinds;
}

/** `Last-Event-ID` (header, else the `lastEventId` query parameter) as a revision. */
function lastEventIdOf(
  request: FastifyRequest,
  query: Static<typeof StreamQuery>,
): number | undefined {
  const header = request.headers['last-event-id'];
  if (header === undefined)
    return query.lastEventId === undefined ? undefined : Number(query.lastEventId);
  if (typeof header !== 'string' || !REVISION.test(header))
    throw new InvalidError(
      'Last-Event-ID must be a revision: the id of an event this stream sent',
      {
        details: { field: 'Last-Event-ID' },
      },
    );
  return Number(header);
}

function failureOf(error: unknown) {
  return isLcmError(error)
    ? toStatusBody(error)
    : { code: 500, reason: 'InternalError', message: 'the event stream failed' };
}
