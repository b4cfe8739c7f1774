import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { mockFetch } from '@/testing/mock-fetch';
import { App } from './app';

const scraper = {
  id: 7,
  name: 'book-scraper',
  type: 'scraper',
  market: 'BTC-USD',
  strategy: null,
  status: 'running',
  created_at: Math.floor(Date.now() / 1000) - 10,
  started_at: null,
  trade_count: 0,
  total_pnl: null,
  win_rate: null,
};

function stubApi() {
  mockFetch({
    '/sessions?limit=50': { success: true, sessions: [scraper], total: 1, limit: 50, offset: 0 },
    '/sessions/health': { success: true, sessions: [] },
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
    expect(screen.getByRole('link', { name: 'API docs' })).toHaveAttribute('href', '/swagger-ui.html');
    expect(await screen.findByText('No test or backtest sessions.')).toBeInTheDocument();
  });

  it('switches tabs through the URL without reloading', async () => {
    stubApi();
    window.history.replaceState(null, '', '/running');
    const user = userEvent.setup();

    render(<App />);
    await user.click(screen.getByRole('link', { name: 'Scrapers' }));

    expect(window.location.pathname).toBe('/scrapers');
    expect(screen.getByRole('link', { name: 'Scrapers' })).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('rowheader', { name: 'book-scraper' })).toBeInTheDocument();
  });

  it('opens the tab named in the URL', async () => {
    stubApi();
    window.history.replaceState(null, '', '/history');

    render(<App />);

    expect(screen.getByRole('heading', { name: 'History' })).toBeInTheDocument();
    expect(await screen.findByText('No stopped, completed or failed sessions.')).toBeInTheDocument();
  });

  it('says when a path does not exist', () => {
    stubApi();
    window.history.replaceState(null, '', '/nope');

    render(<App />);

    expect(screen.getByText('Page not found')).toBeInTheDocument();
  });
});
