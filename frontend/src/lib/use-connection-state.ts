import { useSyncExternalStore } from 'react';
import { getConnectionState, subscribeConnectionState, type ConnectionState } from './graphql-client';

/** The state of the shared subscription socket; re-renders when it changes. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribeConnectionState, getConnectionState, getConnectionState);
}
