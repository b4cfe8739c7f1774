import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { marketsFixture, sessionCard, strategiesFixture } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { App } from './app';

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return { ...original, subscribe: () => () => {} };
});

function stubApi() {
  return mockGraphQL({
    SessionList: { sessions: { total: 1, limit: 200, offset: 0, items: [sessionCard()] } },
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
});
