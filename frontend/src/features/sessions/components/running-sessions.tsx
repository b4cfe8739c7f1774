import { useEffect, useMemo, type CSSProperties, type ReactNode } from 'react';
import { Notice } from '@/components/ui/notice';
import { Pnl } from '@/components/ui/pnl';
import { ConnectionIndicator } from '@/components/ui/connection-indicator';
import { formatAgo, formatClock, formatCount, formatInteger, formatPercent, secondsSince } from '@/lib/format';
import { useNow } from '@/lib/use-now';
import { useWindowedRows } from '@/lib/use-windowed-rows';
import type { SessionCard } from '../hooks/use-live-sessions';
import { useRowActions, type RowAction } from '../hooks/use-row-actions';
import { useRunningSweeps } from '../hooks/use-running-sweeps';
import { useSessionGroups, type SessionGroup } from '../hooks/use-session-groups';
import { SweepCard } from './sweep-card';
import { ConfirmButton } from '@/components/ui/confirm-button';

const TYPES = ['TEST', 'BACKTEST'] as const;

/** The height of a session row, and what a row showing an error adds (see `.card--windowed`). */
export const ROW_HEIGHT = 78;
export const ERROR_LINE_HEIGHT = 24;
/** The next page is asked for when the rows in view come this close to the last loaded one. */
const LOAD_AHEAD = 30;

type Kind = 'running' | 'stale' | 'created';

export interface RunningSessionsProps {
  onView: (id: string) => void;
  onEdit: (id: string) => void;
  /** Opens a sweep's page. */
  onViewSweep: (id: string) => void;
}

/**
 * Running Sessions tab: test and backtest sessions that run, went stale, or wait to start. A
 * running sweep is one row (never one per cell); a sweep a restart interrupted waits for a resume.
 * Each group is counted by the server and shows only the rows in view, loading further pages as
 * it scrolls, so it stays quick with thousands of sessions.
 */
export function RunningSessions({ onView, onEdit, onViewSweep }: RunningSessionsProps) {
  const groups = useSessionGroups(TYPES);
  const sweeps = useRunningSweeps();
  const actions = useRowActions(groups.upsert, groups.remove);
  const now = useNow(1000);

  const row = (session: SessionCard, kind: Kind, style: CSSProperties, position: number, setSize: number) => (
    <SessionRow
      key={session.id}
      session={session}
      kind={kind}
      now={now}
      style={style}
      position={position}
      setSize={setSize}
      pending={actions.pending[session.id]}
      error={actions.errors[session.id]}
      onAction={(action) => void actions.run(session.id, action)}
      onView={() => onView(session.id)}
      onEdit={() => onEdit(session.id)}
    />
  );
  const list = (group: SessionGroup, kind: Kind, label: string) => (
    <WindowedSessions group={group} label={label} errors={actions.errors} renderRow={(session, style, position, setSize) => row(session, kind, style, position, setSize)} />
  );
  const runningCount = groups.running.count + sweeps.running.length;

  return (
    <section aria-labelledby="running-title">
      <div className="panel__header">
        <h1 id="running-title">Running Sessions</h1>
        <ConnectionIndicator />
      </div>
      {groups.error && (
        <Notice kind="error" title="Could not load sessions">
          <p className="notice__detail">{groups.error.message}</p>
        </Notice>
      )}
      {sweeps.error && !groups.error && (
        <Notice kind="error" title="Could not load sweeps">
          <p className="notice__detail">{sweeps.error.message}</p>
        </Notice>
      )}
      {groups.loading ? (
        <Notice kind="loading">Loading sessions…</Notice>
      ) : !groups.loaded ? // the first read failed: the notice above says so, and no group is shown as if it were empty
      null : (
        <>
          <Group title={`RUNNING SESSIONS (${countText(runningCount, groups.running.countIsLowerBound)})`} empty={runningCount === 0 ? 'No session is running.' : undefined}>
            {sweeps.running.length > 0 && (
              <ul className="cards cards--sweeps" aria-label="Running sweeps">
                {sweeps.running.map((sweep) => (
                  <SweepCard key={`sweep-${sweep.id}`} sweep={sweep} onApply={sweeps.apply} onView={() => onViewSweep(sweep.id)} />
                ))}
              </ul>
            )}
            {groups.running.count > 0 && list(groups.running, 'running', 'Running sessions')}
          </Group>
          {sweeps.interrupted.length > 0 && (
            <Group title={`INTERRUPTED SWEEPS (${sweeps.interrupted.length})`} subtitle="a server restart stopped them — resume to run the cells left" tone="warn">
              <ul className="cards">
                {sweeps.interrupted.map((sweep) => (
                  <SweepCard key={`sweep-${sweep.id}`} sweep={sweep} onApply={sweeps.apply} onView={() => onViewSweep(sweep.id)} />
                ))}
              </ul>
            </Group>
          )}
          {groups.stale.count > 0 && (
            <Group title={`STALE SESSIONS (${countText(groups.stale.count, groups.stale.countIsLowerBound)})`} subtitle="no heartbeat > 30s — may need restart" tone="warn">
              {list(groups.stale, 'stale', 'Stale sessions')}
            </Group>
          )}
          <Group title={`PENDING / CREATED (${countText(groups.created.count, groups.created.countIsLowerBound)})`} empty={groups.created.count === 0 ? 'No session waits to be started.' : undefined}>
            {groups.created.count > 0 && list(groups.created, 'created', 'Created sessions')}
          </Group>
        </>
      )}
    </section>
  );
}

