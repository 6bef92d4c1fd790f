/**
 * The event feed (SPEC.md "Events", docs/events.md): CloudEvents derived from the store's event log
 * for sessions, definitions and workers, delivered at least once and in order to each configured
 * HTTP sink, each sink on its own cursor so a failing sink never holds up another. Leader-only.
 */
import type { Clock } from '../../clock/index.js';
import type { ResourceClient } from '../../client/resource-client.js';
import type { EventsConfig } from '../../config/index.js';
import { InvalidError } from '../../errors/index.js';
import type { Logger, Registry } from '../../observability/index.js';
import type { Runnable } from '../../runtime/index.js';
import type { SecretSource } from '../workers/secret-source.js';
import { getEventFeedMetrics } from './event-feed-metrics.js';
import { HttpSink } from './http-sink.js';
import { readHeadRevision } from './sink-cursor.js';
import { SinkPipeline } from './sink-pipeline.js';

export interface EventFeedOptions {
  client: ResourceClient;
  clock: Clock;
  logger: Logger;
  metrics: Registry;
  /** `events` of the configuration: the sinks and the longest retry delay. */
  events: EventsConfig;
  /** The CloudEvents `source` of every event: the deployment's URL. */
  source: string;
  /** Where sinks' `tokenSecret`s are read; required when a sink names one. */
  secrets?: SecretSource;
  /** The first retry delay of a failing sink; doubles per attempt. @default 1_000 */
  initialRetryMs?: number;
  /** How often a delivering sink's cursor is written. @default 5_000 */
  cursorFlushIntervalMs?: number;
  /**
   * How often an idle sink's cursor is moved past revisions without events for it; keep it well
   * under `store.eventRetentionSeconds`. @default 600_000 (10 minutes)
   */
  idleCursorFlushIntervalMs?: number;
  /**
   * On (re)connect, this many revisions before a sink's cursor are replayed (not sent) so the feed
   * knows what objects looked like at the cursor. @default 10_000
   */
  replayRevisions?: number;
  /** Per-request timeout of a delivery, in real time. @default 10_000 */
  requestTimeoutMs?: number;
}

/**
 * Builds the feed. Throws `Invalid` for two sinks of one name (they would share a cursor) or a
 * sink with a `tokenSecret` when no `secrets` are given.
 */
export function createEventFeed(options: EventFeedOptions): Runnable {
  const names = new Set<string>();
  options.events.sinks.forEach((sink, index) => {
    if (names.has(sink.name))
      throw new InvalidError(`two event sinks are named "${sink.name}"; sink names must differ`, {
        details: { field: `events.sinks.${index}.name` },
      });
    names.add(sink.name);
    if (sink.tokenSecret !== undefined && options.secrets === undefined)
      throw new InvalidError(`event sink "${sink.name}" names a tokenSecret but no secrets`, {
        details: { field: `events.sinks.${index}.tokenSecret` },
      });
  });
  return new EventFeed(options);
}

class EventFeed implements Runnable {
  readonly name = 'events';
  readonly needsLeaderElection = true;
  readonly #options: EventFeedOptions;

  constructor(options: EventFeedOptions) {
    this.#options = options;
  }

  async start(signal: AbortSignal): Promise<void> {
    const { client, clock, events, logger, secrets, source } = this.#options;
    if (events.sinks.length === 0) {
      logger.info('no event sinks configured; the event feed is idle');
      return;
    }
    const metrics = getEventFeedMetrics(this.#options.metrics);
    const pipelines = events.sinks.map((sink) => {
      const http = new HttpSink({
        sink,
        ...(secrets ? { secrets } : {}),
        timeoutMs: this.#options.requestTimeoutMs ?? 10_000,
      });
      const pipeline = new SinkPipeline({
        client,
        clock,
        logger,
        metrics,
        sink,
        http,
        source,
        initialRetryMs: this.#options.initialRetryMs ?? 1_000,
        maxRetryMs: events.maxRetrySeconds * 1_000,
        replayRevisions: this.#options.replayRevisions ?? 10_000,
        cursorFlushIntervalMs: this.#options.cursorFlushIntervalMs ?? 5_000,
        idleCursorFlushIntervalMs: this.#options.idleCursorFlushIntervalMs ?? 600_000,
      });
      return { pipeline, http };
    });
    metrics.observeLag(async () => {
      const revision = await readHeadRevision(client);
      return new Map(
        pipelines
          .filter(({ pipeline }) => pipeline.deliveredRevision >= 0)
          .map(({ pipeline }) => [
            pipeline.name,
            Math.max(0, revision - pipeline.deliveredRevision),
          ]),
      );
    });
    logger.info({ sinks: events.sinks.map((sink) => sink.name) }, 'event feed started');
    await Promise.all(
      pipelines.map(async ({ pipeline, http }) => {
        await pipeline.run(signal);
        await http.close();
      }),
    );
  }
}
