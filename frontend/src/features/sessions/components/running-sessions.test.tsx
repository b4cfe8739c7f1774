import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionSink } from '@/lib/graphql-client';
import type { SessionCardFragment } from '@/gql/graphql';
import { sessionCard } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { sessionRoutes } from '@/testing/session-routes';
import { FLUSH_EVERY_MS } from '../hooks/use-session-groups';
import { RunningSessions } from './running-sessions';

const sinks = vi.hoisted(() => new Map<string, SubscriptionSink<unknown>>());
/** The same sinks by operation name and variables: `RunningSweepUpdated {"id":"w1"}`. */
const sinksByVariables = vi.hoisted(() => new Map<string, SubscriptionSink<unknown>>());

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (document: { toString(): string }, variables: unknown, sink: SubscriptionSink<unknown>) => {
      const name = /subscription\s+(\w+)/.exec(document.toString())?.[1] ?? '';
      const key = `${name} ${JSON.stringify(variables)}`;
      sinks.set(name, sink);
      sinksByVariables.set(key, sink);
      return () => {
        sinks.delete(name);
        sinksByVariables.delete(key);
      };
    },
  };
});

/** The server's session lists over these sessions. */
function page(items: SessionCardFragment[]) {
  return sessionRoutes(() => items);
}

/** Lets the buffered subscription events be written (they are, at most every 250 ms). */
async function settle() {
  await act(async () => {
    vi.advanceTimersByTime(FLUSH_EVERY_MS);
  });
}

