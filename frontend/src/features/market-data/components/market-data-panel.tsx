import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef } from 'react';
import { Notice } from '@/components/ui/notice';
import { Table, type Column } from '@/components/ui/table';
import type { MarketCandlesQuery as MarketCandlesData, MarketScrapersQuery as MarketScrapersData } from '@/gql/graphql';
import { decimal, type DecimalInput } from '@/lib/decimal';
import { formatAgo, formatDecimal, formatInteger, formatUtc, secondsSince } from '@/lib/format';
import { graphqlQuery } from '@/lib/query';
import { useDialogFocus } from '@/lib/use-dialog-focus';
import { useNow } from '@/lib/use-now';
import { useSubscription } from '@/lib/use-subscription';
import { MarketCandlesQuery, MarketScrapersQuery, MarketScraperUpdatesSubscription } from '../api/operations';
import { CandleChart } from './candle-chart';

/** Candles drawn and listed: the latest ones of the archive. */
export const CHART_CANDLES = 500;
const TABLE_ROWS = 15;
/** While a scraper records, the archive is read again at most this often (it writes once per archive interval). */
const REFRESH_MS = 10_000;

/** Decimals of a decimal as sent (at most 8): 41250.5 → 1. */
function decimals(v: DecimalInput): number {
  const text = decimal(v).toFixed();
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Math.min(8, text.length - dot - 1);
}

/** Formats every value of a column with the same decimals, so that the numbers line up. */
function columnFormat(values: readonly DecimalInput[]): (v: DecimalInput) => string {
  const digits = values.reduce<number>((most, v) => Math.max(most, decimals(v)), 0);
  return (v) => formatDecimal(v, digits, digits);
}

type Candle = NonNullable<MarketCandlesData['candles']>['candles'][number];

function candleColumns(price: (v: DecimalInput) => string, volume: (v: DecimalInput) => string): Column<Candle>[] {
  return [
    { id: 'time', header: 'Time (UTC)', className: 'tabular', cell: (c) => formatUtc(c.time) },
    { id: 'open', header: 'Open', numeric: true, cell: (c) => price(c.open) },
    { id: 'high', header: 'High', numeric: true, cell: (c) => price(c.high) },
    { id: 'low', header: 'Low', numeric: true, cell: (c) => price(c.low) },
    {
      id: 'close',
      header: 'Close',
      numeric: true,
      className: (c) => (decimal(c.close).gt(c.open) ? 'pnl--positive' : decimal(c.close).lt(c.open) ? 'pnl--negative' : undefined),
      cell: (c) => price(c.close),
    },
    { id: 'volume', header: 'Volume', numeric: true, cell: (c) => volume(c.volume) },
    { id: 'trades', header: 'Trades', numeric: true, cell: (c) => formatInteger(c.trades) },
  ];
}

/**
 * "View Data" of a market: what its scrapers archived — a summary (candles held, first and last,
 * age of the newest), the latest candles as a candlestick chart and a table, and the CSV export.
 * Refreshes when a scraper of the market starts, stops or records.
 */
