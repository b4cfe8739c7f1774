import { useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import type { LogLevel } from '@/gql/graphql';
import type { ConnectionState } from '@/lib/graphql-client';
import { formatInteger, formatTimeOfDay } from '@/lib/format';
import { useSessionLogs, type LogLine } from '../hooks/use-session-logs';

export const ROW_HEIGHT = 20;
const OVERSCAN = 20;
const FILTERS: { value: '' | LogLevel; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'INFO', label: 'INFO' },
  { value: 'TRADE', label: 'TRADE' },
  { value: 'WARN', label: 'WARN' },
  { value: 'ERROR', label: 'ERROR' },
];

function lineClass(line: LogLine): string {
  if (line.kind === 'MISSED') return 'log-line log-line--missed';
  if (line.level === 'TRADE') return `log-line log-line--trade-${line.trade?.action === 'EXIT' ? 'exit' : 'entry'}`;
  if (line.level === 'HEARTBEAT') return 'log-line log-line--heartbeat';
  return `log-line log-line--${line.level.toLowerCase()}`;
}

function LogRow({ line, top }: { line: LogLine; top: number }) {
  const level = line.level === 'HEARTBEAT' ? '♡' : line.kind === 'MISSED' ? '⚠' : line.level;
  const message = line.kind === 'MISSED' ? `${formatInteger(line.missed ?? 0)} lines skipped: this view fell behind` : line.message;
  return (
    <div className={lineClass(line)} style={{ top, height: ROW_HEIGHT }} role="listitem">
      <span className="log-line__time">{formatTimeOfDay(line.timestamp)}</span>
      <span className="log-line__level">{level}</span>
      <span className="log-line__message">{message}</span>
    </div>
  );
}

const connectionLabels: Record<ConnectionState, string> = {
  connected: 'Connected via WebSocket',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting… (will resume where it left off)',
  closed: 'Disconnected',
};

/**
 * Tick-by-tick logs: a level filter, auto-scroll that pauses when the reader scrolls up (with a
 * way back to live), [Clear], the connection state. Only the visible rows are rendered.
 */
export function LogView({ sessionId, height = 420 }: { sessionId: string; height?: number }) {
  const [level, setLevel] = useState<'' | LogLevel>('');
  const { lines, clear, error, connection } = useSessionLogs(sessionId, level ? [level] : undefined);
  const [follow, setFollowing] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  // how many lines there were when following stopped: the rest arrived unseen
  const [seenBeforePause, setSeenBeforePause] = useState(0);
  const unseen = follow ? 0 : Math.max(0, lines.length - seenBeforePause);
  const setFollow = (on: boolean) => {
    if (on === follow) return;
    if (!on) setSeenBeforePause(lines.length);
    setFollowing(on);
  };

  const totalHeight = lines.length * ROW_HEIGHT;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (follow) {
      el.scrollTop = totalHeight;
      setScrollTop(el.scrollTop);
    }
  }, [totalHeight, follow]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    setScrollTop(el.scrollTop);
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= ROW_HEIGHT;
    setFollow(atBottom);
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(lines.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = lines.slice(first, last);

  return (
    <section className="logs" aria-label="Live logs">
      <div className="logs__toolbar">
        <label>
          Filter:{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value as '' | LogLevel)} aria-label="Level">
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label className="logs__follow">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Auto-scroll
        </label>
        <span className="muted tabular">{formatInteger(lines.length)} lines</span>
        <button type="button" className="button button--small" onClick={clear}>
          Clear
        </button>
      </div>
      <div className="logs__scroller" ref={scroller} style={{ height }} onScroll={onScroll} tabIndex={0} role="list" aria-label="Log lines">
        <div style={{ height: totalHeight, position: 'relative' }}>
          {visible.map((line, i) => (
            <LogRow key={line.key} line={line} top={(first + i) * ROW_HEIGHT} />
          ))}
        </div>
        {lines.length === 0 && <p className="logs__empty muted">Waiting for log lines…</p>}
      </div>
      <div className="logs__footer">
        <span className={`connection connection--${connection}`} role="status">
          Connection: <span aria-hidden="true">●</span> {connectionLabels[connection]}
        </span>
        {error && (
          <span className="field__error" role="alert">
            {error}
          </span>
        )}
        {!follow && (
          <button type="button" className="button button--small button--primary" onClick={() => setFollow(true)}>
            ▼ Back to live{unseen > 0 ? ` (${formatInteger(unseen)} new)` : ''}
          </button>
        )}
      </div>
    </section>
  );
}
