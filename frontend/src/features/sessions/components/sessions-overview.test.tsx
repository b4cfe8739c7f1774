import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { jsonResponse, mockFetch, mockFetchUnreachable } from '@/testing/mock-fetch';
import type { SessionSummary } from '../api/get-sessions';
import { SessionsOverview } from './sessions-overview';

const nowSeconds = () => Math.floor(Date.now() / 1000);

function session(overrides: Partial<SessionSummary>): SessionSummary {
  return {
    id: 1,
    name: 'session',
    type: 'test',
    market: 'BTC-USD',
    strategy: 'sma-cross',
    status: 'running',
    created_at: nowSeconds() - 300,
    started_at: nowSeconds() - 290,
    trade_count: 0,
    total_pnl: 0,
    win_rate: null,
    ...overrides,
  };
}

function sessionsPage(sessions: SessionSummary[], total = sessions.length) {
  return { success: true, sessions, total, limit: 50, offset: 0 };
}

const sessions = [
  session({ id: 1, name: 'btc-live', type: 'test', trade_count: 1520, total_pnl: 12345.678 }),
  session({ id: 2, name: 'eth-backtest', type: 'backtest', market: 'ETH-USD', strategy: 'rsi', status: 'completed', total_pnl: -87.1, created_at: nowSeconds() - 3 * 3600 }),
  session({ id: 3, name: 'book-scraper', type: 'scraper', strategy: null, status: 'running' }),
  session({ id: 4, name: 'old-scraper', type: 'scraper', status: 'failed' }),
];

const health = {
  success: true,
  sessions: [
    { id: 1, name: 'btc-live', status: 'running', last_updated: nowSeconds() - 2, seconds_since_update: 2, is_stale: false, stale_action: 'alert' },
    { id: 3, name: 'book-scraper', status: 'running', last_updated: nowSeconds() - 900, seconds_since_update: 900, is_stale: true, stale_action: 'restart' },
  ],
};

function rowFor(table: HTMLElement, name: string): HTMLElement {
  const rowHeader = within(table).getByRole('rowheader', { name });
  return rowHeader.closest('tr') as HTMLElement;
}

describe('SessionsOverview', () => {
  it('renders test and backtest sessions from GET /sessions on the running tab', async () => {
    const fetchMock = mockFetch({ '/sessions?limit=50': sessionsPage(sessions), '/sessions/health': health });

    render(<SessionsOverview view="running" title="Running Sessions" />);

    const table = await screen.findByRole('table', { name: 'Running Sessions' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3); // header + 2 sessions
    expect(within(table).queryByText('book-scraper')).not.toBeInTheDocument();

    const live = rowFor(table, 'btc-live');
    const liveCells = within(live).getAllByRole('cell').map((cell) => cell.textContent);
    expect(liveCells).toEqual(['test', 'BTC-USD', 'sma-cross', 'running', '1,520', '+12,345.68', '5m ago']);
    expect(within(live).getByText('+12,345.68')).toHaveClass('pnl--positive');

    const backtest = rowFor(table, 'eth-backtest');
    expect(within(backtest).getByText('-87.10')).toHaveClass('pnl--negative');
    expect(within(backtest).getByText('3h ago')).toBeInTheDocument();
    expect(within(backtest).getByText('completed')).toBeInTheDocument();

    expect(screen.getByText('2 of 4 sessions')).toBeInTheDocument();
    expect(fetchMock).toHaveBeenCalledWith('/sessions?limit=50', expect.anything());
    expect(fetchMock).toHaveBeenCalledWith('/sessions/health', expect.anything());
  });

  it('shows scrapers on the scrapers tab and marks stale ones from GET /sessions/health', async () => {
    mockFetch({ '/sessions?limit=50': sessionsPage(sessions), '/sessions/health': health });

    render(<SessionsOverview view="scrapers" title="Scrapers" />);

    const table = await screen.findByRole('table', { name: 'Scrapers' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    const stale = within(rowFor(table, 'book-scraper')).getByText('stale');
    expect(stale).toHaveAttribute('title', 'No update for 900s; on stale: restart');
    expect(within(rowFor(table, 'book-scraper')).getAllByRole('cell')[2]).toHaveTextContent('—');
    expect(within(rowFor(table, 'old-scraper')).queryByText('stale')).not.toBeInTheDocument();
  });

  it('shows stopped, completed and failed sessions on the history tab', async () => {
    mockFetch({ '/sessions?limit=50': sessionsPage(sessions), '/sessions/health': health });

    render(<SessionsOverview view="history" title="History" />);

    const table = await screen.findByRole('table', { name: 'History' });
    const names = within(table).getAllByRole('rowheader').map((cell) => cell.textContent);
    expect(names).toEqual(['eth-backtest', 'old-scraper']);
  });

  it('says how many sessions exist beyond the first page', async () => {
    mockFetch({ '/sessions?limit=50': sessionsPage(sessions, 1234), '/sessions/health': health });

    render(<SessionsOverview view="running" title="Running Sessions" />);

    expect(await screen.findByText('2 shown · latest 4 of 1,234 sessions loaded')).toBeInTheDocument();
  });

  it('still lists sessions when GET /sessions/health fails', async () => {
    mockFetch({
      '/sessions?limit=50': sessionsPage(sessions),
      '/sessions/health': () => jsonResponse({ success: false, error: 'boom' }, 500),
    });

    render(<SessionsOverview view="running" title="Running Sessions" />);

    const table = await screen.findByRole('table', { name: 'Running Sessions' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
  });

  it('shows the empty state when there are no sessions at all', async () => {
    mockFetch({ '/sessions?limit=50': sessionsPage([]), '/sessions/health': { success: true, sessions: [] } });

    render(<SessionsOverview view="running" title="Running Sessions" />);

    const empty = await screen.findByText(/No sessions yet/);
    expect(empty).toHaveTextContent('No sessions yet — create one with POST /sessions (see README)');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says the tab is empty when other tabs have sessions', async () => {
    const onlyScrapers = sessions.filter((s) => s.type === 'scraper' && s.status === 'running');
    mockFetch({ '/sessions?limit=50': sessionsPage(onlyScrapers), '/sessions/health': health });

    render(<SessionsOverview view="running" title="Running Sessions" />);

    expect(await screen.findByText('No test or backtest sessions.')).toBeInTheDocument();
  });

  it('shows an error with a retry button when the API is unreachable', async () => {
    mockFetchUnreachable();

    render(<SessionsOverview view="running" title="Running Sessions" />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Cannot reach the Botdeck API');
    expect(alert).toHaveTextContent('GET /sessions?limit=50: the API is unreachable');
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('shows the error the API reports', async () => {
    mockFetch({ '/sessions?limit=50': () => jsonResponse({ success: false, error: 'database is down' }, 503) });

    render(<SessionsOverview view="running" title="Running Sessions" />);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The Botdeck API answered with an error');
    expect(alert).toHaveTextContent('GET /sessions?limit=50: database is down');
  });

  it('keeps the rows and warns when a refresh fails', async () => {
    let calls = 0;
    mockFetch({
      '/sessions?limit=50': () => {
        calls += 1;
        if (calls === 1) return jsonResponse(sessionsPage(sessions));
        throw new TypeError('Failed to fetch');
      },
      '/sessions/health': health,
    });

    render(<SessionsOverview view="running" title="Running Sessions" refreshMs={20} />);

    const warning = await screen.findByRole('alert');
    expect(warning).toHaveTextContent('Lost contact with the API (GET /sessions?limit=50: the API is unreachable)');
    expect(screen.getByRole('rowheader', { name: 'btc-live' })).toBeInTheDocument();
  });
});
