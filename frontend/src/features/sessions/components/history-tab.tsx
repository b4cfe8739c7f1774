import { useCallback, useEffect, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Notice } from '@/components/ui/notice';
import { Pnl } from '@/components/ui/pnl';
import type { SessionType } from '@/gql/graphql';
import { formatDuration, formatInteger, parseInstant } from '@/lib/format';
import { useQuery } from '@/lib/use-query';
import { MarketsForListsQuery } from '../api/operations';
import { PAGE_SIZE, PERIODS, useHistory, type HistoryFilters, type Period } from '../hooks/use-history';
import { useRowActions } from '../hooks/use-row-actions';
import { ConfirmButton } from './confirm-button';
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

/** History tab: every finished session, filtered, 20 a page, with [Clone], [View] and [Delete] (after "Are you sure?"). */
export function HistoryTab({ onView, onClone }: { onView: (id: string) => void; onClone: (id: string) => void }) {
  const [filters, setFilters] = useState<HistoryFilters>({ type: '', market: '', period: '7d', search: '' });
  const [searchText, setSearchText] = useState('');
  const [page, setPage] = useState(0);
  const markets = useQuery(MarketsForListsQuery, {});
  const history = useHistory(filters, page);
  const reload = history.reload;
  const ignore = useCallback(() => undefined, []);
  const afterDelete = useCallback(() => void reload(), [reload]);
  const actions = useRowActions(ignore, afterDelete);

  // the search box filters after a pause in typing
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setFilters((f) => {
        if (f.search === searchText) return f;
        // a new search starts at the first page; an unchanged one leaves the pager alone
        setPage(0);
        return { ...f, search: searchText };
      });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [searchText]);

  const change = (patch: Partial<HistoryFilters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setPage(0);
  };

  const pages = Math.max(1, Math.ceil(history.total / PAGE_SIZE));
  const first = history.total === 0 ? 0 : page * PAGE_SIZE + 1;
  const last = Math.min(history.total, (page + 1) * PAGE_SIZE);
  const pageNumbers = pagerNumbers(page, pages);

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
        <input type="search" aria-label="Search" placeholder="Search name, strategy, market…" value={searchText} onChange={(e) => setSearchText(e.target.value)} className="filters__search" />
      </div>

      {history.error && (
        <Notice kind="error" title="Could not load the history">
          <p className="notice__detail">{history.error.message}</p>
        </Notice>
      )}
      <div className="table-scroll">
        <table className="sessions-table" aria-busy={history.loading}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Market</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Trades
              </th>
              <th scope="col" className="num">
                PnL
              </th>
              <th scope="col" className="num">
                Duration
              </th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {history.items.length === 0 && !history.loading ? (
              <tr>
                <td colSpan={8} className="muted">
                  No finished sessions match.
                </td>
              </tr>
            ) : (
              history.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="sessions-table__name">
                    {s.name}
                  </th>
                  <td>{TYPE_LABELS[s.type]}</td>
                  <td>{s.market}</td>
                  <td>
                    <Badge tone={STATUS_TONES[s.status as keyof typeof STATUS_TONES] ?? 'neutral'} title={s.error ?? undefined}>
                      {s.status.toLowerCase()}
                    </Badge>
                  </td>
                  <td className="num">{s.type === 'SCRAPER' ? `${formatInteger(s.dataPoints)} pts` : formatInteger(s.tradeCount)}</td>
                  <td className="num">{s.type === 'SCRAPER' ? <span className="muted">--</span> : <Pnl value={s.totalPnl} />}</td>
                  <td className="num">{duration(s)}</td>
                  <td className="row-actions">
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
                      disabled={actions.pending[s.id] !== undefined}
                      onConfirm={() => void actions.run(s.id, 'delete')}
                    />
                    {actions.errors[s.id] && (
                      <span className="row-actions__error" role="alert">
                        {actions.errors[s.id]}
                      </span>
                    )}
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Pages">
        <span className="muted tabular">
          Showing {formatInteger(first)}-{formatInteger(last)} of {formatInteger(history.total)}
        </span>
        <span className="pager__buttons">
          <button type="button" className="button button--small" disabled={page === 0} onClick={() => setPage(page - 1)}>
            &lt; Prev
          </button>
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
                {n + 1}
              </button>
            ),
          )}
          <button type="button" className="button button--small" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next &gt;
          </button>
        </span>
      </nav>
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
