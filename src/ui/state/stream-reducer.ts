/**
 * What each `/api/stream` message does to the cache (docs/api.md "Server-Sent Events"): snapshots
 * and changes merge by resourceVersion; after a `reset` the next snapshot of each kind replaces it.
 */
import type { AnyResource } from '../../resources/index.js';
import {
  applyChange,
  applyListing,
  EMPTY_STATE,
  replaceKind,
  type ResourceState,
} from './resource-merge';

/** A parsed message of the stream; bookmarks and heartbeats change nothing in the cache. */
export type StreamMessage =
  | { event: 'snapshot'; data: { kind: string; revision: number; items: AnyResource[] } }
  | { event: 'ADDED' | 'MODIFIED' | 'DELETED'; data: { object: AnyResource } }
  | { event: 'reset' }
  | { event: 'bookmark' };

export interface StreamState {
  readonly resources: ResourceState;
  /** Set by `reset`: the kinds whose fresh snapshot has replaced them since. */
  readonly replaced?: ReadonlySet<string>;
}

export const INITIAL_STREAM_STATE: StreamState = { resources: EMPTY_STATE };

export function reduceStream(state: StreamState, message: StreamMessage): StreamState {
  switch (message.event) {
    case 'reset':
      return { resources: state.resources, replaced: new Set() };
    case 'snapshot': {
      const { kind, items, revision } = message.data;
      if (state.replaced && !state.replaced.has(kind))
        return {
          resources: replaceKind(state.resources, kind, items),
          replaced: new Set([...state.replaced, kind]),
        };
      return { ...state, resources: applyListing(state.resources, kind, items, String(revision)) };
    }
    case 'ADDED':
    case 'MODIFIED':
    case 'DELETED':
      // Changes come only after every snapshot that follows a reset.
      return {
        resources: applyChange(state.resources, {
          type: message.event,
          object: message.data.object,
        }),
      };
    case 'bookmark':
      return state;
  }
}
