import { AreaSeries, ColorType, createChart, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { toChartNumber, type DecimalInput } from '@/lib/decimal';
import { formatDollars } from '@/lib/format';

export interface EquityPointInput {
  time: string;
  equity: DecimalInput;
}

/** One point per second (the chart needs strictly increasing times): the last one wins. The chart draws in floating point. */
export function toChartData(points: readonly EquityPointInput[]): { time: UTCTimestamp; value: number }[] {
  const bySecond = new Map<number, number>();
  for (const p of points) {
    const seconds = Math.floor(Date.parse(p.time) / 1000);
    if (!Number.isNaN(seconds)) bySecond.set(seconds, toChartNumber(p.equity));
  }
  return [...bySecond.entries()].sort((a, b) => a[0] - b[0]).map(([time, value]) => ({ time: time as UTCTimestamp, value }));
}

/** The equity curve, drawn by TradingView's lightweight-charts. */
export function EquityChart({ points, height = 240 }: { points: readonly EquityPointInput[]; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const data = toChartData(points);
  const rising = data.length < 2 || (data[data.length - 1]?.value ?? 0) >= (data[0]?.value ?? 0);

  useEffect(() => {
    const el = container.current;
    if (!el) return undefined;
    const chart = createChart(el, {
      height,
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: '#8b98a8', fontSize: 11 },
      grid: { vertLines: { color: '#1b2430' }, horzLines: { color: '#1b2430' } },
      rightPriceScale: { borderColor: '#232d3b' },
      // a year of trades is tens of thousands of points: let them all fit the width
      timeScale: { borderColor: '#232d3b', timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
      localization: { priceFormatter: formatDollars },
    });
    const color = rising ? '#2fbf71' : '#f05d5e';
    const series = chart.addSeries(AreaSeries, {
      lineColor: color,
      topColor: `${color}55`,
      bottomColor: `${color}05`,
      lineWidth: 2,
    });
    series.setData(data);
    chart.timeScale().fitContent();
    // autoSize learns the width after the first layout: fit again once it is known
    const frame = window.requestAnimationFrame(() => chart.timeScale().fitContent());
    return () => {
      window.cancelAnimationFrame(frame);
      chart.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [JSON.stringify(data), height, rising]);

  if (data.length === 0) return <p className="muted">No closed trades yet: the curve starts with the first one.</p>;
  return <div ref={container} className="equity-chart" style={{ height }} role="img" aria-label="Equity curve" />;
}
