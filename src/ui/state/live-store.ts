/**
 * The dashboard's live cache: the stream's messages and the API's single-object answers merged
 * by resourceVersion (stream-reducer.ts), worker metric samples, and the connection status, for
 * React through `useSyncExternalStore`.
 */
import type { AnyResource } from '../../resources/index.js';
import type { Worker } from '../../resources/kinds/worker.js';
import type { StreamStatus } from '../api/event-stream';
import { recordSample, type MetricSample } from './metric-samples';
import { applyObject, type ResourceState } from './resource-merge';
import { INITIAL_STREAM_STATE, reduceStream, type StreamMessage } from './stream-reducer';

export interface LiveSnapshot {
  resources: ResourceState;
  samples: ReadonlyMap<string, readonly MetricSample[]>;
  status: StreamStatus;
}

export class LiveStore {
  #stream = INITIAL_STREAM_STATE;
  #snapshot: LiveSnapshot = {
    resources: INITIAL_STREAM_STATE.resources,
    samples: new Map(),
    status: 'connecting',
  };
  readonly #listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  readonly getSnapshot = (): LiveSnapshot => this.#snapshot;

  /** One message of the stream. */
  dispatch(message: StreamMessage): void {
    // A bookmark only moves the stream's position (kept by the EventSource): nothing to render.
    if (message.event === 'bookmark') return;
    this.#stream = reduceStream(this.#stream, message);
    let samples = this.#snapshot.samples;
    if (message.event === 'snapshot' && message.data.kind === 'Worker')
      for (const worker of message.data.items) samples = recordSample(samples, worker as Worker);
    if (message.event === 'MODIFIED' && message.data.object.kind === 'Worker')
      samples = recordSample(samples, message.data.object as Worker);
    this.#publish({ ...this.#snapshot, resources: this.#stream.resources, samples });
  }

  /** An object the API returned (a create or an action): applied unless the cache is newer. */
  applyResponse(object: AnyResource): void {
    this.#stream = { ...this.#stream, resources: applyObject(this.#stream.resources, object) };
    this.#publish({ ...this.#snapshot, resources: this.#stream.resources });
  }

  setStatus(status: StreamStatus): void {
    if (status !== this.#snapshot.status) this.#publish({ ...this.#snapshot, status });
  }

  #publish(snapshot: LiveSnapshot): void {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}
