/**
 * Delivery to one sink: its own watch of the feed's kinds from its own cursor, events derived and
 * sent one by one in log order, retried with capped exponential backoff, the cursor persisted in
 * batches and never past an undelivered event. A gap (cursor compacted away) is announced to the
 * sink with a `ccm.feed.gap` event before delivery continues from the oldest retained revision.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient, Watch } from '../../client/resource-client.js';
import { hasReason, toError, type LcmError } from '../../errors/index.js';
import type { Logger } from '../../observability/index.js';
import { deriveFeedEvents } from './derive-feed-events.js';
import type { EventFeedMetrics } from './event-feed-metrics.js';
import { FEED_TYPES, toCloudEvent, type FeedEvent } from './feed-event.js';
import type { FeedMemory } from './feed-memory.js';
import type { HttpSink, SinkConfig } from './http-sink.js';
import { openFeedWatch } from './open-feed-watch.js';
import { readHeadRevision, readSinkCursor, writeSinkCursor } from './sink-cursor.js';

export interface SinkPipelineOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: EventFeedMetrics;
  sink: SinkConfig;
  http: HttpSink;
  /** The CloudEvents `source`: the deployment's URL. */
  source: string;
  /** First retry delay; doubles per failed attempt up to `maxRetryMs`. */
  initialRetryMs: number;
  maxRetryMs: number;
  /** Revisions before the cursor replayed into the feed's memory on (re)connect. */
  replayRevisions: number;
  /** The cursor is written at most this often while events are delivered (and always on stop). */
  cursorFlushIntervalMs: number;
  /**
   * With nothing delivered, the cursor is still moved this often past revisions that held no
   * event for the sink, so an idle sink does not fall behind the retained log. Kept long because
   * the cursor write is itself a revision: writing it on every BOOKMARK would feed itself.
   */
  idleCursorFlushIntervalMs: number;
}

export class SinkPipeline {
  readonly #options: SinkPipelineOptions;
  readonly #logger: Logger;
  /** Every event derived from a revision ≤ this one was delivered (or rejected by the sink). */
  #delivered = -1;
  #persisted = -1;
  #lastFlushMs: number;
  /** Events delivered (or dropped) since the cursor was last written. */
  #unflushedEvents = 0;
  /** Watch or store failures in a row, for the reconnect backoff. */
  #interruptions = 0;

  constructor(options: SinkPipelineOptions) {
    this.#options = options;
    this.#logger = options.logger.child({ sink: options.sink.name });
    this.#lastFlushMs = options.clock.nowMs();
  }

  get name(): string {
    return this.#options.sink.name;
  }

  /** The revision delivered through; -1 before the cursor is known. */
  get deliveredRevision(): number {
    return this.#delivered;
  }

