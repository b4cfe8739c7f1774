import { useEffect, useRef } from 'react';
import type { TypedDocumentString } from '@/gql/graphql';
import { subscribe, type GraphQLRequestError } from './graphql-client';

/**
 * Keeps a subscription open while the component is mounted and `variables` (compared as
 * JSON) stay the same; ends it on unmount. The latest callbacks are always used.
 */
export function useSubscription<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
  options: { enabled?: boolean; onError?: (error: GraphQLRequestError) => void } = {},
): void {
  const onDataRef = useRef(onData);
  const onErrorRef = useRef(options.onError);
  onDataRef.current = onData;
  onErrorRef.current = options.onError;
  const key = JSON.stringify(variables ?? null);
  const enabled = options.enabled ?? true;

  useEffect(() => {
    if (!enabled) return undefined;
    return subscribe(document, JSON.parse(key) as TVariables, {
      next: (data) => onDataRef.current(data),
      error: (error) => onErrorRef.current?.(error),
    });
  }, [document, key, enabled]);
}
