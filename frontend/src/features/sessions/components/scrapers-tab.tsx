import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConnectionIndicator } from '@/components/ui/connection-indicator';
import { Notice } from '@/components/ui/notice';
import { request } from '@/lib/graphql-client';
import { formatAgo, formatClock, formatInteger, secondsSince } from '@/lib/format';
import { useNow } from '@/lib/use-now';
import { graphqlQuery, queryKeys, referenceQuery } from '@/lib/query';
import { CreateScraperMutation, MarketsForListsQuery, ScraperStrategiesQuery, SessionListQuery, StartScraperMutation } from '../api/operations';
import { useLiveSessions } from '../hooks/use-live-sessions';
import { useRowActions } from '../hooks/use-row-actions';

const SCRAPER = ['SCRAPER'] as const;
const ACTIVE = ['RUNNING'] as const;

/**
 * Scrapers tab: the running scrapers, and the markets nobody scrapes with [Start Scraping];
 * [View Data] opens a market's archived candles.
 */
export function ScrapersTab({ onView, onViewData }: { onView: (id: string) => void; onViewData: (market: string) => void }) {
  const live = useLiveSessions(SCRAPER, ACTIVE);
  const actions = useRowActions(live.upsert, live.remove);
  const markets = useQuery(referenceQuery(MarketsForListsQuery, {}));
  const strategies = useQuery(referenceQuery(ScraperStrategiesQuery, {}));
  // the newest finished scraper of each market tells how old its data is
  const finished = useQuery(
    graphqlQuery(
      SessionListQuery,
      { filter: { types: ['SCRAPER'], statuses: ['STOPPED', 'COMPLETED', 'FAILED'] }, limit: 200, offset: 0, sort: { field: 'STOPPED_AT', direction: 'DESC' } },
      queryKeys.sessionLists,
    ),
  );
  const [starting, setStarting] = useState<Record<string, boolean>>({});
  const [startErrors, setStartErrors] = useState<Record<string, string | undefined>>({});
  const now = useNow(1000);

  const scraping = new Set(live.sessions.map((s) => s.market));
  const lastData = new Map<string, string>();
  for (const s of finished.data?.sessions.items ?? []) {
    const at = s.stoppedAt ?? s.lastUpdated;
    if (s.dataPoints > 0 && at && !lastData.has(s.market)) lastData.set(s.market, at);
  }
  const scraperStrategy = strategies.data?.strategies.find((s) => s.supportedTypes.includes('SCRAPER'));
  const available = (markets.data?.markets ?? []).filter(
    (m) =>
      !scraping.has(m.symbol) &&
      (!scraperStrategy || scraperStrategy.supportedMarkets.includes(m.symbol) || (scraperStrategy.supportedMarkets.includes('*') && m.kind === 'SINGLE')),
  );

  const startScraping = async (market: string) => {
    if (!scraperStrategy) return;
    setStarting((s) => ({ ...s, [market]: true }));
    setStartErrors((e) => ({ ...e, [market]: undefined }));
    try {
      const { createSession } = await request(CreateScraperMutation, { input: { type: 'SCRAPER', market, strategy: scraperStrategy.id } });
      const { startSession } = await request(StartScraperMutation, { id: createSession.id });
      live.upsert(startSession);
    } catch (cause) {
      setStartErrors((e) => ({ ...e, [market]: `Start failed: ${cause instanceof Error ? cause.message : String(cause)}` }));
    } finally {
      setStarting((s) => ({ ...s, [market]: false }));
    }
  };

  const error = live.error ?? markets.error ?? strategies.error ?? undefined;
  return (
    <section aria-labelledby="scrapers-title">
      <div className="panel__header">
        <h1 id="scrapers-title">Scrapers</h1>
        <ConnectionIndicator />
      </div>
      {error && (
        <Notice kind="error" title="Could not load scrapers">
          <p className="notice__detail">{error.message}</p>
        </Notice>
      )}
      <section className="group" aria-label={`ACTIVE SCRAPERS (${live.sessions.length})`}>
        <h2 className="group__title">ACTIVE SCRAPERS ({live.sessions.length})</h2>
        {live.loading ? (
          <p className="group__empty">Loading…</p>
        ) : live.sessions.length === 0 ? (
          <p className="group__empty">No scraper is running.</p>
        ) : (
          <ul className="cards">
            {live.sessions.map((s) => {
              const uptime = secondsSince(s.startedAt, now);
              return (
                <li key={s.id} className="card card--running" aria-label={s.name}>
                  <div className="scraper-line">
                    <span className="card__icon card__icon--running" aria-hidden="true">
                      ●
                    </span>
                    <button type="button" className="card__name linklike" onClick={() => onView(s.id)}>
                      {s.name}
                    </button>
                    <span className="card__market">{s.market}</span>
                    <span className="muted num">Running {uptime !== undefined ? formatClock(uptime) : '—'}</span>
                    <span className="num">{formatInteger(s.dataPoints)} data points</span>
                    <span className="card__actions">
                      <button type="button" className="button" disabled={actions.pending[s.id] !== undefined} onClick={() => void actions.run(s.id, 'stop')} aria-label={`Stop ${s.name}`}>
                        {actions.pending[s.id] === 'stop' ? 'Stopping…' : 'Stop'}
                      </button>
                      <button type="button" className="button" onClick={() => onViewData(s.market)} aria-label={`View data of ${s.name}`}>
                        View Data
                      </button>
                    </span>
                  </div>
                  <div className="card__sub muted">
                    Archive: {s.market} 1-minute candles in the database (<a href={`/markets/${encodeURIComponent(s.market)}/candles.csv`}>CSV</a>) · log {s.logsFile ?? '—'}
                  </div>
                  {actions.errors[s.id] && (
                    <p className="card__error" role="alert">
                      {actions.errors[s.id]}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="group" aria-label="AVAILABLE MARKETS">
        <h2 className="group__title">AVAILABLE MARKETS (not scraping)</h2>
        {markets.isPending ? (
          <p className="group__empty">Loading…</p>
        ) : available.length === 0 ? (
          <p className="group__empty">Every market is being scraped.</p>
        ) : (
          <ul className="cards">
            {available.map((m) => {
              const last = lastData.get(m.symbol);
              const age = secondsSince(last, now);
              return (
                <li key={m.symbol} className="card" aria-label={m.symbol}>
                  <div className="scraper-line scraper-line--market">
                    <span className="card__icon card__icon--created" aria-hidden="true">
                      ○
                    </span>
                    <span className="card__name">{m.symbol}</span>
                    <span className="muted">{m.description}</span>
                    <span className="muted num">{age !== undefined ? `Last data: ${formatAgo(age)}` : 'No data'}</span>
                    <span className="card__actions">
                      <button type="button" className="button" onClick={() => onViewData(m.symbol)} aria-label={`View data of ${m.symbol}`}>
                        View Data
                      </button>
                      <button
                        type="button"
                        className="button button--primary"
                        disabled={!scraperStrategy || starting[m.symbol]}
                        onClick={() => void startScraping(m.symbol)}
                        aria-label={`Start scraping ${m.symbol}`}
                      >
                        {starting[m.symbol] ? 'Starting…' : 'Start Scraping'}
                      </button>
                    </span>
                  </div>
                  {startErrors[m.symbol] && (
                    <p className="card__error" role="alert">
                      {startErrors[m.symbol]}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </section>
  );
}
