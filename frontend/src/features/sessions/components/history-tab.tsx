import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Pager } from '@/components/ui/pager';
import { Pnl } from '@/components/ui/pnl';
import { Table, type Column } from '@/components/ui/table';
import type { SessionType } from '@/gql/graphql';
import { formatDuration, formatInteger, formatRelativeTime, formatTimestamp, parseInstant } from '@/lib/format';
import { followLink } from '@/lib/history';
import { referenceQuery } from '@/lib/query';
import { MarketsForListsQuery } from '../api/operations';
import { PAGE_SIZE, PERIODS, useHistory, type HistoryFilters, type Period } from '../hooks/use-history';
import { useRowActions, type RowAction } from '../hooks/use-row-actions';
import { ConfirmButton } from '@/components/ui/confirm-button';
import type { SessionCard } from '../hooks/use-live-sessions';

const TYPE_LABELS: Record<SessionType, string> = { TEST: 'Test', BACKTEST: 'Backtest', SCRAPER: 'Scraper' };
const STATUS_TONES = { STOPPED: 'neutral', COMPLETED: 'good', FAILED: 'bad' } as const;

function duration(s: SessionCard): string {
  // a backtest's wall-clock time says nothing about the range it replayed
  if (s.type === 'BACKTEST') return '--';
  const start = parseInstant(s.startedAt);
  const stop = parseInstant(s.stoppedAt);
  return start !== undefined && stop !== undefined && stop >= start ? formatDuration((stop - start) / 1000) : '--';
}

/** "stopped 3h ago (2026-11-24T05:04:22Z)", for the row's tooltip. */
function stoppedWhen(s: SessionCard): string | undefined {
  const stop = parseInstant(s.stoppedAt);
  return stop === undefined ? undefined : `stopped ${formatRelativeTime(stop / 1000)} (${formatTimestamp(stop / 1000)})`;
}

interface RowActionsProps {
  onView: (id: string) => void;
  onClone: (id: string) => void;
  pending: Record<string, RowAction | undefined>;
  errors: Record<string, string | undefined>;
  run: (id: string, action: RowAction) => Promise<void>;
}

