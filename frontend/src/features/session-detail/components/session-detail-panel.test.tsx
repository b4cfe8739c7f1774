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
    render(<SessionDetailPanel sessionId="k1" onClose={() => {}} onClone={onClone} onView={() => {}} />);

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
    render(<SessionDetailPanel sessionId="k1" onClose={() => {}} onClone={() => {}} onView={() => {}} />);
    await screen.findByRole('heading', { name: 'BTC Test #12' });
    await user.click(screen.getByRole('tab', { name: 'Trades' }));

    const abandoned = (await screen.findByText('2,817.25')).closest('tr')!;
    expect(abandoned).toHaveTextContent('11');
    expect(within(abandoned).getByTitle(/server stopped without closing it/)).toHaveTextContent('abandoned');
    const open = screen.getByText('2,815.6').closest('tr')!;
    expect(open).toHaveTextContent('open');
    expect(open).not.toHaveTextContent('abandoned');
  });

  describe('reproducibility', () => {
    const fingerprint = {
      engine: '0.1.0+4f2a9c1',
      strategy: 'TestBot',
      strategyVersion: '9d1c0e7a55b2f3c4',
      paramsHash: 'a'.repeat(64),
      tradesHash: 'b3f1c2d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00',
      data: [{ market: 'XBTUSD', source: 'archive', from: '2024-01-01T00:00:00Z', to: '2024-02-01T00:00:00Z', candles: 44640, checksum: 'c'.repeat(64) }],
    };
    const backtest = (overrides: Record<string, unknown>) => ({
      session: {
        ...header,
        type: 'BACKTEST',
        status: 'COMPLETED',
        strategyParams: { threshold: 0.5 },
        rangeStart: '2024-01-01T00:00:00Z',
        rangeEnd: '2024-02-01T00:00:00Z',
        notes: null,
        createdAt: header.startedAt,
        lastLogSequence: 10,
        clonedFrom: null,
        sweepId: null,
        sweep: null,
        leanLog: false,
        fingerprint: null,
        verification: null,
        ...overrides,
      },
    });

    it('shows the fingerprint of a completed backtest and re-runs it to verify', async () => {
      const onView = vi.fn();
      const { calls } = mockGraphQL({
        SessionDetail: backtest({ fingerprint, leanLog: true, sweepId: 'w1', sweep: { id: 'w1', name: 'TB grid' } }),
        SessionMetrics: { session: { id: 'k1', metrics: metrics, equity: [] } },
        VerifySession: { verifySession: { id: 'v1', name: 'Verify BTC Test #12' } },
      });
      const user = userEvent.setup();
      render(<SessionDetailPanel sessionId="k1" onClose={() => {}} onClone={() => {}} onView={onView} />);
      await screen.findByRole('heading', { name: 'BTC Test #12' });
      expect(screen.getByRole('link', { name: 'TB grid' })).toHaveAttribute('href', '/sweeping/w1');

      await user.click(screen.getByRole('tab', { name: 'Reproducibility' }));
      expect(screen.getByText('0.1.0+4f2a9c1')).toBeInTheDocument();
      const trades = screen.getByTitle(fingerprint.tradesHash);
      expect(trades).toHaveTextContent('b3f1c2d4e5f6…');
      expect(screen.getByRole('button', { name: 'Copy trades hash' })).toBeInTheDocument();
      const data = screen.getByRole('rowheader', { name: 'XBTUSD' }).closest('tr')!;
      expect(data).toHaveTextContent('archive');
      expect(data).toHaveTextContent('44,640');
      expect(screen.getByRole('note')).toHaveTextContent('only trades, warnings and errors');

      await user.click(screen.getByRole('button', { name: 'Re-run and verify' }));
      expect(calls.find((c) => c.operation === 'VerifySession')?.variables).toEqual({ id: 'k1' });
      expect(onView).toHaveBeenCalledWith('v1');
    });

    it('says whether a verification run matched, and waits while it runs', async () => {
      const verification = { ofSessionId: 'k0', of: { id: 'k0', name: 'BTC Backtest #3' }, expectedTradesHash: fingerprint.tradesHash };
      mockGraphQL({
        SessionDetail: backtest({ id: 'v1', fingerprint, verification: { ...verification, matched: true, tradesHash: fingerprint.tradesHash } }),
        SessionMetrics: { session: { id: 'v1', metrics: metrics, equity: [] } },
      });
      const { unmount } = render(<SessionDetailPanel sessionId="v1" onClose={() => {}} onClone={() => {}} onView={() => {}} />);
      expect(await screen.findByText(/Reproduced: this re-run of/)).toHaveTextContent('BTC Backtest #3 made exactly the same trades');
      unmount();

      mockGraphQL({
        SessionDetail: backtest({ id: 'v2', status: 'COMPLETED', fingerprint, verification: { ...verification, matched: false, tradesHash: 'd'.repeat(64) } }),
        SessionMetrics: { session: { id: 'v2', metrics: metrics, equity: [] } },
      });
      const second = render(<SessionDetailPanel sessionId="v2" onClose={() => {}} onClone={() => {}} onView={() => {}} />);
      expect(await screen.findByText("Not reproduced: the trades differ from BTC Backtest #3's")).toBeInTheDocument();
      expect(screen.getByTitle('d'.repeat(64))).toBeInTheDocument();
      second.unmount();

      mockGraphQL({
        SessionDetail: backtest({ id: 'v3', status: 'RUNNING', verification: { ...verification, matched: null, tradesHash: null } }),
        SessionMetrics: { session: { id: 'v3', metrics: metrics, equity: [] } },
      });
      render(<SessionDetailPanel sessionId="v3" onClose={() => {}} onClone={() => {}} onView={() => {}} />);
      expect(await screen.findByText(/Verifying/)).toHaveTextContent('whether the trades hash matched shows here when it completes');
      expect(screen.queryByRole('button', { name: 'Re-run and verify' })).not.toBeInTheDocument();
    });
  });
});
