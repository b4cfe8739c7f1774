import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Pnl } from '@/components/ui/pnl';
import type { SessionHeaderFragment, SessionMetricsQuery as SessionMetricsQueryData } from '@/gql/graphql';
import { formatAgo, formatDollars, formatDuration, formatInteger, formatPercent, formatUsd, secondsSince } from '@/lib/format';
import { useDialogFocus } from '@/lib/use-dialog-focus';
import { useNow } from '@/lib/use-now';
import { useQuery } from '@/lib/use-query';
import { useSubscription } from '@/lib/use-subscription';
import { SessionDetailQuery, SessionDetailUpdatedSubscription, SessionMetricsQuery, SessionTradesQuery } from '../api/operations';
import { EquityChart } from './equity-chart';
import { LogView } from './log-view';

type Tab = 'metrics' | 'trades' | 'logs' | 'parameters';
const TABS: { id: Tab; label: string }[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'trades', label: 'Trades' },
  { id: 'logs', label: 'Live Logs' },
  { id: 'parameters', label: 'Parameters' },
];
const TRADES_PAGE = 20;

/** The slide-out panel of one session: header, Metrics / Trades / Live Logs / Parameters. */
export function SessionDetailPanel({ sessionId, onClose, onClone }: { sessionId: string; onClose: () => void; onClone: (id: string) => void }) {
  const titleId = useId();
  const detail = useQuery(SessionDetailQuery, { id: sessionId });
  const metrics = useQuery(SessionMetricsQuery, { id: sessionId });
  const [header, setHeader] = useState<SessionHeaderFragment | undefined>(undefined);
  const [deleted, setDeleted] = useState(false);
  const [tab, setTab] = useState<Tab>('metrics');
  const [tradesVersion, setTradesVersion] = useState(0);
  const now = useNow(1000);
  const refresh = useRef<number | undefined>(undefined);

  useEffect(() => {
    setHeader(detail.data?.session ?? undefined);
  }, [detail.data]);
  useEffect(() => () => window.clearTimeout(refresh.current), []);

  const refetchMetrics = metrics.refetch;
  useSubscription(SessionDetailUpdatedSubscription, { ids: [sessionId] }, ({ sessionUpdated }) => {
    if (!sessionUpdated.session) {
      setDeleted(true);
      return;
    }
    setHeader(sessionUpdated.session);
    if (sessionUpdated.kind === 'RESULTS' || sessionUpdated.kind === 'STATUS') {
      window.clearTimeout(refresh.current);
      refresh.current = window.setTimeout(() => {
        void refetchMetrics();
        setTradesVersion((v) => v + 1);
      }, 500);
    }
  });

  const panel = useRef<HTMLElement>(null);
  useDialogFocus(panel, onClose);

  const session = detail.data?.session;
  const h = header ?? session;
  const heartbeat = secondsSince(h?.lastUpdated ?? h?.startedAt, now);

  return (
    <div className="drawer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <aside className="drawer" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={panel} tabIndex={-1}>
        <header className="drawer__header">
          <div>
            <h2 id={titleId}>{h?.name ?? 'Session'}</h2>
            {h && (
              <p className="drawer__meta">
                {h.strategy?.name ?? h.strategyId} • {h.market} • {h.type.toLowerCase()} •{' '}
                <span className={`status status--${h.health.isStale ? 'stale' : h.status.toLowerCase()}`}>
                  {h.health.isStale ? 'Stale ⚠' : `${h.status.charAt(0)}${h.status.slice(1).toLowerCase()} ●`}
                </span>
                {h.status === 'RUNNING' && heartbeat !== undefined && <span className="muted"> (last heartbeat: {formatAgo(heartbeat)})</span>}
              </p>
            )}
          </div>
          <div className="drawer__actions">
            <button type="button" className="button" onClick={() => onClone(sessionId)} disabled={!session}>
              Clone
            </button>
            <button type="button" className="button" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </header>
        {deleted && <Notice kind="warning" title="This session was deleted." />}
        {detail.error ? (
          <Notice kind="error" title="Could not load the session">
            <p className="notice__detail">{detail.error.message}</p>
          </Notice>
        ) : !session || !h ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            {h.error && <Notice kind="error" title="The last run failed">{<p className="notice__detail">{h.error}</p>}</Notice>}
            <div className="tabs" role="tablist" aria-label="Session views">
              {TABS.map((t) => (
                <button
                  key={t.id}
                  type="button"
                  role="tab"
                  id={`${titleId}-${t.id}`}
                  aria-selected={tab === t.id}
                  aria-controls={`${titleId}-${t.id}-panel`}
                  className={`tabs__tab${tab === t.id ? ' tabs__tab--current' : ''}`}
                  onClick={() => setTab(t.id)}
                >
                  {t.label}
                </button>
              ))}
            </div>
            <div role="tabpanel" id={`${titleId}-${tab}-panel`} aria-labelledby={`${titleId}-${tab}`} className="drawer__body">
              {tab === 'metrics' && <MetricsTab header={h} data={metrics.data?.session ?? undefined} error={metrics.error} />}
              {tab === 'trades' && <TradesTab sessionId={sessionId} version={tradesVersion} />}
              {tab === 'logs' && <LogView sessionId={sessionId} />}
              {tab === 'parameters' && <ParametersTab params={session.strategyParams} parent={session.clonedFrom ?? undefined} rangeStart={session.rangeStart} rangeEnd={session.rangeEnd} notes={session.notes} />}
            </div>
          </>
        )}
      </aside>
    </div>
  );
}