export function MarketDataPanel({ market, onClose }: { market: string; onClose: () => void }) {
  const titleId = useId();
  const panel = useRef<HTMLElement>(null);
  useDialogFocus(panel, onClose);
  const now = useNow(1000);
  const queryClient = useQueryClient();
  const candlesQuery = graphqlQuery(MarketCandlesQuery, { market, limit: CHART_CANDLES }, ['market', market]);
  const scrapersQuery = graphqlQuery(MarketScrapersQuery, { market }, ['market', market]);
  const candles = useQuery(candlesQuery);
  const scrapers = useQuery(scrapersQuery);

  // the candles are first fetched as the panel opens
  const lastFetch = useRef(0);
  const pending = useRef<number | undefined>(undefined);
  useEffect(() => {
    lastFetch.current = Date.now();
    return () => window.clearTimeout(pending.current);
  }, []);
  useSubscription(MarketScraperUpdatesSubscription, { filter: { types: ['SCRAPER'], markets: [market] } }, ({ sessionUpdated }) => {
    if (sessionUpdated.kind === 'STATUS' || sessionUpdated.kind === 'CREATED' || sessionUpdated.kind === 'DELETED') void queryClient.invalidateQueries({ queryKey: scrapersQuery.queryKey });
    else if (sessionUpdated.kind === 'RESULTS' && sessionUpdated.session) {
      // a recorded candle: the count is written into the cache, no request
      const { id, dataPoints } = sessionUpdated.session;
      queryClient.setQueryData<MarketScrapersData>(
        scrapersQuery.queryKey,
        (previous) => previous && { sessions: { ...previous.sessions, items: previous.sessions.items.map((s) => (s.id === id ? { ...s, dataPoints } : s)) } },
      );
    }
    if (!['STATUS', 'RESULTS'].includes(sessionUpdated.kind)) return;
    // a stop archives the partial candle at once; while recording, new candles land once per archive interval
    const wait = sessionUpdated.kind === 'STATUS' ? 500 : Math.max(0, REFRESH_MS - (Date.now() - lastFetch.current));
    if (pending.current !== undefined) return;
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      lastFetch.current = Date.now();
      void queryClient.invalidateQueries({ queryKey: candlesQuery.queryKey });
    }, wait);
  });

  const data = candles.data?.candles;
  const description = candles.data?.markets.find((m) => m.symbol === data?.market)?.description;
  const list = data?.candles ?? [];
  const newest = list[list.length - 1];
  const age = secondsSince(data?.last, now);
  const recording = scrapers.data?.sessions.items ?? [];
  const csv = `/markets/${encodeURIComponent(data?.market ?? market)}/candles.csv`;
  const rows = list.slice(-TABLE_ROWS).reverse();
  const price = columnFormat(rows.flatMap((c) => [c.open, c.high, c.low, c.close]));
  const volume = columnFormat(rows.map((c) => c.volume));

  return (
    <div className="drawer-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <aside className="drawer" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={panel} tabIndex={-1}>
        <header className="drawer__header">
          <div>
            <h2 id={titleId}>{data?.market ?? market} market data</h2>
            <p className="drawer__meta">
              {description ? `${description} • ` : ''}
              {data ? `${data.interval === 60 ? '1-minute' : `${formatInteger(data.interval)}-second`} candles from the archive` : 'Archived candles'}
            </p>
          </div>
          <div className="drawer__actions">
            <a className="button" href={csv} download>
              Download CSV
            </a>
            <button type="button" className="button" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </header>

        {candles.error ? (
          <Notice kind="error" title="Could not load the market data">
            <p className="notice__detail">{candles.error.message}</p>
          </Notice>
        ) : !data ? (
          <p className="muted">Loading…</p>
        ) : (
          <>
            <p className="market-data__scrapers muted" role="status">
              {recording.length === 0
                ? `No scraper is recording ${data.market} now.`
                : recording.map((s) => (
                    <span key={s.id} className="market-data__scraper">
                      <span className="card__icon--running" aria-hidden="true">
                        ●
                      </span>{' '}
                      {s.name} recording: <span className="num">{formatInteger(s.dataPoints)}</span> data points
                      {archiveInterval(s.strategyParams) !== undefined && <>, archived every {archiveInterval(s.strategyParams)} s</>}
                    </span>
                  ))}
            </p>
            <div className="stats">
              <div className="stat">
                <span className="stat__label">Candles archived</span>
                <span className="stat__value">{formatInteger(data.total)}</span>
              </div>
              <div className="stat">
                <span className="stat__label">Range (UTC)</span>
                <span className="stat__value stat__value--small">
                  {data.first ? (
                    <>
                      {formatUtc(data.first)}
                      <br />→ {formatUtc(data.last)}
                    </>
                  ) : (
                    '—'
                  )}
                </span>
              </div>
              <div className="stat">
                <span className="stat__label">Last data</span>
                <span className="stat__value">{age === undefined ? 'No data' : formatAgo(age)}</span>
              </div>
              <div className="stat">
                <span className="stat__label">Last close</span>
                <span className="stat__value">{newest ? price(newest.close) : '—'}</span>
              </div>
            </div>

            {list.length === 0 ? (
              <Notice kind="empty" title={`No candles archived for ${data.market} yet.`}>
                <p>
                  A running scraper writes its finished 1-minute candles once per archive interval, and the unfinished one when it stops. Candles can also be imported as CSV
                  with <code>POST {csv.replace('.csv', '')}</code>.
                </p>
              </Notice>
            ) : (
              <>
                <h3 className="form-section">
                  Price{' '}
                  <span className="muted market-data__note">
                    {list.length < data.total ? `latest ${formatInteger(list.length)} of ${formatInteger(data.total)} candles` : `${formatInteger(list.length)} candles`}
                  </span>
                </h3>
                <CandleChart candles={list} market={data.market} />
                <h3 className="form-section">Latest candles</h3>
                <Table columns={candleColumns(price, volume)} rows={rows} rowKey={(c) => c.time} label="Latest candles" />
              </>
            )}
          </>
        )}
      </aside>
    </div>
  );
}

function archiveInterval(params: unknown): number | undefined {
  const value = params && typeof params === 'object' ? (params as Record<string, unknown>).archive_interval : undefined;
  return typeof value === 'number' ? value : undefined;
}
