import { QueryClient, queryOptions, type QueryKey } from '@tanstack/react-query';
import type { TypedDocumentString } from '@/gql/graphql';
import { request } from './graphql-client';

/**
 * The one cache of server state (TanStack Query). Subscriptions keep it live — they write
 * events into it with `setQueryData` or invalidate what they touch — so nothing polls, and
 * a query is not refetched when the window regains focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}

/**
 * Query keys by what they hold, so that an event or a mutation invalidates exactly its part:
 * `['sessions', …]` lists of sessions, `['session', id, …]` one session's views,
 * `['reference', …]` strategies and markets (they change only with a release), `['sweeps', …]`
 * lists of sweeps, `['sweep', id, …]` one sweep's views.
 */
export const queryKeys = {
  sessionLists: ['sessions'] as const,
  liveSessions: ['sessions', 'live'] as const,
  history: ['sessions', 'history'] as const,
  session: (id: string) => ['session', id] as const,
  reference: ['reference'] as const,
  sweepLists: ['sweeps'] as const,
  sweep: (id: string) => ['sweep', id] as const,
};

function operationName(document: TypedDocumentString<unknown, unknown>): string {
  return /(?:query|mutation|subscription)\s+(\w+)/.exec(document.toString())?.[1] ?? 'anonymous';
}

/**
 * Options of a GraphQL query: keyed `[...scope, operation name, variables]`, so that two
 * panels asking the same thing share one request and one cached answer.
 */
export function graphqlQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  scope: QueryKey = [],
) {
  return queryOptions({
    queryKey: [...scope, operationName(document as TypedDocumentString<unknown, unknown>), variables ?? {}] as QueryKey,
    queryFn: ({ signal }) => (request as (d: unknown, v: unknown, s?: AbortSignal) => Promise<TResult>)(document, variables ?? {}, signal),
  });
}

/** Options of a query for reference data (strategies, markets): cached for the page's life. */
export function referenceQuery<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables) {
  return queryOptions({ ...graphqlQuery(document, variables, queryKeys.reference), staleTime: Infinity });
}