type MetricsData = NonNullable<SessionMetricsQueryData['session']>;

function Bar({ fraction, tone }: { fraction: number; tone: 'good' | 'bad' | 'info' | 'warn' }) {
  const pct = Math.max(0, Math.min(100, fraction * 100));
  return (
    <span className="bar" aria-hidden="true">
      <span className={`bar__fill bar__fill--${tone}`} style={{ width: `${pct}%` }} />
    </span>
  );
}

function Stat({ label, children, bar }: { label: string; children: ReactNode; bar?: ReactNode }) {
  return (
    <div className="stat">
      <span className="stat__label">{label}</span>
      <span className="stat__value">{children}</span>
      {bar}
    </div>
  );
}

function MetricsTab({ header, data, error }: { header: SessionHeaderFragment; data: MetricsData | undefined; error: Error | undefined }) {
  const m = data?.metrics;
  const money = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatUsd(v));
  const ratio = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  const pnl = m?.totalPnl ?? header.totalPnl;
  const start = m?.startingEquity ?? 0;
  return (
    <div>
      {error && <Notice kind="error" title="Could not load the metrics">{<p className="notice__detail">{error.message}</p>}</Notice>}
      <div className="stats">
        <Stat label="Total PnL" bar={<Bar fraction={start ? Math.abs(pnl) / start / 0.1 : 0} tone={pnl >= 0 ? 'good' : 'bad'} />}>
          <Pnl value={pnl} />
        </Stat>
        <Stat label="Win Rate" bar={<Bar fraction={(m?.winRate ?? header.winRate) / 100} tone="info" />}>
          {formatPercent(m?.winRate ?? header.winRate)}
        </Stat>
        <Stat label="Trades" bar={<Bar fraction={m ? m.wins / Math.max(1, m.tradeCount) : 0} tone="good" />}>
          {formatInteger(m?.tradeCount ?? header.tradeCount)}
          {m && (
            <small className="muted">
              {' '}
              {formatInteger(m.wins)}W / {formatInteger(m.losses)}L
            </small>
          )}
        </Stat>
        <Stat label="Max Drawdown" bar={<Bar fraction={(m?.maxDrawdown ?? header.maxDrawdown) / 20} tone="warn" />}>
          <span className={(m?.maxDrawdown ?? header.maxDrawdown) > 0 ? 'pnl--negative' : 'muted'}>-{formatPercent(m?.maxDrawdown ?? header.maxDrawdown, 2)}</span>
        </Stat>
      </div>
      {header.type === 'BACKTEST' && header.progress && (
        <p className="muted tabular">
          Progress: {formatInteger(header.progress.done)} / {formatInteger(header.progress.total)} candles ({formatPercent(header.progress.percent)})
        </p>
      )}
      {header.type === 'SCRAPER' && <p className="muted tabular">Data points recorded: {formatInteger(header.dataPoints)}</p>}
      <h3 className="form-section">Equity Curve</h3>
      {data ? <EquityChart points={data.equity} /> : <p className="muted">Loading…</p>}
      {m && (
        <dl className="metric-grid">
          <dt>Sharpe</dt>
          <dd>{ratio(m.sharpe)}</dd>
          <dt>Sortino</dt>
          <dd>{ratio(m.sortino)}</dd>
          <dt>Profit factor</dt>
          <dd>{ratio(m.profitFactor)}</dd>
          <dt>Expectancy</dt>
          <dd>{money(m.expectancy)}</dd>
          <dt>Average win</dt>
          <dd>{money(m.averageWin)}</dd>
          <dt>Average loss</dt>
          <dd>{m.averageLoss === null ? '—' : formatUsd(-m.averageLoss)}</dd>
          <dt>Best trade</dt>
          <dd>{money(m.bestTrade)}</dd>
          <dt>Worst trade</dt>
          <dd>{money(m.worstTrade)}</dd>
          <dt>Average duration</dt>
          <dd>{m.averageDurationSeconds === null ? '—' : formatDuration(m.averageDurationSeconds)}</dd>
          <dt>Gross profit</dt>
          <dd>{money(m.grossProfit)}</dd>
          <dt>Gross loss</dt>
          <dd>{formatUsd(-m.grossLoss)}</dd>
          <dt>Fees</dt>
          <dd>{formatUsd(-m.totalFees)}</dd>
          <dt>Starting equity</dt>
          <dd>{formatDollars(m.startingEquity)}</dd>
          <dt>Equity</dt>
          <dd>{formatDollars(m.equity)}</dd>
        </dl>
      )}
    </div>
  );
}

