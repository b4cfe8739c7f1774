import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { marketsFixture, sessionCard, strategiesFixture } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { sessionRoutes } from '@/testing/session-routes';
import { render } from '@/testing/render';
import { App } from './app';

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return { ...original, subscribe: () => () => {} };
});

function stubApi() {
  return mockGraphQL({
    SessionList: { sessions: { total: 1, limit: 200, offset: 0, items: [sessionCard()] } },
    ...sessionRoutes(() => [sessionCard()]),
    RunningSweeps: { sweeps: [] },
    CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
    MarketsForLists: { markets: marketsFixture },
  });
}

describe('App', () => {
  it('redirects / to /running and marks that tab current', async () => {
    stubApi();
    window.history.replaceState(null, '', '/');

    render(<App />);

    await waitFor(() => expect(window.location.pathname).toBe('/running'));
    const tabs = screen.getByRole('navigation', { name: 'Sections' });
    expect(tabs).toHaveTextContent('Running SessionsScrapersHistory');
    expect(screen.getByRole('link', { name: 'Running Sessions' })).toHaveAttribute('aria-current', 'page');
    expect(screen.getByRole('link', { name: 'GraphiQL' })).toHaveAttribute('href', '/graphiql');
    expect(await screen.findByRole('listitem', { name: 'BTC Test #1' })).toBeInTheDocument();
  });

  it('switches tabs through the URL without reloading', async () => {
    stubApi();
    window.history.replaceState(null, '', '/running');
    const user = userEvent.setup();

    render(<App />);
    await user.click(screen.getByRole('link', { name: 'History' }));

    expect(window.location.pathname).toBe('/history');
    expect(screen.getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
  });

  it('says when a path does not exist', () => {
    stubApi();
    window.history.replaceState(null, '', '/nope');

    render(<App />);

    expect(screen.getByText('Page not found')).toBeInTheDocument();
  });

  it('opens the create modal with the strategy parameters and creates a session', async () => {
    const { calls } = mockGraphQL({
      SessionList: { sessions: { total: 0, limit: 200, offset: 0, items: [] } },
      RunningSweeps: { sweeps: [] },
      CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
      CreateSession: () => {
        throw { errors: [{ message: 'invalid strategyParams', extensions: { classification: 'BAD_REQUEST', fields: { 'strategyParams.threshold': 'must be at most 0.9' } } }] };
      },
    });
    window.history.replaceState(null, '', '/running');
    const user = userEvent.setup();
    render(<App />);

    await user.click(screen.getByRole('button', { name: '+ New Session' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create New Session' });
    expect(await screen.findByLabelText('Threshold')).toHaveValue('0.5');
    expect(screen.getByLabelText('Market')).toHaveValue('XBTUSD');
    // the pair market is not supported by TestBot
    expect(screen.queryByRole('option', { name: /XBTUSD\+ETHUSD/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('must be at most 0.9')).toBeInTheDocument();
    const create = calls.find((c) => c.operation === 'CreateSession');
    expect(create?.variables).toEqual({ input: { type: 'TEST', market: 'XBTUSD', strategy: 'TestBot', strategyParams: { threshold: 0.5, position_size: 100 } } });
    expect(dialog).toBeInTheDocument();
  });

  it('keeps Tab inside the create modal, closes it with Escape and gives focus back to + New Session', async () => {
    stubApi();
    window.history.replaceState(null, '', '/running');
    const user = userEvent.setup();
    render(<App />);

    const opener = screen.getByRole('button', { name: '+ New Session' });
    await user.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Create New Session' });
    await screen.findByLabelText('Threshold');
    // Shift+Tab from the dialog goes to its last control; Tab from there wraps to its first
    await user.tab({ shift: true });
    expect(screen.getByRole('button', { name: 'Create & Start' })).toHaveFocus();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
    const seen = new Set<Element>();
    for (let i = 0; i < 20; i++) {
      await user.tab();
      expect(dialog).toContainElement(document.activeElement as HTMLElement);
      seen.add(document.activeElement!);
    }
    // every control of the form was reachable on the way round
    expect(seen).toContain(screen.getByLabelText('Market'));
    expect(seen).toContain(screen.getByLabelText('Threshold'));
    expect(seen).toContain(screen.getByLabelText('Session Name (optional)'));

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('opens a market\'s archived data from the Scrapers tab through the URL', async () => {
    mockGraphQL({
      SessionList: { sessions: { total: 0, limit: 200, offset: 0, items: [] } },
      RunningSweeps: { sweeps: [] },
      MarketsForLists: { markets: marketsFixture },
      ScraperStrategies: { strategies: strategiesFixture },
      MarketCandles: { candles: { market: 'XBTUSD', interval: 60, total: 0, first: null, last: null, candles: [] }, markets: marketsFixture },
      MarketScrapers: { sessions: { items: [] } },
    });
    window.history.replaceState(null, '', '/scrapers');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'View data of XBTUSD' }));
    expect(await screen.findByRole('dialog', { name: 'XBTUSD market data' })).toBeInTheDocument();
    expect(window.location.pathname + window.location.search).toBe('/scrapers?market=XBTUSD');
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(window.location.search).toBe('');
  });

  it('lists sweeps under the Sweeps tab, creates one and opens its page', async () => {
    const sweep = {
      id: 'w1',
      name: 'TB grid',
      strategyId: 'TestBot',
      strategy: { id: 'TestBot', name: 'Test Bot' },
      market: 'XBTUSD',
      exchange: 'bitmex',
      rangeStart: '2024-01-01T00:00:00.000Z',
      rangeEnd: '2024-02-01T00:00:00.000Z',
      status: 'COMPLETED',
      cellCount: 3,
      cellsDone: 3,
      cellsFailed: 1,
      cellsRunning: 0,
      candlesPerSecond: null,
      etaSeconds: null,
      createdAt: new Date(Date.now() - 7_200_000).toISOString(),
      finishedAt: new Date(Date.now() - 3_600_000).toISOString(),
      error: null,
    };
    mockGraphQL({
      SweepList: { sweeps: [sweep] },
      CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
      CreateSweep: { createSweep: { id: 'w2', name: 'New grid', cellCount: 2 } },
      SweepDetail: { sweep: { ...sweep, id: 'w2', name: 'New grid', status: 'RUNNING', cellsDone: 0, cellsFailed: 0, baseParams: {}, grid: [{ parameter: 'threshold', values: [0.4, 0.6] }] } },
      SweepCells: { sweep: { id: 'w2', cells: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } },
      SweepBest: { sweep: { id: 'w2', best: null } },
    });
    window.history.replaceState(null, '', '/sweeping');
    const user = userEvent.setup();
    render(<App />);

    expect(screen.getByRole('link', { name: 'Sweeps' })).toHaveAttribute('aria-current', 'page');
    const row = (await screen.findByRole('rowheader', { name: 'TB grid' })).closest('tr')!;
    expect(row).toHaveTextContent('Test Bot');
    expect(row).toHaveTextContent('2024-01-01 → 2024-02-01');
    expect(row).toHaveTextContent('completed');
    expect(row).toHaveTextContent('3 / 3');
    expect(row).toHaveTextContent('1 failed');
    expect(row).toHaveTextContent('2h ago');
    expect(screen.getByRole('link', { name: 'TB grid' })).toHaveAttribute('href', '/sweeping/w1');

    await user.click(screen.getByRole('button', { name: '+ Create Sweep' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create Sweep' });
    await user.type(screen.getByLabelText('Values of Threshold'), '0.4, 0.6');
    await user.click(screen.getByRole('button', { name: 'Create & Start Sweep' }));

    await waitFor(() => expect(window.location.pathname).toBe('/sweeping/w2'));
    expect(dialog).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'New grid' })).toBeInTheDocument();
    expect(screen.getByText(/New grid created and started\./)).toBeInTheDocument();
    expect(screen.getByText(/A heatmap needs two swept parameters/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sweeps' })).toHaveAttribute('aria-current', 'page');
  });

  it("clones a sweep's cell into a live test and opens it", async () => {
    const { calls } = mockGraphQL({
      CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
      SweepDetail: {
        sweep: {
          id: 'w1',
          name: 'TB grid',
          strategyId: 'TestBot',
          strategy: { id: 'TestBot', name: 'Test Bot' },
          market: 'ETHUSD',
          exchange: 'bitmex',
          rangeStart: '2024-01-01T00:00:00.000Z',
          rangeEnd: '2024-02-01T00:00:00.000Z',
          status: 'COMPLETED',
          cellCount: 2,
          cellsDone: 2,
          cellsFailed: 0,
          cellsRunning: 0,
          candlesPerSecond: null,
          etaSeconds: null,
          createdAt: '2026-12-04T10:00:00.000Z',
          finishedAt: '2026-12-04T10:01:00.000Z',
          error: null,
          baseParams: { threshold: 0.5, position_size: 100 },
          grid: [{ parameter: 'position_size', values: [50, 150] }],
        },
      },
      SweepCells: { sweep: { id: 'w1', cells: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] } } },
      SweepBest: {
        sweep: {
          id: 'w1',
          best: {
            metric: 'TOTAL_PNL',
            robustness: null,
            neighbours: 0,
            cell: { index: 1, params: { position_size: 150 }, status: 'COMPLETED', sessionId: 's1', totalPnl: 42, winRate: 50, maxDrawdown: 1, tradeCount: 4, sharpeValue: 1, sortinoValue: 1, profitFactorValue: 2 },
          },
        },
      },
      CreateSession: { createSession: { id: 'live1', name: 'TB grid #2 live' } },
      StartCreatedSession: { startSession: { id: 'live1', status: 'RUNNING' } },
      SessionList: { sessions: { total: 0, limit: 200, offset: 0, items: [] } },
      RunningSweeps: { sweeps: [] },
    });
    window.history.replaceState(null, '', '/sweeping/w1');
    const user = userEvent.setup();
    render(<App />);

    await user.click(await screen.findByRole('button', { name: 'Clone cell #2 (position_size 150) to a live test' }));
    const dialog = await screen.findByRole('dialog', { name: 'Clone to Live Test' });
    expect(screen.getByRole('radio', { name: /Live Test/ })).toBeChecked();
    expect(screen.getByLabelText('Market')).toHaveValue('ETHUSD');
    expect(screen.getByLabelText('Threshold')).toHaveValue('0.5');
    expect(screen.getByLabelText('Position size')).toHaveValue('150');
    expect(screen.getByLabelText('Session Name (optional)')).toHaveValue('TB grid #2 live');
    await user.click(screen.getByRole('button', { name: 'Create & Start' }));

    await waitFor(() => expect(window.location.pathname + window.location.search).toBe('/running?session=live1'));
    expect(dialog).not.toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'CreateSession')?.variables).toEqual({
      input: { type: 'TEST', market: 'ETHUSD', strategy: 'TestBot', strategyParams: { threshold: 0.5, position_size: 150 }, name: 'TB grid #2 live' },
    });
  });
});
