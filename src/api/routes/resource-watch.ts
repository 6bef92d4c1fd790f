/**
 * `?watch=1` on a collection: newline-delimited JSON events (`{ type, object }`) from the store's
 * event log, starting after `resourceVersion`, with BOOKMARKs carrying the revision reached. A
 * compacted start is a plain 410 response; a compaction during the stream ends it with an ERROR
 * line holding the 410 status, so the client relists either way.
 */
import type { Static } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResourceClient, Watch, WatchEvent } from '../../client/resource-client.js';
import { isLcmError, toStatusBody } from '../../errors/index.js';
import type { ListQuery } from '../schemas/common-schemas.js';

/** Open streams, ended when the server closes so shutdown never waits on a client. */
export class WatchStreams {
  readonly #open = new Set<() => void>();

  add(end: () => void): () => void {
    this.#open.add(end);
    return () => this.#open.delete(end);
  }

  closeAll(): void {
    for (const end of [...this.#open]) end();
  }
}

export async function streamWatch(options: {
  request: FastifyRequest;
  reply: FastifyReply;
  client: ResourceClient;
  kind: string | readonly string[];
  namespace: string | undefined;
  query: Static<typeof ListQuery>;
  streams: WatchStreams;
}): Promise<FastifyReply> {
  const { request, reply, query } = options;
  const watch: Watch = await options.client.watch(options.kind, {
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(query.resourceVersion !== undefined
      ? { sinceRevision: Number(query.resourceVersion) }
      : {}),
  });
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'application/x-ndjson',
    'cache-control': 'no-cache',
    'x-request-id': request.id,
  });
  // Send the status now: a quiet watch would otherwise hold it back until its first line.
  raw.flushHeaders();
  const end = () => {
    watch.close();
    if (!raw.writableEnded) raw.end();
  };
  const forget = options.streams.add(end);
  request.raw.on('close', end);
  try {
    for await (const event of watch) {
      const line = `${JSON.stringify(toWatchLine(event))}\n`;
      if (!raw.write(line)) await new Promise((resolve) => raw.once('drain', resolve));
    }
  } catch (error) {
    if (!raw.writableEnded) {
      const status = isLcmError(error)
        ? toStatusBody(error)
        : { code: 500, reason: 'InternalError', message: 'watch failed' };
      if (!isLcmError(error)) request.log.error({ err: error }, 'watch failed');
      raw.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    }
  } finally {
    forget();
    end();
  }
  return reply;
}

/** The wire shape of one event; a BOOKMARK carries only `metadata.resourceVersion`. */
export function toWatchLine(event: WatchEvent): { type: string; object: unknown } {
  if (event.type === 'BOOKMARK')
    return { type: 'BOOKMARK', object: { metadata: { resourceVersion: String(event.revision) } } };
  // A deleted object's last resourceVersion predates its deletion; the line carries the event's.
  const revision = String(event.revision);
  return {
    type: event.type,
    object: { ...event.object, metadata: { ...event.object.metadata, resourceVersion: revision } },
  };
}