function historyColumns({ onView, onClone, pending, errors, run }: RowActionsProps): Column<SessionCard>[] {
  return [
    {
      id: 'name',
      header: 'Name',
      rowHeader: true,
      className: 'sessions-table__name',
      cell: (s) =>
        s.sweepId ? (
          <>
            {s.name}{' '}
            <a href={`/sweeping/${encodeURIComponent(s.sweepId)}`} onClick={followLink} className="badge badge--info" title="A cell of a sweep: open the sweep">
              sweep cell
            </a>
          </>
        ) : (
          s.name
        ),
    },
    { id: 'type', header: 'Type', cell: (s) => TYPE_LABELS[s.type] },
    { id: 'market', header: 'Market', cell: (s) => s.market },
    {
      id: 'status',
      header: 'Status',
      cell: (s) => (
        <Badge tone={STATUS_TONES[s.status as keyof typeof STATUS_TONES] ?? 'neutral'} title={s.error ?? undefined}>
          {s.status.toLowerCase()}
        </Badge>
      ),
    },
    { id: 'trades', header: 'Trades', numeric: true, cell: (s) => (s.type === 'SCRAPER' ? `${formatInteger(s.dataPoints)} pts` : formatInteger(s.tradeCount)) },
    { id: 'pnl', header: 'PnL', numeric: true, cell: (s) => (s.type === 'SCRAPER' ? <span className="muted">--</span> : <Pnl value={s.totalPnl} />) },
    { id: 'duration', header: 'Duration', numeric: true, cell: (s) => <span title={stoppedWhen(s)}>{duration(s)}</span> },
    {
      id: 'actions',
      header: 'Actions',
      hideHeader: true,
      className: 'row-actions',
      cell: (s) => (
        <>
          <button type="button" className="button button--small" onClick={() => onClone(s.id)} aria-label={`Clone ${s.name}`}>
            ↻ Clone
          </button>
          <button type="button" className="button button--small" onClick={() => onView(s.id)} aria-label={`View ${s.name}`}>
            View
          </button>
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete ${s.name}`}
            className="button button--small button--danger"
            disabled={pending[s.id] !== undefined}
            onConfirm={() => void run(s.id, 'delete')}
          />
          {errors[s.id] && (
            <span className="row-actions__error" role="alert">
              {errors[s.id]}
            </span>
          )}
        </>
      ),
    },
  ];
}

const ignore = () => undefined;

/** History tab: finished sessions, filtered and paged by the server, 20 a page, with [Clone], [View] and [Delete] (after "Are you sure?"). */
export function HistoryTab({ onView, onClone }: { onView: (id: string) => void; onClone: (id: string) => void }) {
  // the filters, when they last changed (the period ends then) and the page: a new filter starts at the first page
  const [view, setView] = useState(() => ({
    filters: { type: '', market: '', period: '7d', search: '', sweepCells: false } as HistoryFilters,
    changedAt: Date.now(),
    page: 0,
  }));
  const { filters, page } = view;
  const setPage = (n: number) => setView((v) => ({ ...v, page: n }));
  const [searchText, setSearchText] = useState('');
  const markets = useQuery(referenceQuery(MarketsForListsQuery, {}));
  const history = useHistory(filters, page, view.changedAt);
  // a delete invalidates the cached history pages (see useRowActions): this page reloads
  const actions = useRowActions(ignore, ignore);
  const { run, pending, errors } = actions;
  const columns = useMemo(() => historyColumns({ onView, onClone, pending, errors, run }), [onView, onClone, pending, errors, run]);

  // the search box filters after a pause in typing
  useEffect(() => {
    const timer = window.setTimeout(() => {
      const changedAt = Date.now();
      // a new search starts at the first page; an unchanged one leaves the pager alone
      setView((v) => (v.filters.search === searchText ? v : { filters: { ...v.filters, search: searchText }, changedAt, page: 0 }));
    }, 300);
    return () => window.clearTimeout(timer);
  }, [searchText]);

  const change = (patch: Partial<HistoryFilters>) => {
    const changedAt = Date.now();
    setView((v) => ({ filters: { ...v.filters, ...patch }, changedAt, page: 0 }));
  };

  const { total, totalIsLowerBound, offset, items } = history;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const first = items.length === 0 ? 0 : offset + 1;
  const last = offset + items.length;
  const hasNext = totalIsLowerBound ? items.length === PAGE_SIZE : page < pages - 1;
  const pageNumbers = pagerNumbers(page, Math.max(pages, page + 1));

  return (
    <section aria-labelledby="history-title">
      <div className="panel__header">
        <h1 id="history-title">History</h1>
      </div>
      <div className="filters" role="search">
        <span className="muted">Filter:</span>
        <select aria-label="Type" value={filters.type} onChange={(e) => change({ type: e.target.value as SessionType | '' })}>
          <option value="">All Types</option>
          {(Object.keys(TYPE_LABELS) as SessionType[]).map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        <select aria-label="Market" value={filters.market} onChange={(e) => change({ market: e.target.value })}>
          <option value="">All Markets</option>
          {markets.data?.markets.map((m) => (
            <option key={m.symbol} value={m.symbol}>
              {m.symbol}
            </option>
          ))}
        </select>
        <select aria-label="Period" value={filters.period} onChange={(e) => change({ period: e.target.value as Period })}>
          {PERIODS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
        <label className="filters__check">
          <input type="checkbox" checked={filters.sweepCells} onChange={(e) => change({ sweepCells: e.target.checked })} /> Show sweep cells
        </label>
        <input type="search" aria-label="Search" placeholder="Search name, strategy, market…" value={searchText} onChange={(e) => setSearchText(e.target.value)} className="filters__search" />
      </div>

      {history.error && (
        <Notice kind="error" title="Could not load the history">
          <p className="notice__detail">{history.error.message}</p>
        </Notice>
      )}
      <Table columns={columns} rows={items} rowKey={(s) => s.id} busy={history.loading} empty={history.loading ? 'Loading…' : 'No finished sessions match.'} />
      <Pager label="Pages" first={first} last={last} total={total} lowerBound={totalIsLowerBound} page={page} hasNext={hasNext} onPage={setPage}>
        {pageNumbers.map((n, i) =>
          n === undefined ? (
            <span key={`gap-${i}`} className="muted">
              …
            </span>
          ) : (
            <button
              key={n}
              type="button"
              className={`button button--small${n === page ? ' button--current' : ''}`}
              aria-current={n === page ? 'page' : undefined}
              aria-label={`Page ${n + 1}`}
              onClick={() => setPage(n)}
            >
              {formatInteger(n + 1)}
            </button>
          ),
        )}
      </Pager>
    </section>
  );
}

/** Page indexes to offer: first, last, and two either side of the current; gaps as undefined. */
export function pagerNumbers(page: number, pages: number): (number | undefined)[] {
  const result: (number | undefined)[] = [];
  for (let n = 0; n < pages; n++) {
    if (n === 0 || n === pages - 1 || Math.abs(n - page) <= 2) result.push(n);
    else if (result[result.length - 1] !== undefined) result.push(undefined);
  }
  return result;
}
