import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { SessionDetailPanel } from './session-detail-panel';

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return { ...original, subscribe: () => () => {} };
});

const header = {
  id: 'k1',
  name: 'BTC Test #12',
  type: 'TEST',
  market: 'XBTUSD',
  strategyId: 'TestBot',
  strategy: { id: 'TestBot', name: 'Test Bot' },
  status: 'RUNNING',
  startedAt: new Date(Date.now() - 60_000).toISOString(),
  stoppedAt: null,
  lastUpdated: new Date(Date.now() - 2_000).toISOString(),
  tradeCount: 45,
  totalPnl: 1234.5,
  winRate: 62.2,
  maxDrawdown: 3.2,
  dataPoints: 0,
  error: null,
  progress: null,
  health: { isStale: false },
};

const metrics = {
  tradeCount: 45,
  wins: 28,
  losses: 17,
  totalPnl: 1234.5,
  winRate: 62.2,
  maxDrawdown: 3.2,
  sharpe: 1.42,
  sortino: 2.1,
  profitFactor: 1.8,
  expectancy: 27.43,
  averageWin: 98.1,
  averageLoss: 88.9,
  averageDurationSeconds: 420,
  bestTrade: 310.2,
  worstTrade: -150.4,
  grossProfit: 2746.8,
  grossLoss: 1512.3,
  totalFees: 45.2,
  startingEquity: 10000,
  equity: 11234.5,
};

describe('SessionDetailPanel', () => {
  it('shows the header, metrics and the parameter difference from the parent', async () => {
    mockGraphQL({
      SessionDetail: {
        session: {
          ...header,
          strategyParams: { threshold: 0.6, position_size: 100 },
          rangeStart: null,
          rangeEnd: null,
          notes: null,
          createdAt: header.startedAt,
          lastLogSequence: 10,
          clonedFrom: { id: 'p1', name: 'BTC Test #11', strategyParams: { threshold: 0.5, position_size: 100 }, market: 'XBTUSD' },
        },
      },
      // the metrics snapshot the server keeps for the run (the header's figures come from the same one)
      SessionMetrics: { session: { id: 'k1', metrics: metrics, equity: [] } },
    });
    const user = userEvent.setup();
    const onClone = vi.fn();
    render(<SessionDetailPanel sessionId="k1" onClose={() => {}} onClone={onClone} />);

    expect(await screen.findByRole('heading', { name: 'BTC Test #12' })).toBeInTheDocument();
    expect(screen.getByText(/Test Bot • XBTUSD/)).toHaveTextContent('Running ● (last heartbeat: 2s ago)');
    expect(screen.getByText('+$1,234.50')).toBeInTheDocument();
    expect(screen.getByText('62.2%')).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Parameters' }));
    expect(screen.getByText(/Cloned from/)).toHaveTextContent('BTC Test #11');
    const changed = screen.getByRole('rowheader', { name: 'threshold' }).closest('tr')!;
    expect(changed).toHaveClass('params-table__changed');
    expect(changed).toHaveTextContent('0.60.5');
    expect(screen.getByRole('rowheader', { name: 'position_size' }).closest('tr')).not.toHaveClass('params-table__changed');

    await user.click(screen.getByRole('button', { name: 'Clone' }));
    expect(onClone).toHaveBeenCalledWith('k1');
  });

  it('shows a trade left open by a server crash as abandoned, not open', async () => {
    const trade = {
      market: 'XBTUSD',
      side: 'LONG',
      size: '10',
      entryTime: '2026-12-04T14:00:01Z',
      exitPrice: null,
      exitTime: null,
      durationSeconds: null,
      pnl: null,
    };
    mockGraphQL({
      SessionDetail: {
        session: {
          ...header,
          strategyParams: { threshold: 0.6, position_size: 100 },
          rangeStart: null,
          rangeEnd: null,
          notes: null,
          createdAt: header.startedAt,
          lastLogSequence: 10,
          clonedFrom: null,
        },
      },
      SessionMetrics: { session: { id: 'k1', metrics: metrics, equity: [] } },
      SessionTrades: {
        session: {
          id: 'k1',
          trades: {
            total: 2,
            offset: 0,
            items: [
              { ...trade, tradeNo: 12, entryPrice: '2815.6', exitReason: null, status: 'OPEN' },
              { ...trade, tradeNo: 11, entryPrice: '2817.25', exitReason: 'abandoned', status: 'ABANDONED' },
            ],
          },
        },
      },
    });
    const user = userEvent.setup();
    render(<SessionDetailPanel sessionId="k1" onClose={() => {}} onClone={() => {}} />);
    await screen.findByRole('heading', { name: 'BTC Test #12' });
    await user.click(screen.getByRole('tab', { name: 'Trades' }));

    const abandoned = (await screen.findByText('2,817.25')).closest('tr')!;
    expect(abandoned).toHaveTextContent('11');
    expect(within(abandoned).getByTitle(/server stopped without closing it/)).toHaveTextContent('abandoned');
    const open = screen.getByText('2,815.6').closest('tr')!;
    expect(open).toHaveTextContent('open');
    expect(open).not.toHaveTextContent('abandoned');
  });
});
