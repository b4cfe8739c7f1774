import type { ReactNode } from 'react';
import { Notice } from '@/components/ui/notice';
import { Pnl } from '@/components/ui/pnl';
import { ConnectionIndicator } from '@/components/ui/connection-indicator';
import { formatAgo, formatClock, formatCount, formatInteger, formatPercent, secondsSince } from '@/lib/format';
import { useNow } from '@/lib/use-now';
import { useLiveSessions, type SessionCard } from '../hooks/use-live-sessions';
import { useRowActions, type RowAction } from '../hooks/use-row-actions';
import { useRunningSweeps } from '../hooks/use-running-sweeps';
import { SweepCard } from './sweep-card';
import { ConfirmButton } from '@/components/ui/confirm-button';

const TYPES = ['TEST', 'BACKTEST'] as const;
const STATUSES = ['RUNNING', 'CREATED'] as const;

export interface RunningSessionsProps {
  onView: (id: string) => void;
  onEdit: (id: string) => void;
  /** Opens a sweep's page. */
  onViewSweep: (id: string) => void;
}

/**
 * Running Sessions tab: test and backtest sessions that run, went stale, or wait to start. A
 * running sweep is one row (never one per cell); a sweep a restart interrupted waits for a resume.
 */
export function RunningSessions({ onView, onEdit, onViewSweep }: RunningSessionsProps) {
  const live = useLiveSessions(TYPES, STATUSES);
  const sweeps = useRunningSweeps();
  const actions = useRowActions(live.upsert, live.remove);
  const now = useNow(1000);

  const running = live.sessions.filter((s) => s.status === 'RUNNING' && !s.health.isStale);
  const stale = live.sessions.filter((s) => s.status === 'RUNNING' && s.health.isStale);
  const created = live.sessions.filter((s) => s.status === 'CREATED');

  const row = (session: SessionCard, kind: 'running' | 'stale' | 'created') => (
    <SessionRow
      key={session.id}
      session={session}
      kind={kind}
      now={now}
      pending={actions.pending[session.id]}
      error={actions.errors[session.id]}
      onAction={(action) => void actions.run(session.id, action)}
      onView={() => onView(session.id)}
      onEdit={() => onEdit(session.id)}
    />
  );

  return (
    <section aria-labelledby="running-title">
      <div className="panel__header">
        <h1 id="running-title">Running Sessions</h1>
        <ConnectionIndicator />
      </div>
      {live.error && (
        <Notice kind="error" title="Could not load sessions">
          <p className="notice__detail">{live.error.message}</p>
        </Notice>
      )}
      {sweeps.error && !live.error && (
        <Notice kind="error" title="Could not load sweeps">
          <p className="notice__detail">{sweeps.error.message}</p>
        </Notice>
      )}
      {live.loading ? (
        <Notice kind="loading">Loading sessions…</Notice>
      ) : (
        <>
          <Group title={`RUNNING SESSIONS (${running.length + sweeps.running.length})`} empty="No session is running.">
            {[
              ...sweeps.running.map((sweep) => <SweepCard key={`sweep-${sweep.id}`} sweep={sweep} onApply={sweeps.apply} onView={() => onViewSweep(sweep.id)} />),
              ...running.map((s) => row(s, 'running')),
            ]}
          </Group>
          {sweeps.interrupted.length > 0 && (
            <Group title={`INTERRUPTED SWEEPS (${sweeps.interrupted.length})`} subtitle="a server restart stopped them — resume to run the cells left" tone="warn">
              {sweeps.interrupted.map((sweep) => (
                <SweepCard key={`sweep-${sweep.id}`} sweep={sweep} onApply={sweeps.apply} onView={() => onViewSweep(sweep.id)} />
              ))}
            </Group>
          )}
          {stale.length > 0 && (
            <Group title={`STALE SESSIONS (${stale.length})`} subtitle="no heartbeat > 30s — may need restart" tone="warn">
              {stale.map((s) => row(s, 'stale'))}
            </Group>
          )}
          <Group title={`PENDING / CREATED (${created.length})`} empty="No session waits to be started.">
            {created.map((s) => row(s, 'created'))}
          </Group>
        </>
      )}
    </section>
  );
}

function Group({ title, subtitle, empty, tone, children }: { title: string; subtitle?: string; empty?: string; tone?: 'warn'; children: ReactNode[] }) {
  return (
    <section className={`group${tone ? ` group--${tone}` : ''}`} aria-label={title}>
      <h2 className="group__title">
        {title}
        {subtitle && <span className="group__subtitle"> {subtitle}</span>}
      </h2>
      {children.length ? <ul className="cards">{children}</ul> : <p className="group__empty">{empty}</p>}
    </section>
  );
}

function SessionRow({
  session,
  kind,
  now,
  pending,
  error,
  onAction,
  onView,
  onEdit,
}: {
  session: SessionCard;
  kind: 'running' | 'stale' | 'created';
  now: number;
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
    <li className={`card card--${kind}`} aria-label={session.name}>
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
