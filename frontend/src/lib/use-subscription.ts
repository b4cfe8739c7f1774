import { useEffect, useEffectEvent } from 'react';
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
  // the callbacks of the latest render, without reopening the subscription when they change
  const onNext = useEffectEvent((data: TResult) => onData(data));
  const onError = useEffectEvent((error: GraphQLRequestError) => options.onError?.(error));
  const key = JSON.stringify(variables ?? null);
  const enabled = options.enabled ?? true;

  useEffect(() => {
    if (!enabled) return undefined;
    return subscribe(document, JSON.parse(key) as TVariables, {
      next: (data) => onNext(data),
      error: (error) => onError(error),
    });
  }, [document, key, enabled]);
}