describe('RunningSessions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2026-11-24T12:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
    sinks.clear();
    sinksByVariables.clear();
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
    mockGraphQL({ ...page([running, backtest, stale, created]), RunningSweeps: { sweeps: [] } });

    render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />);

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
    const { calls } = mockGraphQL({ ...page([sessionCard()]), RunningSweeps: { sweeps: [] } });
    render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />);
    await screen.findByRole('listitem', { name: 'BTC Test #1' });

    act(() => {
      sinks.get('SessionListUpdated')?.next({ sessionUpdated: { sessionId: 'n1', kind: 'CREATED', session: sessionCard({ id: 'n1', name: 'New One', status: 'CREATED' }) } });
    });
    await settle();
    expect(screen.getByRole('region', { name: 'PENDING / CREATED (1)' })).toHaveTextContent('New One');

    act(() => {
      sinks.get('SessionListUpdated')?.next({ sessionUpdated: { sessionId: 'a1', kind: 'STATUS', session: sessionCard({ status: 'STOPPED' }) } });
    });
    await settle();
    expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (0)' })).toBeInTheDocument();
    // one page of each group, read once
    expect(calls.filter((c) => c.operation === 'SessionWindow')).toHaveLength(3);
  });

  it('shows only what went wrong, never empty groups, when the first read fails', async () => {
    const unavailable = () => {
      throw { errors: [{ message: 'the database is not answering; try again in a few seconds', extensions: { classification: 'UNAVAILABLE' } }] };
    };
    mockGraphQL({ SessionWindow: unavailable, SessionGroupCounts: unavailable, RunningSweeps: { sweeps: [] } });
    render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />);
    expect(await screen.findByText('Could not load sessions')).toBeInTheDocument();
    expect(screen.getByText(/the database is not answering/)).toBeInTheDocument();
    expect(screen.queryByText('No session is running.')).not.toBeInTheDocument();
    expect(screen.queryByText(/RUNNING SESSIONS \(0\)/)).not.toBeInTheDocument();
  });

  it('asks before deleting and shows mutation errors next to the row', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    mockGraphQL({
      ...page([sessionCard({ id: 'c1', name: 'Draft', status: 'CREATED' })]),
      RunningSweeps: { sweeps: [] },
      DeleteSession: () => {
        throw { errors: [{ message: 'session is running', extensions: { classification: 'CONFLICT' } }] };
      },
    });
    render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Delete Draft' }));
    expect(screen.getByText('Are you sure?')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Delete failed: session is running');
    expect(screen.getByRole('listitem', { name: 'Draft' })).toBeInTheDocument();
  });

  describe('sweeps', () => {
    const sweep = (overrides: Record<string, unknown> = {}) => ({
      id: 'w1',
      name: 'TB grid',
      strategyId: 'TestBot',
      strategy: { id: 'TestBot', name: 'Test Bot' },
      market: 'XBTUSD',
      status: 'RUNNING',
      cellCount: 100,
      cellsDone: 12,
      cellsFailed: 0,
      cellsRunning: 2,
      candlesPerSecond: 1234567.8,
      etaSeconds: 135,
      ...overrides,
    });

    it('shows a running sweep as one row with its progress, live, and never its cells', async () => {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      const onViewSweep = vi.fn();
      const { calls } = mockGraphQL({
        ...page([sessionCard()]),
        RunningSweeps: { sweeps: [sweep(), sweep({ id: 'w0', name: 'Old grid', status: 'COMPLETED', cellsDone: 100, cellsRunning: 0, etaSeconds: null })] },
        StopSweep: (v: Record<string, unknown>) => ({ cancelSweep: sweep({ id: v.id, status: 'CANCELLED', cellsRunning: 0, etaSeconds: null }) }),
      });
      render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={onViewSweep} />);

      const group = await screen.findByRole('region', { name: 'RUNNING SESSIONS (2)' });
      const row = await within(group).findByRole('listitem', { name: 'TB grid' });
      expect(row).toHaveTextContent('12 / 100 cells');
      expect(row).toHaveTextContent('Running now: 2');
      expect(row).toHaveTextContent('ETA 2m 15s');
      expect(row).toHaveTextContent('1,234,568 candles/s');
      expect(within(row).getByRole('progressbar', { name: 'Cells done of TB grid' })).toHaveAttribute('value', '12');
      expect(screen.queryByRole('listitem', { name: 'Old grid' })).not.toBeInTheDocument();
      // the list asks the server to leave cells out
      for (const call of calls.filter((c) => c.operation === 'SessionWindow' || c.operation === 'SessionGroupCounts')) {
        for (const filter of call.operation === 'SessionWindow' ? [call.variables.filter] : [call.variables.running, call.variables.created]) expect(filter).toMatchObject({ sweepCells: 'EXCLUDE' });
      }

      // progress moves with sweepUpdated
      act(() => sinksByVariables.get('RunningSweepUpdated {"id":"w1"}')?.next({ sweepUpdated: sweep({ cellsDone: 50, etaSeconds: 60 }) }));
      expect(row).toHaveTextContent('50 / 100 cells');
      expect(row).toHaveTextContent('ETA 1m');

      // a cell that reaches the list's subscription anyway is not listed on its own
      act(() => sinks.get('SessionListUpdated')?.next({ sessionUpdated: { sessionId: 'c7', kind: 'STATUS', session: sessionCard({ id: 'c7', name: 'TB grid #7', type: 'BACKTEST', sweepId: 'w1' }) } }));
      await settle();
      expect(screen.queryByRole('listitem', { name: 'TB grid #7' })).not.toBeInTheDocument();
      expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (2)' })).toBeInTheDocument();

      await user.click(within(row).getByRole('button', { name: 'View TB grid' }));
      expect(onViewSweep).toHaveBeenCalledWith('w1');

      await user.click(within(row).getByRole('button', { name: 'Stop TB grid' }));
      expect(calls.find((c) => c.operation === 'StopSweep')?.variables).toEqual({ id: 'w1' });
      await waitFor(() => expect(screen.queryByRole('listitem', { name: 'TB grid' })).not.toBeInTheDocument());
      expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (1)' })).toBeInTheDocument();
    });

    it('offers Resume for an interrupted sweep and finds a new sweep from its first cell', async () => {
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      let sweeps = [sweep({ status: 'INTERRUPTED', cellsRunning: 0, etaSeconds: null, candlesPerSecond: null })];
      const { calls } = mockGraphQL({
        ...page([]),
        RunningSweeps: () => ({ sweeps }),
        ResumeInterruptedSweep: () => ({ resumeSweep: sweep() }),
      });
      render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />);

      const interrupted = await screen.findByRole('region', { name: 'INTERRUPTED SWEEPS (1)' });
      expect(within(interrupted).getByRole('listitem', { name: 'TB grid' })).toHaveTextContent('only the cells not completed will run');
      await user.click(within(interrupted).getByRole('button', { name: 'Resume TB grid' }));
      expect(await within(await screen.findByRole('region', { name: 'RUNNING SESSIONS (1)' })).findByRole('listitem', { name: 'TB grid' })).toHaveTextContent('Running now: 2');
      expect(screen.queryByRole('region', { name: /INTERRUPTED SWEEPS/ })).not.toBeInTheDocument();

      // a cell of a sweep the list does not know: the list reloads and shows the new sweep
      sweeps = [sweep(), sweep({ id: 'w2', name: 'ETH grid', market: 'ETHUSD', cellsDone: 0 })];
      act(() => sinks.get('SweepCellsWatch')?.next({ sessionUpdated: { sessionId: 'c1', kind: 'CREATED', session: { id: 'c1', sweepId: 'w2' } } }));
      await act(async () => {
        vi.advanceTimersByTime(2500);
      });
      expect(await screen.findByRole('listitem', { name: 'ETH grid' })).toHaveTextContent('0 / 100 cells');
      expect(calls.filter((c) => c.operation === 'RunningSweeps')).toHaveLength(2);
    });
  });
});
