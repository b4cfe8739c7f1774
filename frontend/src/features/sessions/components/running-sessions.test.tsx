import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionSink } from '@/lib/graphql-client';
import { sessionCard } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { RunningSessions } from './running-sessions';

const sinks = vi.hoisted(() => new Map<string, SubscriptionSink<unknown>>());

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (document: { toString(): string }, _variables: unknown, sink: SubscriptionSink<unknown>) => {
      const name = /subscription\s+(\w+)/.exec(document.toString())?.[1] ?? '';
      sinks.set(name, sink);
      return () => sinks.delete(name);
    },
  };
});

function page(items: unknown[]) {
  return { sessions: { total: items.length, limit: 200, offset: 0, items } };
}

describe('RunningSessions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    sinks.clear();
  });

  it('groups sessions and ticks uptime and heartbeat age every second', async () => {
    const running = sessionCard({ startedAt: '2026-11-24T11:14:28Z', lastUpdated: '2026-11-24T11:59:58Z', tradeCount: 1234, totalPnl: '1245.5', winRate: '60' });
    const backtest = sessionCard({
      id: 'b1',
      name: 'ETH Backtest',
      type: 'BACKTEST',
      market: 'ETHUSD',
      progress: { done: 1234, total: 2500, percent: 49.36 },
      lastUpdated: '2026-11-24T11:59:59Z',
    });
    const stale = sessionCard({ id: 's1', name: 'SOL Test #3', market: 'SOLUSD', lastUpdated: '2026-11-24T11:57:45Z', tradeCount: 5, totalPnl: '12', health: { isStale: true, secondsSinceUpdate: 135 } });
    const created = sessionCard({ id: 'c1', name: 'SOL Draft', status: 'CREATED', startedAt: null, lastUpdated: null, createdAt: '2026-11-24T11:55:00Z' });
    mockGraphQL({ SessionList: page([running, backtest, stale, created]) });

    render(<RunningSessions onView={() => {}} onEdit={() => {}} />);

    const runningGroup = await screen.findByRole('region', { name: 'RUNNING SESSIONS (2)' });
    expect(screen.getByRole('region', { name: 'STALE SESSIONS (1)' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'PENDING / CREATED (1)' })).toBeInTheDocument();

    const row = within(runningGroup).getByRole('listitem', { name: 'BTC Test #1' });
    expect(row).toHaveTextContent('00:45:32');
    expect(row).toHaveTextContent('1,234 trades');
    expect(row).toHaveTextContent('+$1,245.50');
    expect(row).toHaveTextContent('(60% win)');
    expect(row).toHaveTextContent('♡ 2s ago');
    expect(within(runningGroup).getByRole('listitem', { name: 'ETH Backtest' })).toHaveTextContent('Progress: 1,234 / 2,500 candles');
    expect(screen.getByRole('listitem', { name: 'SOL Test #3' })).toHaveTextContent('♡ 2m 15s ago');
    expect(screen.getByRole('listitem', { name: 'SOL Draft' })).toHaveTextContent('Created 5m 0s ago');

    await act(async () => {
      vi.advanceTimersByTime(1000);
    });
    expect(row).toHaveTextContent('♡ 3s ago');
    expect(row).toHaveTextContent('00:45:33');
  });

  it('applies sessionUpdated events without refetching the list', async () => {
    const { calls } = mockGraphQL({ SessionList: page([sessionCard()]) });
    render(<RunningSessions onView={() => {}} onEdit={() => {}} />);
    await screen.findByRole('listitem', { name: 'BTC Test #1' });

    act(() => {
      sinks.get('SessionListUpdated')?.next({ sessionUpdated: { sessionId: 'n1', kind: 'CREATED', session: sessionCard({ id: 'n1', name: 'New One', status: 'CREATED' }) } });
    });
    expect(screen.getByRole('region', { name: 'PENDING / CREATED (1)' })).toHaveTextContent('New One');

    act(() => {
      sinks.get('SessionListUpdated')?.next({ sessionUpdated: { sessionId: 'a1', kind: 'STATUS', session: sessionCard({ status: 'STOPPED' }) } });
    });
    expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (0)' })).toBeInTheDocument();
    expect(calls.filter((c) => c.operation === 'SessionList')).toHaveLength(1);
  });

  it('asks before deleting and shows mutation errors next to the row', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    mockGraphQL({
      SessionList: page([sessionCard({ id: 'c1', name: 'Draft', status: 'CREATED' })]),
      DeleteSession: () => {
        throw { errors: [{ message: 'session is running', extensions: { classification: 'CONFLICT' } }] };
      },
    });
    render(<RunningSessions onView={() => {}} onEdit={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Delete Draft' }));
    expect(screen.getByText('Are you sure?')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Delete failed: session is running');
    expect(screen.getByRole('listitem', { name: 'Draft' })).toBeInTheDocument();
  });
});
