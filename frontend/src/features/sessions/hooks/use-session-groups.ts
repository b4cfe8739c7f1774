import { infiniteQueryOptions, useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { SessionCardFragment, SessionFilter, SessionGroupCountsQuery as CountsData, SessionSort, SessionType } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useConnectionState } from '@/lib/use-connection-state';
import { useSubscription } from '@/lib/use-subscription';
import { SessionGroupCountsQuery, SessionListUpdatedSubscription, SessionWindowQuery } from '../api/operations';
import { ChangeBuffer, type BufferedChange } from './change-buffer';
import { applyToWindow, countedAs, findInWindow, WINDOW_SPECS, windowItems, type GroupName, type WindowData, type WindowPage } from './session-windows';

type SessionCard = SessionCardFragment;

/** Sessions read for a group's first page (what shows first), and per page after it (the server's most). */
export const PAGE_SIZE = 100;
export const NEXT_PAGE_SIZE = 200;
/** Buffered `sessionUpdated` events are written into the cache at most this often, in one write per list. */
export const FLUSH_EVERY_MS = 250;
/** A change of status of a session no loaded page holds refetches the counts at most this often. */
export const COUNTS_EVERY_MS = 2_000;

const GROUPS_KEY = [...queryKeys.liveSessions, 'groups'] as const;
const GROUPS: GroupName[] = ['running', 'stale', 'created'];

const WINDOW_QUERY: Record<GroupName, { statuses: ['RUNNING'] | ['CREATED']; sort?: SessionSort }> = {
  running: { statuses: ['RUNNING'] },
  // the server cannot filter by staleness, but stale sessions heartbeat last: they head this order
  stale: { statuses: ['RUNNING'], sort: { field: 'LAST_UPDATED', direction: 'ASC' } },
  created: { statuses: ['CREATED'] },
};

function baseFilter(types: readonly SessionType[]): SessionFilter {
  // a sweep's cells are never listed one by one: the sweep has a row of its own
  return { types: [...types], sweepCells: 'EXCLUDE' };
}

