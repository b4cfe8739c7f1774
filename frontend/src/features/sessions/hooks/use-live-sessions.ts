import { useCallback, useEffect, useRef } from 'react';
import type { SessionCardFragment, SessionStatus, SessionType } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { useConnectionState } from '@/lib/use-connection-state';
import { useQuery } from '@/lib/use-query';
import { useSubscription } from '@/lib/use-subscription';
import { SessionCardQuery, SessionListQuery, SessionListUpdatedSubscription, StaleSessionsSubscription } from '../api/operations';

export type SessionCard = SessionCardFragment;

/**
 * Sessions of some types and statuses, kept live: `sessionUpdated` moves sessions in and out,
 * `staleSessions` refetches the session that went stale or recovered, and a reconnect of the
 * socket refetches the whole list (events may have been missed meanwhile). No polling.
 */
export function useLiveSessions(types: readonly SessionType[], statuses: readonly SessionStatus[]) {
  const filter = { types: [...types], statuses: [...statuses] };
  const query = useQuery(SessionListQuery, { filter, limit: 200, offset: 0 });
  const { setData, refetch } = query;
  const statusesKey = statuses.join(',');

  const belongs = useCallback((session: SessionCard) => statusesKey.split(',').includes(session.status), [statusesKey]);

  const upsert = useCallback(
    (session: SessionCard) => {
      setData((previous) => {
        if (!previous) return previous;
        const items = previous.sessions.items;
        const index = items.findIndex((item) => item.id === session.id);
        let next: SessionCard[];
        if (!belongs(session)) {
          if (index < 0) return previous;
          next = items.filter((item) => item.id !== session.id);
        } else if (index < 0) {
          next = [session, ...items];
        } else {
          next = items.slice();
          next[index] = session;
        }
        const total = previous.sessions.total + (next.length - items.length);
        return { sessions: { ...previous.sessions, items: next, total } };
      });
    },
    [belongs, setData],
  );

  const remove = useCallback(
    (id: string) => {
      setData((previous) => {
        if (!previous) return previous;
        const items = previous.sessions.items.filter((item) => item.id !== id);
        if (items.length === previous.sessions.items.length) return previous;
        return { sessions: { ...previous.sessions, items, total: previous.sessions.total - 1 } };
      });
    },
    [setData],
  );

  // the list filter would drop sessions that leave it (RUNNING → STOPPED): watch by type only
  useSubscription(SessionListUpdatedSubscription, { filter: { types: [...types] } }, ({ sessionUpdated }) => {
    if (sessionUpdated.session) upsert(sessionUpdated.session);
    else remove(sessionUpdated.sessionId);
  });

  const refetchOne = useCallback(
    async (id: string) => {
      try {
        const { session } = await request(SessionCardQuery, { id });
        if (session) upsert(session);
        else remove(id);
      } catch {
        // the next event or reconnect brings it up to date
      }
    },
    [upsert, remove],
  );

  useSubscription(StaleSessionsSubscription, {}, ({ staleSessions }) => void refetchOne(staleSessions.sessionId));

  const connection = useConnectionState();
  const previousConnection = useRef(connection);
  useEffect(() => {
    if (connection === 'connected' && previousConnection.current === 'reconnecting') void refetch();
    previousConnection.current = connection;
  }, [connection, refetch]);

  return {
    sessions: query.data?.sessions.items ?? [],
    total: query.data?.sessions.total ?? 0,
    loading: query.loading && !query.data,
    error: query.error,
    upsert,
    remove,
    refetch,
  };
}
