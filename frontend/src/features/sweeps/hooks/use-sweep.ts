import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { SweepDetailQuery as SweepDetailData, SweepSummaryFragment } from '@/gql/graphql';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useConnectionState } from '@/lib/use-connection-state';
import { useSubscription } from '@/lib/use-subscription';
import { SweepDetailQuery, SweepUpdatedSubscription } from '../api/operations';

/** Cells ending in a burst reload the table, heatmap and best cell at most this often. */
export const RESULTS_EVERY_MS = 2_000;
const RESULT_QUERIES = ['SweepCells', 'SweepHeatmap', 'SweepBest'] as const;

/**
 * One sweep, kept live: `sweepUpdated` writes its progress into the cached sweep, and when cells
 * end (or the sweep's status moves) its results — cells, heatmap, best cell — reload, at most once
 * every {@link RESULTS_EVERY_MS}. A reconnect of the socket reloads everything. No polling.
 */
export function useSweep(id: string) {
  const queryClient = useQueryClient();
  const options = graphqlQuery(SweepDetailQuery, { id }, queryKeys.sweep(id));
  const query = useQuery(options);
  const keyText = JSON.stringify(options.queryKey);

  const timer = useRef<number | undefined>(undefined);
  const lastReload = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const reloadResults = useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = Math.max(0, lastReload.current + RESULTS_EVERY_MS - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      lastReload.current = Date.now();
      for (const operation of RESULT_QUERIES) void queryClient.invalidateQueries({ queryKey: [...queryKeys.sweep(id), operation] });
    }, wait);
  }, [queryClient, id]);

  const apply = useCallback(
    (update: SweepSummaryFragment) => {
      const key = JSON.parse(keyText) as readonly unknown[];
      const before = queryClient.getQueryData<SweepDetailData>(key)?.sweep;
      queryClient.setQueryData<SweepDetailData>(key, (previous) => (previous?.sweep ? { sweep: { ...previous.sweep, ...update } } : previous));
      if (!before || before.cellsDone !== update.cellsDone || before.status !== update.status) reloadResults();
      // the lists show its status and progress too
      void queryClient.invalidateQueries({ queryKey: queryKeys.sweepLists });
    },
    [queryClient, keyText, reloadResults],
  );

  useSubscription(SweepUpdatedSubscription, { id }, ({ sweepUpdated }) => apply(sweepUpdated), { enabled: query.data?.sweep != null });

  const { refetch } = query;
  const connection = useConnectionState();
  const previousConnection = useRef(connection);
  useEffect(() => {
    if (connection === 'connected' && previousConnection.current === 'reconnecting') {
      void refetch();
      reloadResults();
    }
    previousConnection.current = connection;
  }, [connection, refetch, reloadResults]);

  return { sweep: query.data?.sweep ?? undefined, loading: query.isPending, error: query.error ?? undefined, apply };
}