function countText(count: number, lowerBound: boolean): string {
  return `${formatInteger(count)}${lowerBound ? '+' : ''}`;
}

function Group({ title, subtitle, empty, tone, children }: { title: string; subtitle?: string; empty?: string; tone?: 'warn'; children?: ReactNode }) {
  return (
    <section className={`group${tone ? ` group--${tone}` : ''}`} aria-label={title}>
      <h2 className="group__title">
        {title}
        {subtitle && <span className="group__subtitle"> {subtitle}</span>}
      </h2>
      {empty ? <p className="group__empty">{empty}</p> : children}
    </section>
  );
}

/**
 * A group's sessions as a windowed list: only the rows in view (and a few beyond) are in the
 * page; rows not loaded yet show as placeholders and ask for the next page as they come near.
 */
function WindowedSessions({
  group,
  label,
  errors,
  renderRow,
}: {
  group: SessionGroup;
  label: string;
  errors: Record<string, string | undefined>;
  renderRow: (session: SessionCard, style: CSSProperties, position: number, setSize: number) => ReactNode;
}) {
  const { items, hasMore, loadMore } = group;
  // while pages remain, a row past the loaded ones lets the list scroll on to them
  const count = hasMore ? Math.max(group.count, items.length + 1) : items.length;
  const tall = useMemo(() => {
    const rows = new Map<number, number>();
    items.forEach((session, index) => {
      if (errors[session.id]) rows.set(index, ROW_HEIGHT + ERROR_LINE_HEIGHT);
    });
    return rows;
  }, [items, errors]);
  const { ref, rows, totalHeight } = useWindowedRows({ count, rowHeight: ROW_HEIGHT, tall, overscan: 6 });
  const lastInView = rows.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && lastInView >= items.length - LOAD_AHEAD) loadMore();
  }, [hasMore, lastInView, items.length, loadMore]);

  return (
    <ul className="cards cards--windowed" ref={ref} style={{ height: totalHeight }} aria-label={label}>
      {rows.map(({ index, top, height }) => {
        const session = items[index];
        const style = { top, height };
        return session ? (
          renderRow(session, style, index + 1, count)
        ) : (
          <li key={`placeholder-${index}`} className="card card--windowed card--placeholder" style={style} aria-hidden="true">
            <span className="muted">Loading…</span>
          </li>
        );
      })}
    </ul>
  );
}

