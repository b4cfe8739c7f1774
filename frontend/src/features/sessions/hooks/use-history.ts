import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionFilter, SessionType } from '@/gql/graphql';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useSubscription } from '@/lib/use-subscription';
import { HistoryPageQuery, SessionListUpdatedSubscription } from '../api/operations';

export type Period = '24h' | '7d' | '30d' | 'all';

export const PERIODS: { value: Period; label: string; seconds?: number }[] = [
  { value: '24h', label: 'Last 24 hours', seconds: 86_400 },
  { value: '7d', label: 'Last 7 days', seconds: 7 * 86_400 },
  { value: '30d', label: 'Last 30 days', seconds: 30 * 86_400 },
  { value: 'all', label: 'All time' },
];

export interface HistoryFilters {
  type: SessionType | '';
  market: string;
  period: Period;
  search: string;
  /** Show the cells of sweeps too (hidden by default: a sweep can have thousands). */
  sweepCells: boolean;
}

export const PAGE_SIZE = 20;
const FINISHED: readonly string[] = ['STOPPED', 'COMPLETED', 'FAILED'];
/** Sessions finishing in a burst refresh the page at most this often. */
export const REFRESH_EVERY_MS = 2_000;
/** The events of one stop (status, results) arrive together: wait this long to take them as one. */
const SETTLE_MS = 250;

/** The server-side filter of the history: finished sessions, the chosen type, market, search and period (ending at `now`). */
export function historyFilter(filters: HistoryFilters, now: number): SessionFilter {
  const seconds = PERIODS.find((p) => p.value === filters.period)?.seconds;
  return {
    statuses: ['STOPPED', 'COMPLETED', 'FAILED'],
    ...(filters.type ? { types: [filters.type] } : {}),
    ...(filters.market ? { markets: [filters.market] } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(seconds !== undefined ? { stoppedAfter: new Date(now - seconds * 1000).toISOString() } : {}),
    sweepCells: filters.sweepCells ? 'INCLUDE' : 'EXCLUDE',
  };
}

/**
 * One page of finished sessions, newest stop first: type, market, search and period filter on
 * the server, one request per page. The period ends "now" as of the last change of the filters
 * (`filtersChangedAt`, taken where they changed) or the last refresh. Sessions finishing, changing or being deleted (`sessionUpdated`) refresh
 * the page, at most once every {@link REFRESH_EVERY_MS}, never by polling; the live lists of the
 * other tabs are separate cache entries and are not touched.
 */
export function useHistory(filters: HistoryFilters, page: number, filtersChangedAt: number) {
  const [now, setNow] = useState({ filtersChangedAt, at: filtersChangedAt });
  // a change of the filters starts the period afresh (set while rendering: no extra request)
  if (now.filtersChangedAt !== filtersChangedAt) setNow({ filtersChangedAt, at: filtersChangedAt });

  const query = useQuery({
    ...graphqlQuery(
      HistoryPageQuery,
      { filter: historyFilter(filters, now.at), limit: PAGE_SIZE, offset: page * PAGE_SIZE, sort: { field: 'STOPPED_AT', direction: 'DESC' } },
      queryKeys.history,
    ),
    // the previous page stays on screen (marked busy) while the next one loads
    placeholderData: keepPreviousData,
  });

  // coalesced refresh: the first event of a burst schedules one, later ones ride along
  const timer = useRef<number | undefined>(undefined);
  const lastRefresh = useRef(0);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const scheduleRefresh = useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = Math.max(SETTLE_MS, lastRefresh.current + REFRESH_EVERY_MS - Date.now());
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      const at = Date.now();
      lastRefresh.current = at;
      setNow((current) => ({ ...current, at }));
    }, wait);
  }, []);

  const data = query.data?.sessions;
  // hidden cells of a running sweep do not refresh the page as they finish
  const watch: SessionFilter = { ...(filters.type ? { types: [filters.type] } : {}), ...(filters.sweepCells ? {} : { sweepCells: 'EXCLUDE' }) };
  useSubscription(SessionListUpdatedSubscription, { filter: watch }, ({ sessionUpdated }) => {
    if (!['STATUS', 'DELETED', 'UPDATED', 'CREATED'].includes(sessionUpdated.kind)) return;
    const status = sessionUpdated.session?.status;
    const shown = data?.items.some((s) => s.id === sessionUpdated.sessionId) ?? false;
    // only a session that is finished, or one on this page (restarted, deleted), changes the page
    if (!shown && sessionUpdated.kind !== 'DELETED' && status && !FINISHED.includes(status)) return;
    scheduleRefresh();
  });

  return {
    items: data?.items ?? [],
    total: data?.total ?? 0,
    totalIsLowerBound: data?.totalIsLowerBound ?? false,
    /** Offset of the page shown (the previous page while the next one loads). */
    offset: data?.offset ?? page * PAGE_SIZE,
    loading: query.isFetching,
    error: query.error ?? undefined,
  };
}
