import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { marketsFixture, sessionCard } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { HistoryTab, pagerNumbers } from './history-tab';

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return { ...original, subscribe: () => () => {} };
});

const finished = Array.from({ length: 45 }, (_, i) =>
  sessionCard({
    id: `h${i}`,
    name: `BTC Test #${45 - i}`,
    status: 'STOPPED',
    startedAt: new Date(Date.now() - (i + 1) * 3_600_000 - 8_100_000).toISOString(),
    stoppedAt: new Date(Date.now() - (i + 1) * 3_600_000).toISOString(),
    totalPnl: i % 2 ? '-456' : '1234',
  }),
);

/** The server's answer: finished sessions stopped within the filter's period, one page of them. */
function page(v: Record<string, unknown>) {
  const after = (v.filter as { stoppedAfter?: string }).stoppedAfter;
  const matching = after ? finished.filter((s) => Date.parse(s.stoppedAt!) >= Date.parse(after)) : finished;
  const offset = Number(v.offset);
  const limit = Number(v.limit);
  return { sessions: { total: matching.length, totalIsLowerBound: false, limit, offset, items: matching.slice(offset, offset + limit) } };
}

describe('HistoryTab', () => {
  it('pages 20 at a time, filters on the server and offers Clone and View', async () => {
    const { calls } = mockGraphQL({
      MarketsForLists: { markets: marketsFixture },
      HistoryPage: (v: Record<string, unknown>) => page(v),
    });
    const onClone = vi.fn();
    const user = userEvent.setup();
    render(<HistoryTab onView={() => {}} onClone={onClone} />);

    await user.selectOptions(screen.getByLabelText('Period'), 'all');
    expect(await screen.findByText('Showing 1-20 of 45')).toBeInTheDocument();
    const row = screen.getByRole('rowheader', { name: 'BTC Test #45' }).closest('tr')!;
    expect(row).toHaveTextContent('+$1,234.00');
    expect(row).toHaveTextContent('2h 15m');

    await user.click(screen.getByRole('button', { name: 'Next >' }));
    expect(await screen.findByText('Showing 21-40 of 45')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Page 3' }));
    expect(await screen.findByText('Showing 41-45 of 45')).toBeInTheDocument();

    await user.click(within(screen.getByRole('rowheader', { name: 'BTC Test #1' }).closest('tr')!).getByRole('button', { name: 'Clone BTC Test #1' }));
    expect(onClone).toHaveBeenCalledWith('h44');

    await user.selectOptions(screen.getByLabelText('Type'), 'BACKTEST');
    await waitFor(() =>
      expect(calls.at(-1)?.variables.filter).toEqual({ statuses: ['STOPPED', 'COMPLETED', 'FAILED'], types: ['BACKTEST'], sweepCells: 'EXCLUDE' }),
    );
  });

  it('limits a period to sessions stopped within it', async () => {
    mockGraphQL({
      MarketsForLists: { markets: marketsFixture },
      HistoryPage: (v: Record<string, unknown>) => page(v),
    });
    render(<HistoryTab onView={() => {}} onClone={() => {}} />);
    await userEvent.setup().selectOptions(screen.getByLabelText('Period'), '24h');
    // stopped 1 h … 45 h ago: 23 of them within 24 hours (hours 1 … 23)
    expect(await screen.findByText('Showing 1-20 of 23')).toBeInTheDocument();
  });

  it('shows the first, last and nearby pages', () => {
    expect(pagerNumbers(0, 3)).toEqual([0, 1, 2]);
    expect(pagerNumbers(5, 10)).toEqual([0, undefined, 3, 4, 5, 6, 7, undefined, 9]);
  });

  it('hides sweep cells unless asked, and links a cell to its sweep', async () => {
    const cell = sessionCard({ id: 'c1', name: 'TB grid #3', type: 'BACKTEST', status: 'COMPLETED', sweepId: 'w1', stoppedAt: new Date(Date.now() - 60_000).toISOString() });
    const { calls } = mockGraphQL({
      MarketsForLists: { markets: marketsFixture },
      HistoryPage: (v: Record<string, unknown>) => {
        const withCells = (v.filter as { sweepCells?: string }).sweepCells === 'INCLUDE';
        const items = withCells ? [cell, ...finished.slice(0, 2)] : finished.slice(0, 2);
        return { sessions: { total: items.length, totalIsLowerBound: false, limit: 20, offset: 0, items } };
      },
    });
    const user = userEvent.setup();
    render(<HistoryTab onView={() => {}} onClone={() => {}} />);
    const toggle = screen.getByRole('checkbox', { name: 'Show sweep cells' });
    expect(toggle).not.toBeChecked();
    expect(await screen.findByText('Showing 1-2 of 2')).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'HistoryPage')?.variables.filter).toMatchObject({ sweepCells: 'EXCLUDE' });
    expect(screen.queryByRole('rowheader', { name: /TB grid #3/ })).not.toBeInTheDocument();

    await user.click(toggle);
    const row = await screen.findByRole('rowheader', { name: /TB grid #3/ });
    expect(calls.at(-1)?.variables.filter).toMatchObject({ sweepCells: 'INCLUDE' });
    expect(within(row).getByRole('link', { name: 'sweep cell' })).toHaveAttribute('href', '/sweeping/w1');
  });
});
