import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { RunningSweepsQuery as RunningSweepsData, SweepRowFragment } from '@/gql/graphql';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useConnectionState } from '@/lib/use-connection-state';
import { useSubscription } from '@/lib/use-subscription';
import { RunningSweepsQuery, SweepCellsWatchSubscription } from '../api/operations';

export type SweepRow = SweepRowFragment;

/** A new sweep found in a burst of cell events reloads the list at most this often. */
const RELOAD_EVERY_MS = 2_000;

/**
 * The sweeps that run or wait for a resume, for Running Sessions: each as one row, whatever its
 * number of cells. A row's progress comes from its own `sweepUpdated` subscription (see
 * `apply`); a cell of a sweep the list does not show yet means a new sweep, and reloads the list
 * (at most once every two seconds). A reconnect of the socket reloads it too. No polling.
 */
export function useRunningSweeps() {
  const queryClient = useQueryClient();
  const options = graphqlQuery(RunningSweepsQuery, {}, queryKeys.sweepLists);
  const query = useQuery(options);
  const keyText = JSON.stringify(options.queryKey);
  const all = query.data?.sweeps ?? [];
  const running = all.filter((s) => s.status === 'RUNNING');
  const interrupted = all.filter((s) => s.status === 'INTERRUPTED');

  const apply = useCallback(
    (sweep: SweepRow) =>
      queryClient.setQueryData<RunningSweepsData>(JSON.parse(keyText) as readonly unknown[], (previous) =>
        previous ? { sweeps: previous.sweeps.map((s) => (s.id === sweep.id ? { ...s, ...sweep } : s)) } : previous,
      ),
    [queryClient, keyText],
  );

  const { refetch } = query;
  const timer = useRef<number | undefined>(undefined);
  const lastReload = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const reload = useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = Math.max(0, lastReload.current + RELOAD_EVERY_MS - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      lastReload.current = Date.now();
      void refetch();
    }, wait);
  }, [refetch]);

  const watched = new Set([...running, ...interrupted].map((s) => s.id));
  useSubscription(SweepCellsWatchSubscription, { filter: { types: ['BACKTEST'], sweepCells: 'ONLY' } }, ({ sessionUpdated }) => {
    const sweepId = sessionUpdated.session?.sweepId;
    if (sweepId && !watched.has(sweepId)) reload();
  });

  const connection = useConnectionState();
  const previousConnection = useRef(connection);
  useEffect(() => {
    if (connection === 'connected' && previousConnection.current === 'reconnecting') void refetch();
    previousConnection.current = connection;
  }, [connection, refetch]);

  return { running, interrupted, apply, loading: query.isPending, error: query.error ?? undefined };
}