function windowQuery(group: GroupName, types: readonly SessionType[]) {
  const { statuses, sort } = WINDOW_QUERY[group];
  const variables = { filter: { ...baseFilter(types), statuses }, sort: sort ?? null };
  return infiniteQueryOptions({
    queryKey: [...GROUPS_KEY, 'window', group, variables],
    queryFn: ({ pageParam, signal }) => request(SessionWindowQuery, { ...variables, first: pageParam ? NEXT_PAGE_SIZE : PAGE_SIZE, after: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: WindowPage) => nextCursor(group, last),
  });
}

/** Where the page after `last` begins; undefined when the list ends with it. */
function nextCursor(group: GroupName, last: WindowPage): string | undefined {
  const { edges, pageInfo } = last.sessionsConnection;
  if (!pageInfo.hasNextPage || !pageInfo.endCursor) return undefined;
  // past the stale head of the heartbeat order nothing more is stale
  if (group === 'stale' && edges.some((edge) => edge && !edge.node.health.isStale)) return undefined;
  return pageInfo.endCursor;
}

function countsQuery(types: readonly SessionType[]) {
  const base = baseFilter(types);
  return graphqlQuery(SessionGroupCountsQuery, { running: { ...base, statuses: ['RUNNING'] }, created: { ...base, statuses: ['CREATED'] } }, GROUPS_KEY);
}

/**
 * Writes a batch of changes into the cached lists and counts, one write per list: loaded rows
 * are replaced (or leave their group), sessions entering a group take their place when it lies
 * within the loaded pages, and a session whose earlier state is known moves between the counts
 * at once (the counts are refetched after any move anyway, which places the others).
 */
function writeBatch(queryClient: QueryClient, types: readonly SessionType[], batch: ReadonlyMap<string, BufferedChange>): void {
  const keys = Object.fromEntries(GROUPS.map((group) => [group, windowQuery(group, types).queryKey])) as unknown as Record<GroupName, readonly unknown[]>;
  const countsKey = countsQuery(types).queryKey;
  const before = Object.fromEntries(GROUPS.map((group) => [group, queryClient.getQueryData<WindowData>(keys[group])])) as Record<GroupName, WindowData | undefined>;

  const delta = { running: 0, created: 0 };
  for (const [id, change] of batch) {
    if (!change.moved) continue;
    const previous = change.created ? null : (findInWindow(before.running, id) ?? findInWindow(before.created, id) ?? findInWindow(before.stale, id));
    if (previous === undefined) continue;
    const from = countedAs(previous);
    const to = countedAs(change.session);
    if (from === to) continue;
    if (from) delta[from] -= 1;
    if (to) delta[to] += 1;
  }

  const updates = new Map<string, SessionCard | null>();
  for (const [id, change] of batch) updates.set(id, change.session);
  for (const group of GROUPS) {
    const data = before[group];
    if (!data) continue;
    const lastPage = data.pages.at(-1);
    const complete = lastPage !== undefined && nextCursor(group, lastPage) === undefined;
    const next = applyToWindow(data, updates, WINDOW_SPECS[group], complete);
    if (next !== data) queryClient.setQueryData<WindowData>(keys[group], next);
  }

  if (delta.running || delta.created) {
    queryClient.setQueryData<CountsData>(countsKey, (previous) =>
      previous
        ? {
            running: { ...previous.running, total: Math.max(0, previous.running.total + delta.running) },
            created: { ...previous.created, total: Math.max(0, previous.created.total + delta.created) },
          }
        : previous,
    );
  }
}

/** What a group shows: its loaded sessions, how many it holds in all, and how to load more. */
export interface SessionGroup {
  /** The loaded sessions of the group, in order (a prefix of the whole group). */
  items: SessionCard[];
  /** How many sessions the group holds in all (counted by the server). */
  count: number;
  /** Whether there may be more than `count`. */
  countIsLowerBound: boolean;
  /** Whether pages remain to load. */
  hasMore: boolean;
  /** Loads the next page (once: calls while one loads are ignored). */
  loadMore: () => void;
}

/**
 * Running Sessions' groups of sessions — running, stale, created — for lists that show only the
 * rows in view, whatever their number: each group is read page by page (by cursor) as it
 * scrolls, and counted by the server, not from what is loaded.
 *
 * Kept live without polling: `sessionUpdated` events are buffered (newest state per session) and
 * written into the cache at most every {@link FLUSH_EVERY_MS}, one write per list, so thousands
 * of events a second cost a few renders. A change of status of a session the loaded pages do not
 * hold refetches the counts (at most every {@link COUNTS_EVERY_MS}); a reconnect of the socket
 * refetches everything (events may have been missed meanwhile).
 */
export function useSessionGroups(types: readonly SessionType[]) {
  const queryClient = useQueryClient();
  const typesKey = types.join(',');
  const typeList = typesKey.split(',') as SessionType[];

  const counts = useQuery(countsQuery(typeList));
  const running = useInfiniteQuery(windowQuery('running', typeList));
  const stale = useInfiniteQuery(windowQuery('stale', typeList));
  const created = useInfiniteQuery(windowQuery('created', typeList));

  // ---------------------------------------------------------------- counts refetch, throttled
  const countsTimer = useRef<number | undefined>(undefined);
  const lastCounts = useRef(0);
  const { refetch: refetchCounts } = counts;
  const recount = useCallback(() => {
    if (countsTimer.current !== undefined) return;
    const wait = Math.max(0, lastCounts.current + COUNTS_EVERY_MS - Date.now());
    countsTimer.current = window.setTimeout(() => {
      countsTimer.current = undefined;
      lastCounts.current = Date.now();
      void refetchCounts();
    }, wait);
  }, [refetchCounts]);

  // ---------------------------------------------------------------- coalesced writes
  const [buffer] = useState(() => new ChangeBuffer(FLUSH_EVERY_MS));
  useLayoutEffect(() => {
    buffer.setWriter((batch) => {
      const types = typesKey.split(',') as SessionType[];
      // a page that lands is appended to the pages as they were when it was asked for, which
      // would undo writes made meanwhile: keep the batch until the lists are at rest
      if (GROUPS.some((group) => queryClient.getQueryState(windowQuery(group, types).queryKey)?.fetchStatus === 'fetching')) return false;
      writeBatch(queryClient, types, batch);
      if ([...batch.values()].some((change) => change.moved)) recount();
      return true;
    });
  });
  useEffect(
    () => () => {
      buffer.dispose();
      window.clearTimeout(countsTimer.current);
    },
    [buffer],
  );

  // the lists' filters would drop sessions that leave them (RUNNING → STOPPED): watch by type only
  useSubscription(SessionListUpdatedSubscription, { filter: { types: typeList, sweepCells: 'EXCLUDE' } }, ({ sessionUpdated }) =>
    buffer.add(sessionUpdated.sessionId, sessionUpdated.session ?? null, sessionUpdated.kind),
  );

  /** A session as a mutation answered it: written at once (with anything buffered). */
  const upsert = useCallback(
    (session: SessionCard) => {
      buffer.add(session.id, session, 'STATUS');
      buffer.flush();
    },
    [buffer],
  );
  const remove = useCallback(
    (id: string) => {
      buffer.add(id, null, 'DELETED');
      buffer.flush();
    },
    [buffer],
  );

  const connection = useConnectionState();
  const previousConnection = useRef(connection);
  useEffect(() => {
    if (connection === 'connected' && previousConnection.current === 'reconnecting') void queryClient.invalidateQueries({ queryKey: GROUPS_KEY });
    previousConnection.current = connection;
  }, [connection, queryClient]);

  // ---------------------------------------------------------------- what the groups show
  const staleItems = windowItems(stale.data).filter(WINDOW_SPECS.stale.shown);
  const staleGroup: SessionGroup = {
    items: staleItems,
    count: staleItems.length,
    countIsLowerBound: stale.hasNextPage,
    hasMore: stale.hasNextPage,
    loadMore: () => void (stale.isFetchingNextPage || stale.isFetching ? undefined : stale.fetchNextPage()),
  };
  const runningItems = windowItems(running.data).filter(WINDOW_SPECS.running.shown);
  const runningTotal = counts.data?.running.total ?? 0;
  const runningGroup: SessionGroup = {
    items: runningItems,
    // the stale ones are counted by their own group
    count: running.hasNextPage ? Math.max(runningItems.length, runningTotal - staleItems.length) : runningItems.length,
    countIsLowerBound: (counts.data?.running.totalIsLowerBound ?? false) && running.hasNextPage,
    hasMore: running.hasNextPage,
    loadMore: () => void (running.isFetchingNextPage || running.isFetching ? undefined : running.fetchNextPage()),
  };
  const createdItems = windowItems(created.data).filter(WINDOW_SPECS.created.shown);
  const createdGroup: SessionGroup = {
    items: createdItems,
    count: created.hasNextPage ? Math.max(createdItems.length, counts.data?.created.total ?? 0) : createdItems.length,
    countIsLowerBound: (counts.data?.created.totalIsLowerBound ?? false) && created.hasNextPage,
    hasMore: created.hasNextPage,
    loadMore: () => void (created.isFetchingNextPage || created.isFetching ? undefined : created.fetchNextPage()),
  };

  const error = counts.error ?? running.error ?? stale.error ?? created.error ?? undefined;
  return {
    running: runningGroup,
    stale: staleGroup,
    created: createdGroup,
    loading: counts.isPending || running.isPending || stale.isPending || created.isPending,
    /** Whether every group has been read at least once (after a failed first read it has not: nothing is known to show). */
    loaded: counts.data !== undefined && running.data !== undefined && stale.data !== undefined && created.data !== undefined,
    error: error ?? undefined,
    upsert,
    remove,
  };
}
