import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { MarketDataPanel } from './market-data-panel';

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return { ...original, subscribe: () => () => {} };
});

// the canvas chart cannot draw in jsdom: it shows what it was given instead
vi.mock('./candle-chart', () => ({
  CandleChart: ({ candles, market }: { candles: { time: string; close: number }[]; market: string }) => (
    <div role="img" aria-label={`${market} candles and volume`}>
      {candles.map((c) => `${c.time}=${c.close}`).join(' ')}
    </div>
  ),
}));

const markets = [
  { symbol: 'XBTUSD', description: 'Bitcoin / US dollar perpetual' },
  { symbol: 'SOLUSD', description: 'Solana / US dollar perpetual' },
];

function candle(minute: number, open: number, close: number) {
  return {
    time: new Date(Date.UTC(2024, 0, 22, 10, minute)).toISOString(),
    open,
    high: Math.max(open, close) + 5,
    low: Math.min(open, close) - 5,
    close,
    volume: 1234.5,
    trades: 60 + minute,
  };
}

describe('MarketDataPanel', () => {
  it('summarises the archive, charts the candles and lists the newest first, with the CSV export', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(Date.UTC(2024, 0, 22, 10, 5, 30)));
    const candles = [candle(2, 41250.5, 41262), candle(3, 41262, 41240.25), candle(4, 41240.25, 41301)];
    const { calls } = mockGraphQL({
      MarketCandles: {
        candles: { market: 'XBTUSD', interval: 60, total: 1440, first: new Date(Date.UTC(2024, 0, 21, 10, 5)).toISOString(), last: candles[2]!.time, candles },
        markets,
      },
      MarketScrapers: { sessions: { items: [{ id: 's1', name: 'BTC Scraper #1', dataPoints: 8432, strategyParams: { archive_interval: 60 } }] } },
    });
    render(<MarketDataPanel market="xbtusd" onClose={() => {}} />);

    expect(await screen.findByRole('heading', { name: 'XBTUSD market data' })).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'MarketCandles')?.variables).toEqual({ market: 'xbtusd', limit: 500 });
    expect(screen.getByText(/Bitcoin \/ US dollar perpetual/)).toHaveTextContent('1-minute candles from the archive');
    expect(screen.getByRole('status')).toHaveTextContent('BTC Scraper #1 recording: 8,432 data points, archived every 60 s');
    expect(screen.getByText('Candles archived').nextSibling).toHaveTextContent('1,440');
    expect(screen.getByText('Range (UTC)').nextSibling).toHaveTextContent('2024-01-21 10:05→ 2024-01-22 10:04');
    expect(screen.getByText('Last data').nextSibling).toHaveTextContent('1m 30s ago');
    expect(screen.getByText('Last close').nextSibling).toHaveTextContent('41,301.00');
    expect(screen.getByText(/latest 3 of 1,440 candles/)).toBeInTheDocument();
    // every candle goes to the chart, oldest first
    expect(screen.getByRole('img', { name: 'XBTUSD candles and volume' })).toHaveTextContent(
      `${candles[0]!.time}=41262 ${candles[1]!.time}=41240.25 ${candles[2]!.time}=41301`,
    );

    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(4);
    // every price with the same decimals, so that the columns line up
    expect(within(rows[1]!).getAllByRole('cell').map((cell) => cell.textContent)).toEqual([
      '2024-01-22 10:04',
      '41,240.25',
      '41,306.00',
      '41,235.25',
      '41,301.00',
      '1,234.5',
      '64',
    ]);
    expect(rows[3]).toHaveTextContent('2024-01-22 10:02');
    expect(within(rows[1]!).getByText('41,301.00')).toHaveClass('pnl--positive');
    expect(within(rows[2]!).getByText('41,240.25')).toHaveClass('pnl--negative');
    expect(screen.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', '/markets/XBTUSD/candles.csv');
    vi.useRealTimers();
  });

  it('says so when the market has no archived candles and nobody records it', async () => {
    mockGraphQL({
      MarketCandles: { candles: { market: 'SOLUSD', interval: 60, total: 0, first: null, last: null, candles: [] }, markets },
      MarketScrapers: { sessions: { items: [] } },
    });
    render(<MarketDataPanel market="SOLUSD" onClose={() => {}} />);

    expect(await screen.findByText('No candles archived for SOLUSD yet.')).toBeInTheDocument();
    expect(screen.getByText('No scraper is recording SOLUSD now.')).toHaveAttribute('role', 'status');
    expect(screen.getByText('Last data').nextSibling).toHaveTextContent('No data');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the API error of an unknown market', async () => {
    mockGraphQL({
      MarketCandles: () => {
        throw { errors: [{ message: "unknown market 'NOPE'; available: XBTUSD, ETHUSD", extensions: { classification: 'NOT_FOUND' } }] };
      },
      MarketScrapers: { sessions: { items: [] } },
    });
    render(<MarketDataPanel market="NOPE" onClose={() => {}} />);
    expect(await screen.findByRole('alert')).toHaveTextContent("unknown market 'NOPE'");
  });

  it('closes with Escape and with Close', async () => {
    mockGraphQL({
      MarketCandles: { candles: { market: 'SOLUSD', interval: 60, total: 0, first: null, last: null, candles: [] }, markets },
      MarketScrapers: { sessions: { items: [] } },
    });
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(<MarketDataPanel market="SOLUSD" onClose={onClose} />);
    await screen.findByText('No candles archived for SOLUSD yet.');
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
