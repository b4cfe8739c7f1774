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
      expect(calls.at(-1)?.variables.filter).toEqual({ statuses: ['STOPPED', 'COMPLETED', 'FAILED'], types: ['BACKTEST'] }),
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
});
