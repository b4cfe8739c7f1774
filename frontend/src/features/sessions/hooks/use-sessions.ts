import { ApiError } from '@/lib/api-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  getSessions,
  getSessionsHealth,
  type SessionHealth,
  type SessionsPage,
} from '../api/get-sessions';

export type SessionsState =
  | { status: 'loading' }
  | { status: 'error'; message: string; /** no HTTP answer at all (server down, network) */ unreachable: boolean }
  | {
      status: 'ready';
      page: SessionsPage;
      health: ReadonlyMap<string, SessionHealth>;
      /** Unix milliseconds of the last successful load. */
      loadedAt: number;
      /** Set when the latest refresh failed: the rows shown are from `loadedAt`. */
      refreshError?: string;
    };

export const SESSIONS_REFRESH_MS = 5000;

/**
 * Loads `GET /sessions` and `GET /sessions/health`, and reloads them every `refreshMs`.
 * Health is best effort: when only it fails, the list still shows.
 * A failed first load is an error; a failed refresh keeps the last rows and says so.
 */
export function useSessions(refreshMs = SESSIONS_REFRESH_MS): SessionsState & { reload: () => void } {
  const [state, setState] = useState<SessionsState>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    let timer: number | undefined;
    let disposed = false;

    const load = async () => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const [page, health] = await Promise.allSettled([
        getSessions(abort.signal),
        getSessionsHealth(abort.signal),
      ]);
      if (disposed || abort.signal.aborted) return;
      if (page.status === 'rejected') {
        const message = messageOf(page.reason);
        setState((previous) =>
          previous.status === 'ready'
            ? { ...previous, refreshError: message }
            : { status: 'error', message, unreachable: !(page.reason instanceof ApiError && page.reason.status !== undefined) },
        );
      } else {
        const byId = new Map<string, SessionHealth>();
        if (health.status === 'fulfilled') {
          for (const entry of health.value.sessions) byId.set(String(entry.id), entry);
        }
        setState({ status: 'ready', page: page.value, health: byId, loadedAt: Date.now() });
      }
      timer = window.setTimeout(load, refreshMs);
    };

    void load();
    return () => {
      disposed = true;
      window.clearTimeout(timer);
      controller.current?.abort();
    };
  }, [refreshMs, generation]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setGeneration((g) => g + 1);
  }, []);

  return { ...state, reload };
}

function messageOf(reason: unknown): string {
  return reason instanceof Error ? reason.message : String(reason);
}
