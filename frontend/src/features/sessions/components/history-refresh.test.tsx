import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionSink } from '@/lib/graphql-client';
import { marketsFixture, sessionCard } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { sessionRoutes } from '@/testing/session-routes';
import { HistoryTab } from './history-tab';
import { RunningSessions } from './running-sessions';

// every subscription of the page, by operation name (the history and the running list both watch sessionUpdated)
const sinks = vi.hoisted(() => new Map<string, SubscriptionSink<unknown>[]>());

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (document: { toString(): string }, _variables: unknown, sink: SubscriptionSink<unknown>) => {
      const name = /subscription\s+(\w+)/.exec(document.toString())?.[1] ?? '';
      sinks.set(name, [...(sinks.get(name) ?? []), sink]);
      return () => sinks.set(name, (sinks.get(name) ?? []).filter((s) => s !== sink));
    },
  };
});

const NOW = Date.parse('2026-11-24T12:00:00Z');

function historyPage(v: Record<string, unknown>, total = 45, totalIsLowerBound = false) {
  const offset = Number(v.offset);
  const items = Array.from({ length: Math.min(20, total - offset) }, (_, i) =>
    sessionCard({ id: `h${offset + i}`, name: `Finished #${offset + i + 1}`, status: 'STOPPED', stoppedAt: new Date(NOW - (offset + i + 1) * 60_000).toISOString() }),
  );
  return { sessions: { total, totalIsLowerBound, limit: 20, offset, items } };
}

/** `iso` is `days` before a moment of this test (the clock runs while it does). */
function stoppedAfterAgo(iso: string, days: number): boolean {
  const at = Date.parse(iso) + days * 86_400_000;
  return at >= NOW && at <= Date.now();
}

function finishing(i: number) {
  const session = sessionCard({ id: `f${i}`, name: `Burst #${i}`, status: 'COMPLETED', type: 'BACKTEST' });
  for (const sink of sinks.get('SessionListUpdated') ?? []) sink.next({ sessionUpdated: { sessionId: session.id, kind: 'STATUS', session } });
}

describe('History at scale', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    sinks.clear();
  });

  it('asks the server for one page at a time, with the period as stoppedAfter', async () => {
    const { calls } = mockGraphQL({ MarketsForLists: { markets: marketsFixture }, HistoryPage: (v: Record<string, unknown>) => historyPage(v) });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(<HistoryTab onView={() => {}} onClone={() => {}} />);

    expect(await screen.findByText('Showing 1-20 of 45')).toBeInTheDocument();
    const pages = () => calls.filter((c) => c.operation === 'HistoryPage');
    expect(pages()).toHaveLength(1);
    const first = pages()[0]!.variables as { filter: { stoppedAfter: string } };
    expect(first).toEqual({
      filter: { statuses: ['STOPPED', 'COMPLETED', 'FAILED'], stoppedAfter: first.filter.stoppedAfter, sweepCells: 'EXCLUDE' },
      limit: 20,
      offset: 0,
      sort: { field: 'STOPPED_AT', direction: 'DESC' },
    });
    expect(stoppedAfterAgo(first.filter.stoppedAfter, 7)).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Next >' }));
    expect(await screen.findByText('Showing 21-40 of 45')).toBeInTheDocument();
    expect(pages()).toHaveLength(2);
    // the next page keeps the period's end: the pages fit together
    expect(pages()[1]!.variables).toMatchObject({ offset: 20, filter: { stoppedAfter: first.filter.stoppedAfter } });

    await user.selectOptions(screen.getByLabelText('Period'), '30d');
    await waitFor(() => expect(pages()).toHaveLength(3));
    expect(stoppedAfterAgo((pages()[2]!.variables.filter as { stoppedAfter: string }).stoppedAfter, 30)).toBe(true);
    expect(pages()[2]!.variables.offset).toBe(0);
  });

  it('shows a total the server only bounds as "10,000+" and still offers the next page', async () => {
    mockGraphQL({ MarketsForLists: { markets: marketsFixture }, HistoryPage: (v: Record<string, unknown>) => historyPage(v, 10_000, true) });
    render(<HistoryTab onView={() => {}} onClone={() => {}} />);
    expect(await screen.findByText('Showing 1-20 of 10,000+')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next >' })).toBeEnabled();
  });

  it('refreshes a few times for a burst of finishing sessions, and never refetches the running list', async () => {
    const { calls } = mockGraphQL({
      MarketsForLists: { markets: marketsFixture },
      HistoryPage: (v: Record<string, unknown>) => historyPage(v),
      ...sessionRoutes(() => [sessionCard()]),
      RunningSweeps: { sweeps: [] },
    });
    render(
      <>
        <RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />
        <HistoryTab onView={() => {}} onClone={() => {}} />
      </>,
    );
    expect(await screen.findByText('Showing 1-20 of 45')).toBeInTheDocument();
    await screen.findByRole('listitem', { name: 'BTC Test #1' });
    const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
    expect(count('HistoryPage')).toBe(1);

    // 1,000 sessions finish within 10 s
    for (let i = 0; i < 1000; i++) {
      act(() => finishing(i));
      if (i % 100 === 99) {
        await act(async () => {
          vi.advanceTimersByTime(1000);
        });
      }
    }
    await act(async () => {
      vi.advanceTimersByTime(5000);
    });
    await waitFor(() => expect(count('HistoryPage')).toBeGreaterThan(1));
    // at most one refresh per 2 s over those ~15 s, however many sessions finished
    expect(count('HistoryPage')).toBeLessThanOrEqual(1 + 8);
    // the running groups read their first page once each, and recount at most once per 2 s
    expect(count('SessionWindow')).toBe(3);
    expect(count('SessionGroupCounts')).toBeLessThanOrEqual(1 + 8);

    // a session that starts running is not history: no refresh
    const before = count('HistoryPage');
    act(() => {
      for (const sink of sinks.get('SessionListUpdated') ?? []) sink.next({ sessionUpdated: { sessionId: 'r1', kind: 'STATUS', session: sessionCard({ id: 'r1', name: 'Runs' }) } });
    });
    await act(async () => {
      vi.advanceTimersByTime(5000);
    });
    expect(count('HistoryPage')).toBe(before);
  });
});
