import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { SessionCardFragment } from '@/gql/graphql';
import { request } from '@/lib/graphql-client';
import { queryKeys } from '@/lib/query';
import { DeleteSessionMutation, RestartSessionMutation, StartSessionMutation, StopSessionMutation } from '../api/operations';

export type RowAction = 'start' | 'stop' | 'restart' | 'delete';

const labels: Record<RowAction, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', delete: 'Delete' };

/**
 * Runs lifecycle mutations for rows, remembering per row which one is pending and the last
 * error (shown next to the row). Successful results go to `onSession` / `onDeleted` (which
 * write them into the cached list on screen); the session's own views and the history are
 * invalidated, since a stop or a delete changes them.
 */
export function useRowActions(onSession: (session: SessionCardFragment) => void, onDeleted: (id: string) => void) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Record<string, RowAction | undefined>>({});
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  const run = useCallback(
    async (id: string, action: RowAction) => {
      setPending((p) => ({ ...p, [id]: action }));
      setErrors((e) => ({ ...e, [id]: undefined }));
      try {
        if (action === 'delete') {
          await request(DeleteSessionMutation, { id });
          onDeleted(id);
          queryClient.removeQueries({ queryKey: queryKeys.session(id) });
        } else {
          const document = { start: StartSessionMutation, stop: StopSessionMutation, restart: RestartSessionMutation }[action];
          const result = (await request(document as typeof StartSessionMutation, { id })) as Record<string, SessionCardFragment>;
          const session = Object.values(result)[0];
          if (session) onSession(session);
          void queryClient.invalidateQueries({ queryKey: queryKeys.session(id) });
        }
        if (action !== 'start') void queryClient.invalidateQueries({ queryKey: queryKeys.history });
      } catch (cause) {
        const message = cause instanceof Error ? cause.message : String(cause);
        setErrors((e) => ({ ...e, [id]: `${labels[action]} failed: ${message}` }));
      } finally {
        setPending((p) => ({ ...p, [id]: undefined }));
      }
    },
    [onSession, onDeleted, queryClient],
  );

  return { run, pending, errors };
}