function SessionRow({
  session,
  kind,
  now,
  style,
  position,
  setSize,
  pending,
  error,
  onAction,
  onView,
  onEdit,
}: {
  session: SessionCard;
  kind: Kind;
  now: number;
  /** Where the row lies in its windowed list. */
  style: CSSProperties;
  /** Its place in the whole group (1-based) and the group's size, for assistive technology. */
  position: number;
  setSize: number;
  pending: RowAction | undefined;
  error: string | undefined;
  onAction: (action: RowAction) => void;
  onView: () => void;
  onEdit: () => void;
}) {
  const busy = pending !== undefined;
  const heartbeat = secondsSince(session.lastUpdated ?? session.startedAt, now);
  const uptime = secondsSince(session.startedAt, now);
  const icon = kind === 'running' ? '●' : kind === 'stale' ? '⚠' : '○';
  const progress = session.type === 'BACKTEST' ? session.progress : null;
  return (
    <li className={`card card--windowed card--${kind}`} style={style} aria-label={session.name} aria-posinset={position} aria-setsize={setSize}>
      <div className="card__line">
        <span className={`card__icon card__icon--${kind}`} aria-hidden="true">
          {icon}
        </span>
        <button type="button" className="card__name linklike" onClick={onView}>
          {session.name}
        </button>
        <span className="card__cell">{session.strategy?.name ?? session.strategyId}</span>
        <span className="card__cell card__market">{session.market}</span>
        <span className="card__cell num">
          {kind === 'created' ? (
            <>Created {formatAgo(secondsSince(session.createdAt, now) ?? 0)}</>
          ) : kind === 'stale' ? (
            <span className="heartbeat heartbeat--stale">♡ {heartbeat !== undefined ? formatAgo(heartbeat) : '—'}</span>
          ) : progress ? (
            <>Backtesting {formatPercent(progress.percent, 0)}</>
          ) : (
            <span title="Uptime">{uptime !== undefined ? formatClock(uptime) : '—'}</span>
          )}
        </span>
        <span className="card__cell num">
          {kind === 'stale' ? <span className="badge badge--warn">STALE</span> : kind === 'created' ? null : formatCount(session.tradeCount, 'trade')}
        </span>
      </div>
      <div className="card__line card__line--second">
        <span className="card__detail">
          {kind === 'created' ? (
            <span className="muted">Not started · {session.type === 'BACKTEST' ? 'Backtest' : 'Live test'}</span>
          ) : kind === 'stale' ? (
            <>
              Last known: {formatCount(session.tradeCount, 'trade')}, <Pnl value={session.totalPnl} />
            </>
          ) : session.type === 'BACKTEST' ? (
            <BacktestProgress done={session.progress?.done} total={session.progress?.total} percent={session.progress?.percent} pnl={session.totalPnl} trades={session.tradeCount} />
          ) : (
            <>
              PnL: <Pnl value={session.totalPnl} /> <span className="muted">({formatPercent(session.winRate, 0)} win)</span>
            </>
          )}
          {kind === 'running' && heartbeat !== undefined && <span className="heartbeat">♡ {formatAgo(heartbeat)}</span>}
        </span>
        <span className="card__actions">
          {kind === 'running' && (
            <>
              <button type="button" className="button" disabled={busy} onClick={() => onAction('stop')} aria-label={`Stop ${session.name}`}>
                {pending === 'stop' ? 'Stopping…' : 'Stop'}
              </button>
              <button type="button" className="button" onClick={onView} aria-label={`View ${session.name}`}>
                View
              </button>
            </>
          )}
          {kind === 'stale' && (
            <>
              <button type="button" className="button" disabled={busy} onClick={() => onAction('restart')} aria-label={`Restart ${session.name}`}>
                {pending === 'restart' ? 'Restarting…' : 'Restart'}
              </button>
              <button type="button" className="button" disabled={busy} onClick={() => onAction('stop')} aria-label={`Stop ${session.name}`}>
                {pending === 'stop' ? 'Stopping…' : 'Stop'}
              </button>
            </>
          )}
          {kind === 'created' && (
            <>
              <button type="button" className="button button--primary" disabled={busy} onClick={() => onAction('start')} aria-label={`Start ${session.name}`}>
                {pending === 'start' ? 'Starting…' : 'Start'}
              </button>
              <button type="button" className="button" disabled={busy} onClick={onEdit} aria-label={`Edit ${session.name}`}>
                Edit
              </button>
              <ConfirmButton label="×" ariaLabel={`Delete ${session.name}`} disabled={busy} onConfirm={() => onAction('delete')} />
            </>
          )}
        </span>
      </div>
      {error && (
        <p className="card__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function BacktestProgress({ done, total, percent, pnl, trades }: { done?: number; total?: number; percent?: number; pnl: string; trades: number }) {
  if (done === undefined || total === undefined) return <span className="muted">Progress: waiting for the first candles…</span>;
  return (
    <span className="progress-line">
      <span>
        Progress: {formatInteger(done)} / {formatInteger(total)} candles
      </span>
      <progress className="progress" max={total || 1} value={done} aria-label="Backtest progress">
        {percent}%
      </progress>
      <span className="muted">
        {formatCount(trades, 'trade')} · <Pnl value={pnl} />
      </span>
    </span>
  );
}
