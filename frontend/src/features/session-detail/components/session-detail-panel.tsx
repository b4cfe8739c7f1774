import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Pager } from '@/components/ui/pager';
import { Pnl } from '@/components/ui/pnl';
import { Table, type Column } from '@/components/ui/table';
import type { SessionDetailQuery as SessionDetailData, SessionHeaderFragment, SessionMetricsQuery as SessionMetricsQueryData, SessionTradesQuery as SessionTradesData } from '@/gql/graphql';
import { decimal, ratioForDrawing } from '@/lib/decimal';
import { formatAgo, formatDecimal, formatDollars, formatDuration, formatInteger, formatPercent, formatUsd, formatUtc, secondsSince } from '@/lib/format';
import { graphqlQuery, queryKeys } from '@/lib/query';
import { useDialogFocus } from '@/lib/use-dialog-focus';
import { useNow } from '@/lib/use-now';
import { useSubscription } from '@/lib/use-subscription';
import { request } from '@/lib/graphql-client';
import { followLink } from '@/lib/history';
import { SessionDetailQuery, SessionDetailUpdatedSubscription, SessionMetricsQuery, SessionTradesQuery, VerifySessionMutation } from '../api/operations';
import { EquityChart } from './equity-chart';
import { LogView } from './log-view';
import { LeanLogNote, ReproducibilityTab, VerificationVerdict } from './reproducibility';

type Tab = 'metrics' | 'trades' | 'logs' | 'parameters' | 'reproducibility';
const TABS: { id: Tab; label: string; backtestOnly?: boolean }[] = [
  { id: 'metrics', label: 'Metrics' },
  { id: 'trades', label: 'Trades' },
  { id: 'logs', label: 'Live Logs' },
  { id: 'parameters', label: 'Parameters' },
  { id: 'reproducibility', label: 'Reproducibility', backtestOnly: true },
];
const TRADES_PAGE = 20;

/**
 * The slide-out panel of one session: header, Metrics / Trades / Live Logs / Parameters, and for
 * backtests Reproducibility (the fingerprint) with [Re-run and verify], which opens the re-run.
 */
