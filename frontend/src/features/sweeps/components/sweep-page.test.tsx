import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionSink } from '@/lib/graphql-client';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { robustnessInWords } from './best-cell';
import { nextSort } from './sweep-cells-table';
import { SweepPage } from './sweep-page';

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

const summary = {
  id: 'w1',
  name: 'TB grid',
  strategyId: 'TestBot',
  strategy: { id: 'TestBot', name: 'Test Bot' },
  market: 'XBTUSD',
  exchange: 'bitmex',
  rangeStart: '2024-01-01T00:00:00.000Z',
  rangeEnd: '2024-02-01T00:00:00.000Z',
  status: 'RUNNING',
  cellCount: 9,
  cellsDone: 3,
  cellsFailed: 0,
  cellsRunning: 2,
  candlesPerSecond: 850000,
  etaSeconds: 95,
  createdAt: '2026-12-04T10:00:00.000Z',
  finishedAt: null,
  error: null,
};

const detail = (overrides: Record<string, unknown> = {}) => ({
  sweep: {
    ...summary,
    baseParams: { threshold: 0.5, position_size: 100, stop_loss: 2 },
    grid: [
      { parameter: 'threshold', values: [0.3, 0.5, 0.7] },
      { parameter: 'position_size', values: [50, 100, 150] },
    ],
    ...overrides,
  },
});

function cell(index: number, overrides: Record<string, unknown> = {}) {
  return {
    index,
    params: { threshold: [0.3, 0.5, 0.7][index % 3], position_size: [50, 100, 150][Math.floor(index / 3)] },
    status: 'COMPLETED',
    sessionId: `s${index}`,
    totalPnl: String(100 * index - 300),
    winRate: '55.5',
    maxDrawdown: '4.25',
    tradeCount: 12 + index,
    sharpeValue: 1.25 + index / 10,
    sortinoValue: 2.5,
    profitFactorValue: 1.5,
    ...overrides,
  };
}

function cellsPage(v: Record<string, unknown>) {
  const all = Array.from({ length: 9 }, (_, i) => cell(i));
  const first = Number(v.first);
  const start = v.after ? Number(String(v.after).slice(1)) + 1 : 0;
  const edges = all.slice(start, start + first).map((node) => ({ cursor: `c${node.index}`, node }));
  return { sweep: { id: 'w1', cells: { totalCount: 9, pageInfo: { hasNextPage: start + first < 9, endCursor: edges.at(-1)?.cursor ?? null }, edges } } };
}

const heatmap = { x: 'threshold', y: 'position_size', metric: 'TOTAL_PNL', xValues: [0.3, 0.5, 0.7], yValues: [50, 100, 150], values: [[-300, -200, -100], [0, 100, 200], [300, 400, 500]] };
const best = { metric: 'TOTAL_PNL', robustness: 0.5, neighbours: 2, cell: cell(8) };

function api(overrides: Record<string, unknown> = {}) {
  return mockGraphQL({
    SweepDetail: detail(),
    SweepCells: cellsPage,
    SweepHeatmap: { sweep: { id: 'w1', heatmap } },
    SweepBest: { sweep: { id: 'w1', best } },
    ...overrides,
  });
}

