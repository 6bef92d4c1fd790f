/** React access to the live cache and the signed-in principal. */
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import type { Principal } from '../api/auth-api';
import type { LiveSnapshot, LiveStore } from './live-store';
import { findObject, isSynced, objectsOf } from './resource-merge';

interface LiveContextValue {
  store: LiveStore;
  principal: Principal;
}

const LiveContext = createContext<LiveContextValue | undefined>(undefined);

export function LiveProvider(props: LiveContextValue & { children: ReactNode }) {
  const { store, principal, children } = props;
  const value = useMemo(() => ({ store, principal }), [store, principal]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive… hooks need a LiveProvider');
  return value;
}

export function usePrincipal(): Principal {
  return useLiveContext().principal;
}

export function useStore(): LiveStore {
  return useLiveContext().store;
}

export function useLiveSnapshot(): LiveSnapshot {
  const { store } = useLiveContext();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Every held object of a kind (re-renders on every change of the cache). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the cache holds any kind; the caller names the kind's type
export function useObjects<T>(kind: string): { items: T[]; synced: boolean } {
  const { resources } = useLiveSnapshot();
  return useMemo(
    () => ({ items: objectsOf<T>(resources, kind), synced: isSynced(resources, kind) }),
    [resources, kind],
  );
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the cache holds any kind; the caller names the kind's type
export function useObject<T>(
  kind: string,
  namespace: string | undefined,
  name: string,
): { object: T | undefined; synced: boolean } {
  const { resources } = useLiveSnapshot();
  return {
    object: findObject<T>(resources, kind, namespace, name),
    synced: isSynced(resources, kind),
  };
}
