import type { SweepCellRowFragment, SweepMetric } from '@/gql/graphql';
import { formatDecimal, formatInteger, formatPercent, formatUsd } from '@/lib/format';

/** Which way a metric is good: up, down, or neither (a trade count). */
export type Better = 'higher' | 'lower' | 'none';

export interface MetricInfo {
  metric: SweepMetric;
  label: string;
  better: Better;
  /** The cell's value of this metric (an exact decimal as text, or a number); null until the cell ends. */
  of: (cell: SweepCellRowFragment) => string | number | null;
}

/** The metrics a sweep compares cells by, in the order the table shows them. */
export const METRICS: readonly MetricInfo[] = [
  { metric: 'TOTAL_PNL', label: 'Total PnL', better: 'higher', of: (c) => c.totalPnl },
  { metric: 'SHARPE', label: 'Sharpe', better: 'higher', of: (c) => c.sharpeValue },
  { metric: 'SORTINO', label: 'Sortino', better: 'higher', of: (c) => c.sortinoValue },
  { metric: 'MAX_DRAWDOWN', label: 'Max drawdown', better: 'lower', of: (c) => c.maxDrawdown },
  { metric: 'PROFIT_FACTOR', label: 'Profit factor', better: 'higher', of: (c) => c.profitFactorValue },
  { metric: 'WIN_RATE', label: 'Win rate', better: 'higher', of: (c) => c.winRate },
  { metric: 'TRADE_COUNT', label: 'Trades', better: 'none', of: (c) => c.tradeCount },
];

export function metricInfo(metric: SweepMetric): MetricInfo {
  return METRICS.find((m) => m.metric === metric) ?? METRICS[0]!;
}

/** A metric's value as a trader reads it: `+$1,234.50`, `1.42`, `3.20%`, `62.5%`, `1,234`; `—` when there is none. */
export function formatMetric(metric: SweepMetric, value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number' && !Number.isFinite(value)) return value > 0 ? '∞' : '—';
  switch (metric) {
    case 'TOTAL_PNL':
      return formatUsd(value);
    case 'MAX_DRAWDOWN':
      return formatPercent(value, 2);
    case 'WIN_RATE':
      return formatPercent(value, 1);
    case 'TRADE_COUNT':
      return formatInteger(Number(value));
    default:
      return formatDecimal(value, 2);
  }
}

/** The direction that lists the best cells first. */
export function bestFirst(metric: SweepMetric): 'ASC' | 'DESC' {
  return metricInfo(metric).better === 'lower' ? 'ASC' : 'DESC';
}

/** A swept parameter's value as text: `0.3`, `ema`, `true`. */
export function formatParamValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A cell's coordinates in words: `threshold 0.3, position_size 50`, in the grid's order. */
export function coordinates(params: unknown, order: readonly string[]): string {
  const record = params && typeof params === 'object' ? (params as Record<string, unknown>) : {};
  const names = [...order.filter((name) => name in record), ...Object.keys(record).filter((name) => !order.includes(name))];
  return names.map((name) => `${name} ${formatParamValue(record[name])}`).join(', ');
}
