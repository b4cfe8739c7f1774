import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLevel, SessionLogStreamSubscription } from '@/gql/graphql';
import { subscribe } from '@/lib/graphql-client';
import { useConnectionState } from '@/lib/use-connection-state';
import { SessionLogsSubscription } from '../api/operations';

export type LogLine = SessionLogStreamSubscription['sessionLogBatches'][number] & { key: number };

/** The most lines kept in memory; older ones are dropped. */
export const MAX_LINES = 5_000;
const FLUSH_MS = 50;

/**
 * Streams a session's log lines: the last `tail` first, then live ones. Lines arriving fast are
 * applied in batches, the buffer is bounded, and after a reconnect the stream resumes after
 * the last sequence seen, so nothing is lost or repeated.
 */
export function useSessionLogs(sessionId: string, levels: readonly LogLevel[] | undefined, { maxLines = MAX_LINES, tail = 200 } = {}) {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const lastSequence = useRef(0);
  const pending = useRef<LogLine[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const nextKey = useRef(1);
  const [resume, setResume] = useState(0);
  const connection = useConnectionState();
  const wasDown = useRef(false);
  const levelsKey = levels?.join(',') ?? '';

  // a new filter or session starts over
  useEffect(() => {
    lastSequence.current = 0;
    pending.current = [];
    setLines([]);
  }, [sessionId, levelsKey]);

  useEffect(() => {
    if (connection === 'reconnecting') wasDown.current = true;
    if (connection === 'connected' && wasDown.current) {
      wasDown.current = false;
      setResume((n) => n + 1);
    }
  }, [connection]);

  const flush = useCallback(() => {
    timer.current = undefined;
    const batch = pending.current;
    pending.current = [];
    if (batch.length === 0) return;
    setLines((previous) => {
      const next = previous.concat(batch);
      return next.length > maxLines ? next.slice(next.length - maxLines) : next;
    });
  }, [maxLines]);

  useEffect(() => {
    const after = lastSequence.current;
    const variables = {
      sessionId,
      levels: levelsKey ? (levelsKey.split(',') as LogLevel[]) : null,
      ...(after > 0 ? { afterSequence: after } : { tail }),
    };
    setError(undefined);
    const dispose = subscribe(SessionLogsSubscription, variables, {
      // each event carries the lines that arrived together: one while we keep up, more under load
      next: ({ sessionLogBatches }) => {
        for (const entry of sessionLogBatches) {
          const seq = entry.sequence;
          if (seq !== null && seq !== undefined) {
            if (seq <= lastSequence.current) continue; // already shown (the socket's own resubscribe)
            lastSequence.current = seq;
          }
          pending.current.push({ ...entry, key: nextKey.current++ });
        }
        if (pending.current.length > maxLines) pending.current.splice(0, pending.current.length - maxLines);
        if (pending.current.length > 0 && timer.current === undefined) timer.current = window.setTimeout(flush, FLUSH_MS);
      },
      error: (e) => setError(e.message),
    });
    return () => {
      dispose();
      window.clearTimeout(timer.current);
      timer.current = undefined;
      flush();
    };
  }, [sessionId, levelsKey, tail, resume, flush, maxLines]);

  const clear = useCallback(() => {
    pending.current = [];
    setLines([]);
  }, []);

  return { lines, clear, error, connection };
}
