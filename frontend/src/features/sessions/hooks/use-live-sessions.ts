import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import type { SessionCardFragment, SessionListQuery as SessionListData, SessionStatus, SessionType } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useConnectionState } from '@/lib/use-connection-state';
import { useSubscription } from '@/lib/use-subscription';
import { SessionCardQuery, SessionListQuery, SessionListUpdatedSubscription, StaleSessionsSubscription } from '../api/operations';

export type SessionCard = SessionCardFragment;

/** The cached list of live sessions of these types and statuses. */
export function liveSessionsQuery(types: readonly SessionType[], statuses: readonly SessionStatus[]) {
  // a sweep's cells are never listed one by one: the sweep has a row of its own
  return graphqlQuery(SessionListQuery, { filter: { types: [...types], statuses: [...statuses], sweepCells: 'EXCLUDE' }, limit: 200, offset: 0 }, queryKeys.liveSessions);
}

/** `session` put into (or taken out of, when it no longer belongs) a cached page. */
function upsertInto(previous: SessionListData | undefined, session: SessionCard, belongs: boolean): SessionListData | undefined {
  if (!previous) return previous;
  const items = previous.sessions.items;
  const index = items.findIndex((item) => item.id === session.id);
  let next: SessionCard[];
  if (!belongs) {
    if (index < 0) return previous;
    next = items.filter((item) => item.id !== session.id);
  } else if (index < 0) {
    next = [session, ...items];
  } else {
    next = items.slice();
    next[index] = session;
  }
  return { sessions: { ...previous.sessions, items: next, total: previous.sessions.total + (next.length - items.length) } };
}

function removeFrom(previous: SessionListData | undefined, id: string): SessionListData | undefined {
  if (!previous) return previous;
  const items = previous.sessions.items.filter((item) => item.id !== id);
  if (items.length === previous.sessions.items.length) return previous;
  return { sessions: { ...previous.sessions, items, total: previous.sessions.total - 1 } };
}

/**
 * Sessions of some types and statuses, kept live in the query cache: `sessionUpdated` events
 * are written into the cached list (no refetch), `staleSessions` refetches the one session
 * that went stale or recovered, and a reconnect of the socket refetches the list (events may
 * have been missed meanwhile). No polling.
 */
export function useLiveSessions(types: readonly SessionType[], statuses: readonly SessionStatus[]) {
  const queryClient = useQueryClient();
  const options = liveSessionsQuery(types, statuses);
  const query = useQuery(options);
  const { queryKey } = options;
  const keyText = JSON.stringify(queryKey);
  const statusesKey = statuses.join(',');

  const upsert = useCallback(
    (session: SessionCard) => {
      const belongs = statusesKey.split(',').includes(session.status) && !session.sweepId;
      queryClient.setQueryData<SessionListData>(JSON.parse(keyText) as readonly unknown[], (previous) => upsertInto(previous, session, belongs));
    },
    [queryClient, keyText, statusesKey],
  );

  const remove = useCallback(
    (id: string) => queryClient.setQueryData<SessionListData>(JSON.parse(keyText) as readonly unknown[], (previous) => removeFrom(previous, id)),
    [queryClient, keyText],
  );

  // the list filter would drop sessions that leave it (RUNNING → STOPPED): watch by type only
  useSubscription(SessionListUpdatedSubscription, { filter: { types: [...types], sweepCells: 'EXCLUDE' } }, ({ sessionUpdated }) => {
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

  const { refetch } = query;
  const connection = useConnectionState();
  const previousConnection = useRef(connection);
  useEffect(() => {
    if (connection === 'connected' && previousConnection.current === 'reconnecting') void refetch();
    previousConnection.current = connection;
  }, [connection, refetch]);

  return {
    sessions: query.data?.sessions.items ?? [],
    total: query.data?.sessions.total ?? 0,
    loading: query.isPending,
    error: query.error ?? undefined,
    upsert,
    remove,
  };
}
