import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { HeatmapGrid, SweepHeatmap } from './sweep-heatmap';

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return { ...original, subscribe: () => () => {} };
});

const heatmap = {
  x: 'threshold',
  y: 'position_size',
  metric: 'TOTAL_PNL' as const,
  xValues: [0.3, 0.5, 0.7],
  yValues: [50, 100],
  values: [
    [-120.5, 40, null],
    [10, 250.25, 80],
  ],
};

describe('HeatmapGrid', () => {
  it('colours each square by its value and names its coordinates and value', () => {
    render(<HeatmapGrid heatmap={heatmap} />);
    const table = screen.getByRole('table', { name: 'Total PnL by threshold (across) and position_size (down)' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['position_size ↓ · threshold →', '0.3', '0.5', '0.7']);

    const worst = screen.getByRole('cell', { name: 'threshold 0.3, position_size 50: Total PnL -$120.50' });
    expect(worst).toHaveAttribute('title', 'threshold 0.3, position_size 50: Total PnL -$120.50');
    expect(worst).toHaveStyle({ background: 'hsl(0 65% 36%)' });
    expect(worst).toHaveTextContent('-$120.50');
    expect(screen.getByRole('cell', { name: 'threshold 0.5, position_size 100: Total PnL +$250.25' })).toHaveStyle({ background: 'hsl(120 65% 36%)' });

    const empty = screen.getByRole('cell', { name: 'threshold 0.7, position_size 50: no completed cell' });
    expect(empty).toHaveClass('heatmap__cell--empty');
    expect(empty).toHaveTextContent('');
    expect(empty.getAttribute('style')).toBeNull();

    // the legend: smallest and largest value, which end is good
    const legend = screen.getByText('green is better (higher)').closest('figcaption')!;
    expect(legend).toHaveTextContent('-$120.50');
    expect(legend).toHaveTextContent('+$250.25');
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('says when a third parameter is folded into each square', () => {
    render(<HeatmapGrid heatmap={{ ...heatmap, metric: 'MAX_DRAWDOWN', values: [[2.5, 12, null], [null, null, null]] }} third={{ parameter: 'stop_loss', count: 4 }} />);
    expect(screen.getByRole('note')).toHaveTextContent('This sweep also varies stop_loss (4 values): each square shows the best max drawdown over them.');
    // lower is better: the smallest drawdown is green
    expect(screen.getByRole('cell', { name: 'threshold 0.3, position_size 50: Max drawdown 2.5%' })).toHaveStyle({ background: 'hsl(120 65% 36%)' });
    expect(screen.getByText('green is better (lower)')).toBeInTheDocument();
  });

  it('says so when no cell has completed yet', () => {
    render(<HeatmapGrid heatmap={{ ...heatmap, values: [[null, null, null], [null, null, null]] }} />);
    expect(screen.getByText(/No cell has completed yet/)).toBeInTheDocument();
    expect(screen.getAllByRole('cell', { name: /no completed cell/ })).toHaveLength(6);
  });
});

describe('SweepHeatmap', () => {
  const grid = [
    { parameter: 'threshold', values: [0.3, 0.5, 0.7] },
    { parameter: 'position_size', values: [50, 100] },
    { parameter: 'stop_loss', values: [1, 2, 3, 4] },
  ];

  it('asks for the chosen parameters and swaps them when one axis takes the other', async () => {
    const { calls } = mockGraphQL({ SweepHeatmap: (v: Record<string, unknown>) => ({ sweep: { id: 'w1', heatmap: { ...heatmap, x: v.x, y: v.y } } }) });
    const onAxes = vi.fn();
    render(<SweepHeatmap sweepId="w1" grid={grid} metric="SHARPE" axes={{ x: 'threshold', y: 'position_size' }} onAxes={onAxes} />);
    expect(await screen.findByRole('note')).toHaveTextContent('stop_loss (4 values)');
    expect(calls[0]?.variables).toEqual({ id: 'w1', x: 'threshold', y: 'position_size', metric: 'SHARPE' });

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Across'), 'position_size');
    expect(onAxes).toHaveBeenLastCalledWith({ x: 'position_size', y: 'threshold' });
    await user.selectOptions(screen.getByLabelText('Down'), 'stop_loss');
    expect(onAxes).toHaveBeenLastCalledWith({ x: 'threshold', y: 'stop_loss' });
  });

  it('explains that one swept parameter makes no heatmap', () => {
    mockGraphQL({});
    render(<SweepHeatmap sweepId="w1" grid={grid.slice(0, 1)} metric="TOTAL_PNL" axes={undefined} onAxes={() => {}} />);
    expect(screen.getByText(/A heatmap needs two swept parameters; this sweep varies only threshold/)).toBeInTheDocument();
  });
});
