/**
 * What `/api/stream` sends, independent of the wire: a snapshot of each kind, then every later
 * change in one revision order, resumable from any id it sent; a compacted revision restarts it
 * with a `reset` and a fresh snapshot.
 */
import type { ResourceClient, Watch, WatchEvent } from '../../client/resource-client.js';
import { GoneError, hasReason, toStatusBody } from '../../errors/index.js';
import { toWatchLine } from './resource-watch.js';
import type { SseMessage } from './sse-connection.js';

export interface ChangeFeedOptions {
  /** The caller's client: lists and watches return only what the caller may see. */
  client: Pick<ResourceClient, 'list' | 'watch'>;
  /** At least one kind. */
  kinds: readonly string[];
  namespace?: string;
  /** Sends one message; resolves when the connection takes more. */
  send: (message: SseMessage) => Promise<void>;
}

export class ChangeFeed {
  readonly #options: ChangeFeedOptions;
  #watch: Watch | undefined;
  #closed = false;

  constructor(options: ChangeFeedOptions) {
    this.#options = options;
  }

  /**
   * Streams until `close()`: from `lastEventId` when given, else a snapshot first. A `Gone`
   * (the revision was compacted, at the start or later, or is newer than the store's) sends
   * `reset` and starts over with a snapshot. Other errors are thrown.
   */
  async run(lastEventId: number | undefined): Promise<void> {
    let resumeFrom = lastEventId;
    while (!this.#closed) {
      try {
        await this.#follow(resumeFrom);
        return;
      } catch (error) {
        if (!hasReason(error, 'Gone')) throw error;
        await this.#options.send({ event: 'reset', data: toStatusBody(error) });
        resumeFrom = undefined;
      }
    }
  }

  close(): void {
    this.#closed = true;
    this.#watch?.close();
  }

  async #follow(resumeFrom: number | undefined): Promise<void> {
    const { client, kinds, namespace } = this.#options;
    if (resumeFrom !== undefined) await this.#assertKnown(resumeFrom);
    const listedAt =
      resumeFrom === undefined ? await this.#sendSnapshot() : new Map<string, number>();
    const start = resumeFrom ?? Math.min(...listedAt.values());
    const watch = await client.watch(kinds, {
      sinceRevision: start,
      ...(namespace ? { namespace } : {}),
    });
    this.#watch = watch;
    if (this.#closed) watch.close();
    let lastId = start;
    for await (const event of watch) {
      if (event.revision <= lastId || isInSnapshot(event, listedAt)) continue;
      lastId = event.revision;
      await this.#options.send({
        event: event.type === 'BOOKMARK' ? 'bookmark' : event.type,
        id: event.revision,
        data: toWatchLine(event),
      });
    }
  }

  /**
   * A revision beyond the store's was not sent by this store: it was replaced (a memory store
   * restarted, a database restored), and a watch from there would skip every change until then.
   */
  async #assertKnown(revision: number): Promise<void> {
    const { client, kinds } = this.#options;
    const current = (await client.list(kinds[0] ?? '', { limit: 1 })).revision;
    if (revision > current)
      throw new GoneError(
        `Last-Event-ID ${revision} is newer than the store's revision ${current}; the store was replaced: start again from a snapshot`,
        { details: { field: 'Last-Event-ID', revision: current } },
      );
  }

  /**
   * Lists each kind and sends one `snapshot` per kind. Lists taken one after another see different
   * revisions, so every snapshot carries the lowest as its id — the revision through which the
   * client now has every kind, hence the only safe place to resume. Returns each kind's own list
   * revision, below which its changes are already in its snapshot.
   */
  async #sendSnapshot(): Promise<Map<string, number>> {
    const { client, kinds, namespace } = this.#options;
    const lists = [];
    for (const kind of kinds)
      lists.push({ kind, ...(await client.list(kind, namespace ? { namespace } : {})) });
    const id = Math.min(...lists.map((list) => list.revision));
    for (const { kind, revision, items } of lists)
      await this.#options.send({ event: 'snapshot', id, data: { kind, revision, items } });
    return new Map(lists.map((list) => [list.kind, list.revision]));
  }
}

/** Whether a change is already in its kind's snapshot (listed at or after its revision). */
function isInSnapshot(event: WatchEvent, listedAt: ReadonlyMap<string, number>): boolean {
  return event.type !== 'BOOKMARK' && event.revision <= (listedAt.get(event.object.kind) ?? 0);
}