export function SessionDetailPanel({
  sessionId,
  onClose,
  onClone,
  onView,
}: {
  sessionId: string;
  onClose: () => void;
  onClone: (id: string) => void;
  /** Opens another session in the panel (the re-run of [Re-run and verify]). */
  onView: (id: string) => void;
}) {
  const titleId = useId();
  const queryClient = useQueryClient();
  const detailQuery = graphqlQuery(SessionDetailQuery, { id: sessionId }, queryKeys.session(sessionId));
  const detail = useQuery(detailQuery);
  const metrics = useQuery(graphqlQuery(SessionMetricsQuery, { id: sessionId }, queryKeys.session(sessionId)));
  const [deleted, setDeleted] = useState(false);
  const [tab, setTab] = useState<Tab>('metrics');
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<string | undefined>(undefined);
  const now = useNow(1000);
  const refresh = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(refresh.current), []);

  // events update the cached header at once; new results reload the metrics and trades (once per burst)
  useSubscription(SessionDetailUpdatedSubscription, { ids: [sessionId] }, ({ sessionUpdated }) => {
    const update = sessionUpdated.session;
    if (!update) {
      setDeleted(true);
      return;
    }
    queryClient.setQueryData<SessionDetailData>(detailQuery.queryKey, (previous) => (previous?.session ? { session: { ...previous.session, ...update } } : previous));
    if (sessionUpdated.kind === 'RESULTS' || sessionUpdated.kind === 'STATUS') {
      window.clearTimeout(refresh.current);
      refresh.current = window.setTimeout(() => {
        for (const operation of ['SessionMetrics', 'SessionTrades']) void queryClient.invalidateQueries({ queryKey: [...queryKeys.session(sessionId), operation] });
      }, 500);
    }
  });

  const panel = useRef<HTMLElement>(null);
  useDialogFocus(panel, onClose);

  const session = detail.data?.session ?? undefined;
  const h = session;
  // a run that ends here has its last results stored with its end: read them again whatever events
  // arrived (a session that had already ended when the panel opened was read fresh)
  const status = h?.status;
  const previousStatus = useRef(status);
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = status;
    if (was !== 'RUNNING' || status === undefined || status === 'RUNNING') return;
    for (const operation of ['SessionMetrics', 'SessionTrades']) void queryClient.invalidateQueries({ queryKey: [...queryKeys.session(sessionId), operation] });
  }, [status, sessionId, queryClient]);
  const heartbeat = secondsSince(h?.lastUpdated ?? h?.startedAt, now);
  const tabs = TABS.filter((t) => !t.backtestOnly || h?.type === 'BACKTEST');
  const canVerify = h?.type === 'BACKTEST' && h.status === 'COMPLETED' && h.fingerprint != null;

  const verify = async () => {
    setVerifying(true);
    setVerifyError(undefined);
    try {
      const { verifySession } = await request(VerifySessionMutation, { id: sessionId });
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessionLists });
      onView(verifySession.id);
    } catch (cause) {
      setVerifyError(`Re-run and verify failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    } finally {
      setVerifying(false);
    }
  };

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
                {h.sweep && (
                  <>
                    {' '}
                    • cell of{' '}
                    <a href={`/sweeping/${encodeURIComponent(h.sweep.id)}`} onClick={followLink}>
                      {h.sweep.name}
                    </a>
                  </>
                )}
              </p>
            )}
          </div>
          <div className="drawer__actions">
            {canVerify && (
              <button type="button" className="button" onClick={() => void verify()} disabled={verifying}>
                {verifying ? 'Starting…' : 'Re-run and verify'}
              </button>
            )}
            <button type="button" className="button" onClick={() => onClone(sessionId)} disabled={!session}>
              Clone
            </button>
            <button type="button" className="button" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </header>
        {deleted && <Notice kind="warning" title="This session was deleted." />}
        {verifyError && (
          <p className="form-error" role="alert">
            {verifyError}
          </p>
        )}
        {detail.error ? (
          <Notice kind="error" title="Could not load the session">
            <p className="notice__detail">{detail.error.message}</p>
          </Notice>
        ) : !session ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            {session.error && <Notice kind="error" title="The last run failed">{<p className="notice__detail">{session.error}</p>}</Notice>}
            {session.verification && <VerificationVerdict verification={session.verification} status={session.status} />}
            <div className="tabs" role="tablist" aria-label="Session views">
              {tabs.map((t) => (
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
              {tab === 'metrics' && <MetricsTab header={session} data={metrics.data?.session ?? undefined} error={metrics.error ?? undefined} />}
              {tab === 'trades' && <TradesTab sessionId={sessionId} />}
              {tab === 'logs' && (
                <>
                  {session.leanLog && <LeanLogNote />}
                  <LogView sessionId={sessionId} />
                </>
              )}
              {tab === 'reproducibility' && <ReproducibilityTab session={session} />}
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

/**
 * The metrics card. Every figure comes from the metrics snapshot (the one the server keeps for the
 * run); the header supplies only what is not a metric (type, backtest progress, data points).
 */
function MetricsTab({ header, data, error }: { header: SessionHeaderFragment; data: MetricsData | undefined; error: Error | undefined }) {
  const m = data?.metrics;
  const money = (v: string | null | undefined) => (v === null || v === undefined ? '—' : formatUsd(v));
  const ratio = (v: string | null | undefined) => (v === null || v === undefined ? '—' : formatDecimal(v, 2));
  const negated = (v: string) => decimal(v).neg();
  return (
    <div>
      {error && <Notice kind="error" title="Could not load the metrics">{<p className="notice__detail">{error.message}</p>}</Notice>}
      <div className="stats">
        <Stat
          label="Total PnL"
          bar={m && <Bar fraction={ratioForDrawing(decimal(m.totalPnl).abs(), decimal(m.startingEquity).times('0.1'))} tone={decimal(m.totalPnl).gte(0) ? 'good' : 'bad'} />}
        >
          {m ? <Pnl value={m.totalPnl} /> : '—'}
        </Stat>
        <Stat label="Win Rate" bar={m && <Bar fraction={ratioForDrawing(m.winRate, 100)} tone="info" />}>
          {m ? formatPercent(m.winRate) : '—'}
        </Stat>
        <Stat label="Trades" bar={m && <Bar fraction={m.wins / Math.max(1, m.tradeCount)} tone="good" />}>
          {m ? formatInteger(m.tradeCount) : '—'}
          {m && (
            <small className="muted">
              {' '}
              {formatInteger(m.wins)}W / {formatInteger(m.losses)}L
            </small>
          )}
        </Stat>
        <Stat label="Max Drawdown" bar={m && <Bar fraction={ratioForDrawing(m.maxDrawdown, 20)} tone="warn" />}>
          {m ? <span className={decimal(m.maxDrawdown).gt(0) ? 'pnl--negative' : 'muted'}>-{formatPercent(m.maxDrawdown, 2)}</span> : '—'}
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
          <dd>{m.averageLoss === null ? '—' : formatUsd(negated(m.averageLoss))}</dd>
          <dt>Best trade</dt>
          <dd>{money(m.bestTrade)}</dd>
          <dt>Worst trade</dt>
          <dd>{money(m.worstTrade)}</dd>
          <dt>Average duration</dt>
          <dd>{m.averageDurationSeconds === null ? '—' : formatDuration(decimal(m.averageDurationSeconds).toNumber())}</dd>
          <dt>Gross profit</dt>
          <dd>{money(m.grossProfit)}</dd>
          <dt>Gross loss</dt>
          <dd>{formatUsd(negated(m.grossLoss))}</dd>
          <dt>Fees</dt>
          <dd>{formatUsd(negated(m.totalFees))}</dd>
          <dt>Starting equity</dt>
          <dd>{formatDollars(m.startingEquity)}</dd>
          <dt>Equity</dt>
          <dd>{formatDollars(m.equity)}</dd>
        </dl>
      )}
    </div>
  );
}

type Trade = NonNullable<SessionTradesData['session']>['trades']['items'][number];

const price = (v: string | null) => (v === null ? '—' : formatDecimal(v, 8));

const ABANDONED_TITLE =
  'Open when the server stopped without closing it; marked abandoned when the session was next restarted or stopped. ' +
  'No exit price is known, so it has no PnL and counts in no metric; its number is never used again.';

/** A trade without PnL: still open, or abandoned (open when its run ended without closing it). */
function openOrAbandoned(t: Trade) {
  return t.status === 'ABANDONED' ? (
    <Badge tone="warn" title={ABANDONED_TITLE}>
      abandoned
    </Badge>
  ) : (
    <span className="muted">open</span>
  );
}

const TRADE_COLUMNS: Column<Trade>[] = [
  { id: 'no', header: '#', numeric: true, className: 'muted', cell: (t) => t.tradeNo },
  { id: 'time', header: 'Time', className: 'tabular', cell: (t) => formatUtc(t.exitTime ?? t.entryTime, 'second') },
  { id: 'market', header: 'Market', cell: (t) => t.market },
  { id: 'side', header: 'Side', cell: (t) => <Badge tone={t.side === 'LONG' ? 'good' : 'bad'}>{t.side}</Badge> },
  { id: 'entry', header: 'Entry', numeric: true, cell: (t) => price(t.entryPrice) },
  { id: 'exit', header: 'Exit', numeric: true, cell: (t) => price(t.exitPrice) },
  { id: 'pnl', header: 'PnL', numeric: true, cell: (t) => (t.pnl === null ? openOrAbandoned(t) : <Pnl value={t.pnl} />) },
  { id: 'duration', header: 'Duration', numeric: true, cell: (t) => (t.durationSeconds === null ? '—' : formatDuration(t.durationSeconds)) },
  { id: 'reason', header: 'Reason', className: 'muted', cell: (t) => t.exitReason ?? '' },
];

function TradesTab({ sessionId }: { sessionId: string }) {
  const [page, setPage] = useState(0);
  const trades = useQuery({
    ...graphqlQuery(SessionTradesQuery, { id: sessionId, limit: TRADES_PAGE, offset: page * TRADES_PAGE }, queryKeys.session(sessionId)),
    placeholderData: keepPreviousData,
  });
  const items = trades.data?.session?.trades.items ?? [];
  const total = trades.data?.session?.trades.total ?? 0;
  // the page on screen: the previous one stays (marked busy) while the next one loads
  const offset = trades.data?.session?.trades.offset ?? page * TRADES_PAGE;
  const pages = Math.max(1, Math.ceil(total / TRADES_PAGE));
  if (trades.error) return <Notice kind="error" title="Could not load the trades">{<p className="notice__detail">{trades.error.message}</p>}</Notice>;
  return (
    <div>
      <Table columns={TRADE_COLUMNS} rows={items} rowKey={(t) => t.tradeNo} busy={trades.isFetching} empty={trades.isPending ? 'Loading…' : 'No trades yet.'} />
      <Pager
        label="Trade pages"
        first={items.length === 0 ? 0 : offset + 1}
        last={offset + items.length}
        total={total}
        page={page}
        hasNext={page < pages - 1}
        onPage={setPage}
      >
        <span className="muted tabular">
          {page + 1} / {pages}
        </span>
      </Pager>
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
      <Table
        columns={[
          { id: 'name', header: 'Parameter', rowHeader: true, cell: (name: string) => name },
          { id: 'value', header: 'Value', numeric: true, cell: (name: string) => show(own[name]) },
          ...(parent ? [{ id: 'parent', header: 'Parent', numeric: true, className: 'muted', cell: (name: string) => show(theirs[name]) }] : []),
        ]}
        rows={names}
        rowKey={(name) => name}
        className="params-table"
        scroll={false}
        rowClassName={(name) => (parent !== undefined && JSON.stringify(own[name]) !== JSON.stringify(theirs[name]) ? 'params-table__changed' : undefined)}
      />
      {(rangeStart || rangeEnd) && (
        <p className="muted tabular">
          Range: {formatUtc(rangeStart, 'date')} → {formatUtc(rangeEnd, 'date')}
        </p>
      )}
      {notes && <p className="muted">Notes: {notes}</p>}
    </div>
  );
}
