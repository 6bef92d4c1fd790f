/**
 * The newest part of the event log, held in memory and shared by every watch of one store. After
 * a commit the log is read once, for all kinds, and each watch takes its kinds and namespace from
 * memory — instead of every watch querying the log after every commit (with twenty informers
 * that was twenty queries per write, most of PGlite's time in the fleet benchmark). A watch
 * further behind than the tail holds (a slow consumer, a resume from an old revision) reads the
 * log itself, as before. Revision order is commit order (ADR 001), so reading after the tail's
 * head never skips an event that commits later.
 */
import type { LogEvent } from '../log-watch.js';
import type { EventsBatch, EventsQuery } from './sql/read-events.js';

export interface EventTailOptions {
  /** Reads the log (the store's `readEvents`, with its error mapping). */
  read(query: EventsQuery): Promise<EventsBatch>;
  /** The kinds read into the tail; a watch of any other kind reads the log itself. */
  kinds(): readonly string[];
  /** Events kept; older ones are dropped and watches behind them read the log. @default 5_000 */
  maxEvents?: number;
  /** Events read per query while catching up. @default 1_000 */
  batchSize?: number;
}

export class EventTail {
  readonly #options: EventTailOptions;
  /** Events with revision in (#from, #head], in revision order; #from < 0 until the first read. */
  #events: LogEvent[] = [];
  #from = -1;
  #head = 0;
  #compacted = 0;
  /** Bumped by every commit wake-up; a read waits until a refresh begun after it has finished. */
  #commits = 1;
  #refreshedThrough = 0;
  #refreshing: Promise<void> | undefined;

  constructor(options: EventTailOptions) {
    this.#options = options;
  }

  /** Something committed (or may have: the safety-net poll): the next read refreshes first. */
  markStale(): void {
    this.#commits++;
  }

  /** The same answer as reading the log with `query`, from memory when the tail covers it. */
  async read(query: EventsQuery): Promise<EventsBatch> {
    const wanted = this.#commits;
    while (this.#refreshedThrough < wanted) await (this.#refreshing ??= this.#refresh());
    const held = new Set(this.#options.kinds());
    const covered = this.#from >= 0 && query.sinceRevision >= this.#from;
    if (!covered || !query.kinds.every((kind) => held.has(kind))) return this.#options.read(query);
    const kinds = new Set(query.kinds);
    const events: LogEvent[] = [];
    for (let i = this.#firstAfter(query.sinceRevision); i < this.#events.length; i++) {
      if (events.length >= query.limit) break;
      const event = this.#events[i] as LogEvent;
      if (!kinds.has(event.object.kind)) continue;
      if (query.namespace && event.object.metadata.namespace !== query.namespace) continue;
      // Each watch gets its own copy, as a read from the database would give it.
      events.push(structuredClone(event));
    }
    return { events, headRevision: this.#head, compactedRevision: this.#compacted };
  }

  async #refresh(): Promise<void> {
    const through = this.#commits;
    try {
      if (this.#from < 0) await this.#start();
      else await this.#catchUp();
      this.#refreshedThrough = through;
    } finally {
      this.#refreshing = undefined;
    }
  }

  /** The tail begins empty at the log's head. */
  async #start(): Promise<void> {
    const probe = await this.#options.read({ kinds: [], sinceRevision: 0, limit: 0 });
    this.#from = this.#head = probe.headRevision;
    this.#compacted = probe.compactedRevision;
  }

  async #catchUp(): Promise<void> {
    const limit = this.#options.batchSize ?? 1_000;
    const kinds = this.#options.kinds();
    for (;;) {
      const batch = await this.#options.read({ kinds, sinceRevision: this.#head, limit });
      this.#compacted = batch.compactedRevision;
      if (this.#head < batch.compactedRevision) {
        // Compaction overtook the tail (it was idle longer than the retention): start afresh;
        // watches behind it read the log and learn they are Gone.
        this.#events = [];
        this.#from = this.#head = batch.headRevision;
        return;
      }
      this.#events.push(...batch.events);
      const last = batch.events.at(-1);
      if (batch.events.length < limit) {
        this.#head = Math.max(last?.revision ?? 0, batch.headRevision);
        break;
      }
      this.#head = (last as LogEvent).revision;
    }
    this.#trim();
  }

  #trim(): void {
    const excess = this.#events.length - (this.#options.maxEvents ?? 5_000);
    if (excess <= 0) return;
    this.#from = (this.#events[excess - 1] as LogEvent).revision;
    this.#events = this.#events.slice(excess);
  }

  /** Index of the first held event with a revision after `revision` (binary search). */
  #firstAfter(revision: number): number {
    let low = 0;
    let high = this.#events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#events[middle] as LogEvent).revision <= revision) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
