import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from '@/gql/graphql';
import { request } from './graphql-client';

export interface QueryState<TResult> {
  data: TResult | undefined;
  error: Error | undefined;
  loading: boolean;
  /** Fetches again; the previous data stays visible meanwhile. */
  refetch: () => Promise<void>;
  /** Replaces the data locally (for live updates). */
  setData: (update: (previous: TResult | undefined) => TResult | undefined) => void;
}

/** Runs a query when mounted and whenever `variables` (compared as JSON) change. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  { enabled = true }: { enabled?: boolean } = {},
): QueryState<TResult> {
  const [data, setDataState] = useState<TResult | undefined>(undefined);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const key = JSON.stringify(variables ?? null);
  const latest = useRef(0);

  const run = useCallback(
    async (signal?: AbortSignal) => {
      const id = ++latest.current;
      setLoading(true);
      try {
        const result = await (request as (d: unknown, v: unknown, s?: AbortSignal) => Promise<TResult>)(document, JSON.parse(key), signal);
        if (id !== latest.current) return;
        setDataState(result);
        setError(undefined);
      } catch (cause) {
        if (cause instanceof DOMException && cause.name === 'AbortError') return;
        if (id !== latest.current) return;
        setError(cause instanceof Error ? cause : new Error(String(cause)));
      } finally {
        if (id === latest.current) setLoading(false);
      }
    },
    [document, key],
  );

  useEffect(() => {
    if (!enabled) return undefined;
    const controller = new AbortController();
    void run(controller.signal);
    return () => controller.abort();
  }, [run, enabled]);

  const refetch = useCallback(() => run(), [run]);
  const setData = useCallback((update: (previous: TResult | undefined) => TResult | undefined) => setDataState(update), []);

  return { data, error, loading, refetch, setData };
}
