import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogLevel, SessionLogStreamSubscription } from '@/gql/graphql';
import { subscribe } from '@/lib/graphql-client';
import { useConnectionState } from '@/lib/use-connection-state';
import { SessionLogsSubscription } from '../api/operations';

export type LogLine = SessionLogStreamSubscription['sessionLogBatches'][number] & { key: number };

/** The most lines kept in memory; older ones are dropped. */
export const MAX_LINES = 5_000;
const FLUSH_MS = 50;
const NO_LINES: LogLine[] = [];

/**
 * Streams a session's log lines: the last `tail` first, then live ones. Lines arriving fast are
 * applied in batches, the buffer is bounded, and after a reconnect the stream resumes after
 * the last sequence seen, so nothing is lost or repeated.
 */
export function useSessionLogs(sessionId: string, levels: readonly LogLevel[] | undefined, { maxLines = MAX_LINES, tail = 200 } = {}) {
  const levelsKey = levels?.join(',') ?? '';
  // everything below belongs to one stream (session and filter): a new one starts over
  const stream = `${sessionId}|${levelsKey}`;
  const [shown, setShown] = useState<{ stream: string; lines: LogLine[] }>({ stream, lines: [] });
  const [failure, setFailure] = useState<{ attempt: string; message: string } | undefined>(undefined);
  const cursor = useRef({ stream, lastSequence: 0 });
  const pending = useRef<{ stream: string; lines: LogLine[] }>({ stream, lines: [] });
  const timer = useRef<number | undefined>(undefined);
  const nextKey = useRef(1);
  const [resume, setResume] = useState(0);
  const connection = useConnectionState();
  const wasDown = useRef(false);
  // one subscription attempt: an error is shown until the next one starts
  const attempt = `${stream}|${tail}|${resume}`;

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
    pending.current = { stream: batch.stream, lines: [] };
    if (batch.lines.length === 0) return;
    setShown((previous) => {
      const next = previous.stream === batch.stream ? previous.lines.concat(batch.lines) : batch.lines;
      return { stream: batch.stream, lines: next.length > maxLines ? next.slice(next.length - maxLines) : next };
    });
  }, [maxLines]);

  useEffect(() => {
    if (cursor.current.stream !== stream) cursor.current = { stream, lastSequence: 0 };
    if (pending.current.stream !== stream) pending.current = { stream, lines: [] };
    const after = cursor.current.lastSequence;
    const variables = {
      sessionId,
      levels: levelsKey ? (levelsKey.split(',') as LogLevel[]) : null,
      ...(after > 0 ? { afterSequence: after } : { tail }),
    };
    const dispose = subscribe(SessionLogsSubscription, variables, {
      // each event carries the lines that arrived together: one while we keep up, more under load
      next: ({ sessionLogBatches }) => {
        const buffer = pending.current.lines;
        for (const entry of sessionLogBatches) {
          const seq = entry.sequence;
          if (seq !== null && seq !== undefined) {
            if (seq <= cursor.current.lastSequence) continue; // already shown (the socket's own resubscribe)
            cursor.current.lastSequence = seq;
          }
          buffer.push({ ...entry, key: nextKey.current++ });
        }
        if (buffer.length > maxLines) buffer.splice(0, buffer.length - maxLines);
        if (buffer.length > 0 && timer.current === undefined) timer.current = window.setTimeout(flush, FLUSH_MS);
      },
      error: (e) => setFailure({ attempt, message: e.message }),
    });
    return () => {
      dispose();
      window.clearTimeout(timer.current);
      timer.current = undefined;
      flush();
    };
  }, [sessionId, levelsKey, stream, attempt, tail, resume, flush, maxLines]);

  const clear = useCallback(() => {
    pending.current = { stream, lines: [] };
    setShown({ stream, lines: [] });
  }, [stream]);

  // lines and errors of an earlier stream or attempt are not this one's
  const lines = shown.stream === stream ? shown.lines : NO_LINES;
  const error = failure?.attempt === attempt ? failure.message : undefined;
  return { lines, clear, error, connection };
}
