import { useCallback, useEffect, useRef, useState } from 'react';
import type { SessionFilter, SessionType } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { useSubscription } from '@/lib/use-subscription';
import { SessionListQuery, SessionListUpdatedSubscription } from '../api/operations';
import type { SessionCard } from './use-live-sessions';

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
}

export const PAGE_SIZE = 20;
const FINISHED = ['STOPPED', 'COMPLETED', 'FAILED'] as const;
const BATCH = 200;

/**
 * Finished sessions, newest stop first, one page of 20. Type, market and search filter on the
 * server; the API has no time filter, so a period reads the stop-ordered list only as far as
 * the period reaches and pages over that. Refreshes when a session finishes, changes or is
 * deleted (sessionUpdated), never by polling.
 */
export function useHistory(filters: HistoryFilters, page: number) {
  const [items, setItems] = useState<SessionCard[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error | undefined>(undefined);
  const latest = useRef(0);

  const filter: SessionFilter = {
    statuses: [...FINISHED],
    ...(filters.type ? { types: [filters.type] } : {}),
    ...(filters.market ? { markets: [filters.market] } : {}),
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
  };
  const key = JSON.stringify([filter, filters.period, page]);

  const load = useCallback(async () => {
    const id = ++latest.current;
    const [f, period, p] = JSON.parse(key) as [SessionFilter, Period, number];
    const sort = { field: 'STOPPED_AT' as const, direction: 'DESC' as const };
    setLoading(true);
    try {
      const seconds = PERIODS.find((x) => x.value === period)?.seconds;
      if (seconds === undefined) {
        const { sessions } = await request(SessionListQuery, { filter: f, limit: PAGE_SIZE, offset: p * PAGE_SIZE, sort });
        if (id !== latest.current) return;
        setItems(sessions.items);
        setTotal(sessions.total);
      } else {
        const cutoff = Date.now() - seconds * 1000;
        const within: SessionCard[] = [];
        for (let offset = 0; ; offset += BATCH) {
          const { sessions } = await request(SessionListQuery, { filter: f, limit: BATCH, offset, sort });
          const inPeriod = sessions.items.filter((s) => Date.parse(s.stoppedAt ?? s.createdAt) >= cutoff);
          within.push(...inPeriod);
          if (inPeriod.length < sessions.items.length || offset + BATCH >= sessions.total) break;
        }
        if (id !== latest.current) return;
        setItems(within.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE));
        setTotal(within.length);
      }
      setError(undefined);
    } catch (cause) {
      if (id === latest.current) setError(cause instanceof Error ? cause : new Error(String(cause)));
    } finally {
      if (id === latest.current) setLoading(false);
    }
  }, [key]);

  useEffect(() => {
    void load();
  }, [load]);

  // a burst of events (a stop moves several fields) refreshes once
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  useSubscription(SessionListUpdatedSubscription, { filter: filters.type ? { types: [filters.type] } : {} }, ({ sessionUpdated }) => {
    if (!['STATUS', 'DELETED', 'UPDATED', 'CREATED'].includes(sessionUpdated.kind)) return;
    const status = sessionUpdated.session?.status;
    if (sessionUpdated.kind === 'CREATED' && status && !(FINISHED as readonly string[]).includes(status)) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void load(), 250);
  });

  return { items, total, loading, error, reload: load };
}