function TradesTab({ sessionId, version }: { sessionId: string; version: number }) {
  const [page, setPage] = useState(0);
  const trades = useQuery(SessionTradesQuery, { id: sessionId, limit: TRADES_PAGE, offset: page * TRADES_PAGE });
  const refetch = trades.refetch;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void refetch();
  }, [version, refetch]);
  const items = trades.data?.session?.trades.items ?? [];
  const total = trades.data?.session?.trades.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / TRADES_PAGE));
  const price = useCallback((v: number | null) => (v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: 8 })), []);
  if (trades.error) return <Notice kind="error" title="Could not load the trades">{<p className="notice__detail">{trades.error.message}</p>}</Notice>;
  return (
    <div>
      <div className="table-scroll">
        <table className="sessions-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Market</th>
              <th scope="col">Side</th>
              <th scope="col" className="num">
                Entry
              </th>
              <th scope="col" className="num">
                Exit
              </th>
              <th scope="col" className="num">
                PnL
              </th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 ? (
              <tr>
                <td colSpan={9} className="muted">
                  {trades.loading ? 'Loading…' : 'No trades yet.'}
                </td>
              </tr>
            ) : (
              items.map((t) => (
                <tr key={t.tradeNo}>
                  <td className="num muted">{t.tradeNo}</td>
                  <td className="tabular">{new Date(t.exitTime ?? t.entryTime).toISOString().replace('T', ' ').slice(0, 19)}</td>
                  <td>{t.market}</td>
                  <td>
                    <Badge tone={t.side === 'LONG' ? 'good' : 'bad'}>{t.side}</Badge>
                  </td>
                  <td className="num">{price(t.entryPrice)}</td>
                  <td className="num">{price(t.exitPrice)}</td>
                  <td className="num">{t.pnl === null ? <span className="muted">open</span> : <Pnl value={t.pnl} />}</td>
                  <td className="num">{t.durationSeconds === null ? '—' : formatDuration(t.durationSeconds)}</td>
                  <td className="muted">{t.exitReason ?? ''}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Trade pages">
        <span className="muted tabular">
          Showing {total === 0 ? 0 : formatInteger(page * TRADES_PAGE + 1)}-{formatInteger(Math.min(total, (page + 1) * TRADES_PAGE))} of {formatInteger(total)}
        </span>
        <span className="pager__buttons">
          <button type="button" className="button button--small" disabled={page === 0} onClick={() => setPage(page - 1)}>
            &lt; Prev
          </button>
          <span className="muted tabular">
            {page + 1} / {pages}
          </span>
          <button type="button" className="button button--small" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next &gt;
          </button>
        </span>
      </nav>
    </div>
  );
}

function show(value: unknown): string {
  return value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
}

function ParametersTab({
  params,
  parent,
  rangeStart,
  rangeEnd,
  notes,
}: {
  params: unknown;
  parent: { id: string; name: string; strategyParams: unknown; market: string } | undefined;
  rangeStart: string | null;
  rangeEnd: string | null;
  notes: string | null;
}) {
  const own = (params && typeof params === 'object' ? params : {}) as Record<string, unknown>;
  const theirs = (parent?.strategyParams && typeof parent.strategyParams === 'object' ? parent.strategyParams : {}) as Record<string, unknown>;
  const names = [...new Set([...Object.keys(own), ...(parent ? Object.keys(theirs) : [])])];
  return (
    <div>
      {parent && (
        <p className="muted">
          Cloned from <strong>{parent.name}</strong>; changed values are highlighted.
        </p>
      )}
      <table className="sessions-table params-table">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            <th scope="col" className="num">
              Value
            </th>
            {parent && (
              <th scope="col" className="num">
                Parent
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const changed = parent !== undefined && JSON.stringify(own[name]) !== JSON.stringify(theirs[name]);
            return (
              <tr key={name} className={changed ? 'params-table__changed' : undefined}>
                <th scope="row">{name}</th>
                <td className="num">{show(own[name])}</td>
                {parent && <td className="num muted">{show(theirs[name])}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {(rangeStart || rangeEnd) && (
        <p className="muted tabular">
          Range: {rangeStart?.slice(0, 10) ?? '—'} → {rangeEnd?.slice(0, 10) ?? '—'}
        </p>
      )}
      {notes && <p className="muted">Notes: {notes}</p>}
    </div>
  );
}