describe('SweepPage', () => {
  afterEach(() => sinks.clear());

  it('shows progress live, the best cell in words, the heatmap and the cells', async () => {
    const { calls } = api();
    const onLiveTest = vi.fn();
    const onOpenSession = vi.fn();
    const user = userEvent.setup();
    render(<SweepPage sweepId="w1" onOpenSession={onOpenSession} onLiveTest={onLiveTest} />);

    expect(await screen.findByRole('heading', { level: 1, name: 'TB grid' })).toBeInTheDocument();
    const progress = screen.getByRole('region', { name: 'Progress' });
    expect(progress).toHaveTextContent('3 / 9');
    expect(progress).toHaveTextContent('Running now2');
    expect(progress).toHaveTextContent('850,000');
    expect(progress).toHaveTextContent('ETA1m 35s');
    expect(screen.getByRole('button', { name: 'Cancel sweep' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete sweep' })).not.toBeInTheDocument();

    const bestCell = await screen.findByRole('region', { name: 'Best cell' });
    expect(await within(bestCell).findByText(/threshold 0.7, position_size 150/)).toBeInTheDocument();
    expect(bestCell).toHaveTextContent('+$500.00');
    expect(bestCell).toHaveTextContent('1 of its 2 completed neighbours');
    expect(await screen.findByRole('cell', { name: 'threshold 0.5, position_size 100: Total PnL +$100.00' })).toBeInTheDocument();
    expect(await screen.findByRole('rowheader', { name: '#9' })).toBeInTheDocument();

    // a cell ends: the progress moves at once, the results reload
    const before = calls.filter((c) => c.operation === 'SweepCells').length;
    act(() => sinks.get('SweepUpdated')?.next({ sweepUpdated: { ...summary, cellsDone: 4, cellsRunning: 1, etaSeconds: 40 } }));
    expect(progress).toHaveTextContent('4 / 9');
    expect(progress).toHaveTextContent('ETA40s');
    await waitFor(() => expect(calls.filter((c) => c.operation === 'SweepCells').length).toBeGreaterThan(before), { timeout: 4000 });

    // from a cell: open its session, or clone it into a live test with the base parameters and its coordinates
    const row = screen.getByRole('rowheader', { name: '#2' }).closest('tr')!;
    await user.click(within(row).getByRole('button', { name: 'Open cell #2 (threshold 0.5, position_size 50)' }));
    expect(onOpenSession).toHaveBeenCalledWith('s1');
    await user.click(within(bestCell).getByRole('button', { name: 'Clone cell #9 (threshold 0.7, position_size 150) to a live test' }));
    // (a `threshold` key reads as exact decimal text anywhere in an answer: the create form takes either)
    expect(onLiveTest).toHaveBeenCalledWith({ strategyId: 'TestBot', market: 'XBTUSD', params: { threshold: '0.7', position_size: 150, stop_loss: 2 }, name: 'TB grid #9 live' });
  });

  it('sorts the cells by a metric, best first, and pages by cursor', async () => {
    const { calls } = api();
    const user = userEvent.setup();
    render(<SweepPage sweepId="w1" onOpenSession={() => {}} onLiveTest={() => {}} />);
    await screen.findByRole('rowheader', { name: '#1' });
    const cellsCalls = () => calls.filter((c) => c.operation === 'SweepCells');
    expect(cellsCalls()[0]?.variables).toEqual({ id: 'w1', sort: null, first: 50, after: null });

    const table = screen.getByRole('table', { name: 'Cells' });
    await user.click(within(table).getByRole('button', { name: 'Sharpe' }));
    await waitFor(() => expect(cellsCalls().at(-1)?.variables).toMatchObject({ sort: { metric: 'SHARPE', direction: 'DESC' }, after: null }));
    expect(within(table).getByRole('columnheader', { name: /Sharpe/ })).toHaveAttribute('aria-sort', 'descending');
    await user.click(within(table).getByRole('button', { name: /Sharpe/ }));
    await waitFor(() => expect(cellsCalls().at(-1)?.variables).toMatchObject({ sort: { metric: 'SHARPE', direction: 'ASC' } }));
    expect(within(table).getByRole('columnheader', { name: /Sharpe/ })).toHaveAttribute('aria-sort', 'ascending');
    // a drawdown is best when it is small
    await user.click(within(table).getByRole('button', { name: 'Max drawdown' }));
    await waitFor(() => expect(cellsCalls().at(-1)?.variables).toMatchObject({ sort: { metric: 'MAX_DRAWDOWN', direction: 'ASC' } }));
    expect(within(table).getByRole('columnheader', { name: /Sharpe/ })).not.toHaveAttribute('aria-sort');
  });

  it('pages by cursor', async () => {
    const { calls } = api({ SweepCells: (v: Record<string, unknown>) => cellsPage({ ...v, first: 4 }) });
    const user = userEvent.setup();
    render(<SweepPage sweepId="w1" onOpenSession={() => {}} onLiveTest={() => {}} />);
    await screen.findByRole('rowheader', { name: '#4' });
    await user.click(screen.getByRole('button', { name: 'Next >' }));
    expect(await screen.findByRole('rowheader', { name: '#5' })).toBeInTheDocument();
    expect(calls.filter((c) => c.operation === 'SweepCells').at(-1)?.variables).toMatchObject({ after: 'c3' });
    await user.click(screen.getByRole('button', { name: '< Prev' }));
    expect(await screen.findByRole('rowheader', { name: '#1' })).toBeInTheDocument();
  });

  it('resumes an interrupted sweep and deletes one after "Are you sure?"', async () => {
    const { calls } = api({
      SweepDetail: detail({ status: 'INTERRUPTED', cellsRunning: 0, etaSeconds: null, candlesPerSecond: null }),
      ResumeSweep: { resumeSweep: summary },
      DeleteSweep: { deleteSweep: 'w1' },
    });
    const user = userEvent.setup();
    render(<SweepPage sweepId="w1" onOpenSession={() => {}} onLiveTest={() => {}} />);
    expect(await screen.findByText('Interrupted by a server restart')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    expect(await screen.findByRole('button', { name: 'Cancel sweep' })).toBeInTheDocument();
    expect(calls.find((c) => c.operation === 'ResumeSweep')?.variables).toEqual({ id: 'w1' });

    act(() => sinks.get('SweepUpdated')?.next({ sweepUpdated: { ...summary, status: 'COMPLETED', cellsDone: 9, cellsRunning: 0, etaSeconds: null } }));
    await user.click(await screen.findByRole('button', { name: 'Delete sweep' }));
    expect(screen.getByText('Are you sure?')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(window.location.pathname).toBe('/sweeping'));
    expect(calls.find((c) => c.operation === 'DeleteSweep')?.variables).toEqual({ id: 'w1' });
  });

  it('says so when the server refuses an action', async () => {
    api({
      CancelSweep: () => {
        throw { errors: [{ message: 'the sweep is not running', extensions: { classification: 'CONFLICT' } }] };
      },
    });
    const user = userEvent.setup();
    render(<SweepPage sweepId="w1" onOpenSession={() => {}} onLiveTest={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Cancel sweep' }));
    expect(await screen.findByText('Cancel failed: the sweep is not running')).toBeInTheDocument();
  });
});

describe('sorting and robustness', () => {
  it('sorts best first, then the other way', () => {
    expect(nextSort(undefined, 'TOTAL_PNL')).toEqual({ metric: 'TOTAL_PNL', direction: 'DESC' });
    expect(nextSort({ metric: 'TOTAL_PNL', direction: 'DESC' }, 'TOTAL_PNL')).toEqual({ metric: 'TOTAL_PNL', direction: 'ASC' });
    expect(nextSort({ metric: 'TOTAL_PNL', direction: 'ASC' }, 'MAX_DRAWDOWN')).toEqual({ metric: 'MAX_DRAWDOWN', direction: 'ASC' });
  });

  it('explains robustness in words', () => {
    expect(robustnessInWords(1, 4)).toMatch(/^4 of its 4 completed neighbours .* beat the median of all completed cells — robust/);
    expect(robustnessInWords(0.25, 4)).toMatch(/^1 of its 4 .* beats the median .* — fragile/);
    expect(robustnessInWords(null, 0)).toMatch(/None of its neighbours .* has completed/);
  });
});