  /** Delivers until `signal` aborts, then writes the cursor once more; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        if (this.#delivered < 0) await this.#loadCursor();
        await this.#follow(signal);
        if (!isAborted(signal)) throw new Error('the watch ended');
      } catch (error) {
        if (isAborted(signal)) break;
        if (hasReason(error, 'Gone') && (await this.#skipGap(error, signal))) continue;
        this.#interruptions++;
        this.#logger.warn({ err: toError(error) }, 'event feed interrupted; resuming');
        await this.#sleep(this.#backoffMs(this.#interruptions), signal);
      }
    }
    await this.#flush();
  }

  /** Resumes from the stored cursor, or — for a new sink — from now, stored at once. */
  async #loadCursor(): Promise<void> {
    const { client, clock, sink } = this.#options;
    const stored = await readSinkCursor(client, sink.name);
    if (stored !== undefined) {
      this.#delivered = this.#persisted = stored;
      this.#logger.info({ revision: stored }, 'event sink resumes from its cursor');
      return;
    }
    const revision = await readHeadRevision(client);
    await writeSinkCursor(client, clock, sink.name, revision);
    this.#delivered = this.#persisted = revision;
    this.#logger.info({ revision }, 'new event sink starts at the current revision');
  }

  /** Watches from the cursor and delivers; returns when `signal` aborts, throws on watch errors. */
  async #follow(signal: AbortSignal): Promise<void> {
    const { client, replayRevisions } = this.#options;
    const { watch, memory } = await openFeedWatch(client, this.#delivered, replayRevisions);
    const stop = (): void => watch.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await this.#consume(watch, memory, signal);
    } finally {
      signal.removeEventListener('abort', stop);
      watch.close();
    }
  }

  async #consume(watch: Watch, memory: FeedMemory, signal: AbortSignal): Promise<void> {
    const { clock, sink } = this.#options;
    for await (const change of watch) {
      this.#interruptions = 0;
      if (change.type === 'BOOKMARK') {
        await this.#advance(change.revision);
        continue;
      }
      const events = deriveFeedEvents(change, memory, clock.now());
      // Up to the cursor the log only replays into the memory: those events were delivered.
      if (change.revision <= this.#delivered) continue;
      for (const event of events)
        if (wanted(sink, event.type) && !(await this.#deliver(event, signal))) return;
      await this.#advance(change.revision);
    }
  }

  /**
   * The log no longer holds the revisions after the cursor: tells the sink which range it missed
   * (`ccm.feed.gap`), counts it, and moves the cursor to the oldest retained revision. False when
   * the error does not say where the log starts (the caller then retries as for any error).
   */
  async #skipGap(error: LcmError, signal: AbortSignal): Promise<boolean> {
    const compacted = Number(error.details?.compactedRevision);
    if (!Number.isInteger(compacted) || compacted <= this.#delivered) return false;
    const { clock, metrics, sink } = this.#options;
    const fromRevision = this.#delivered + 1;
    const range = { fromRevision, toRevision: compacted };
    this.#logger.error(
      range,
      'event log compacted past the sink cursor: changes in these revisions were not delivered',
    );
    metrics.gaps.inc({ sink: sink.name });
    metrics.gapRevisions.inc({ sink: sink.name }, compacted - this.#delivered);
    const gap: FeedEvent = {
      id: `${sink.name}.gap.${fromRevision}-${compacted}`,
      type: FEED_TYPES.feedGap,
      subject: sink.name,
      time: clock.now().toISOString(),
      revision: compacted,
      data: { sink: sink.name, ...range, reason: 'EventLogCompacted' },
    };
    if (!(await this.#deliver(gap, signal))) return true;
    this.#delivered = compacted;
    await this.#flush();
    return true;
  }

  /**
   * Sends `event` until the sink accepts it (true), refuses it for good (true: dropped, logged and
   * counted) or `signal` aborts (false: not delivered, the cursor stays before it).
   */
  async #deliver(event: FeedEvent, signal: AbortSignal): Promise<boolean> {
    const { http, metrics, sink, source } = this.#options;
    const cloudEvent = toCloudEvent(event, source);
    const log = { id: event.id, type: event.type, revision: event.revision };
    for (let attempt = 1; !signal.aborted; attempt++) {
      const result = await http.post(cloudEvent, signal);
      if (isAborted(signal)) break;
      if (result.kind === 'delivered') {
        metrics.delivered.inc({ sink: sink.name, type: event.type });
        this.#unflushedEvents++;
        return true;
      }
      metrics.failures.inc({ sink: sink.name, result: result.kind });
      if (result.kind === 'rejected') {
        this.#logger.error({ ...log, reason: result.reason }, 'sink refused the event; dropped');
        this.#unflushedEvents++;
        return true;
      }
      const delayMs = Math.min(
        this.#options.maxRetryMs,
        result.retryAfterMs ?? this.#backoffMs(attempt),
      );
      this.#logger.warn({ ...log, attempt, reason: result.reason, delayMs }, 'delivery failed');
      await this.#sleep(delayMs, signal);
    }
    return false;
  }

  async #advance(revision: number): Promise<void> {
    this.#delivered = Math.max(this.#delivered, revision);
    const { clock, cursorFlushIntervalMs, idleCursorFlushIntervalMs } = this.#options;
    const sinceFlushMs = clock.nowMs() - this.#lastFlushMs;
    if (
      this.#unflushedEvents > 0
        ? sinceFlushMs >= cursorFlushIntervalMs
        : sinceFlushMs >= idleCursorFlushIntervalMs
    )
      await this.#flush();
  }

  /** Writes the cursor when it moved; a failed write is logged and tried again later. */
  async #flush(): Promise<void> {
    const { client, clock, sink } = this.#options;
    this.#lastFlushMs = clock.nowMs();
    const revision = this.#delivered;
    if (revision <= this.#persisted) return;
    const events = this.#unflushedEvents;
    try {
      await writeSinkCursor(client, clock, sink.name, revision);
      this.#persisted = revision;
      this.#unflushedEvents -= events;
    } catch (error) {
      this.#logger.warn({ err: toError(error), revision }, 'could not store the sink cursor');
    }
  }

  #backoffMs(attempt: number): number {
    return Math.min(this.#options.maxRetryMs, this.#options.initialRetryMs * 2 ** (attempt - 1));
  }

  async #sleep(delayMs: number, signal: AbortSignal): Promise<void> {
    await this.#options.clock.sleep(delayMs, signal).catch(() => undefined);
  }
}

/** True when the sink takes every type, or `type` starts with one of its `types` prefixes. */
function wanted(sink: SinkConfig, type: string): boolean {
  return !sink.types?.length || sink.types.some((prefix) => type.startsWith(prefix));
}

/** `signal.aborted`, read through a call: it changes across awaits, which narrowing ignores. */
function isAborted(signal: AbortSignal): boolean {
  return signal.aborted;
}
