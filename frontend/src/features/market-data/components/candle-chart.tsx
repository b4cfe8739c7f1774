import { CandlestickSeries, ColorType, createChart, HistogramSeries, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import { formatDecimal } from '@/lib/format';
import { toChartNumber, type DecimalInput } from '@/lib/decimal';

/** A candle as the API sends it (exact decimals). */
export interface CandleInput {
  time: string;
  open: DecimalInput;
  high: DecimalInput;
  low: DecimalInput;
  close: DecimalInput;
  volume: DecimalInput;
}

export interface ChartCandle {
  time: UTCTimestamp;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Candles in strictly increasing time (the chart needs that): unparseable times dropped, the last of a second wins; numbers for drawing. */
export function toChartCandles(candles: readonly CandleInput[]): ChartCandle[] {
  const bySecond = new Map<number, ChartCandle>();
  for (const c of candles) {
    const seconds = Math.floor(Date.parse(c.time) / 1000);
    if (Number.isNaN(seconds)) continue;
    bySecond.set(seconds, {
      time: seconds as UTCTimestamp,
      open: toChartNumber(c.open),
      high: toChartNumber(c.high),
      low: toChartNumber(c.low),
      close: toChartNumber(c.close),
      volume: toChartNumber(c.volume),
    });
  }
  return [...bySecond.values()].sort((a, b) => a.time - b.time);
}

const UP = '#2fbf71';
const DOWN = '#f05d5e';

/** Archived candles as a candlestick chart with volume bars underneath (TradingView's lightweight-charts). */
export function CandleChart({ candles, market, height = 300 }: { candles: readonly CandleInput[]; market: string; height?: number }) {
  const container = useRef<HTMLDivElement>(null);
  const data = toChartCandles(candles);
  const key = JSON.stringify(data);

  useEffect(() => {
    const el = container.current;
    if (!el || data.length === 0) return undefined;
    const chart = createChart(el, {
      height,
      autoSize: true,
      layout: { background: { type: ColorType.Solid, color: 'transparent' }, textColor: '#8b98a8', fontSize: 11 },
      grid: { vertLines: { color: '#1b2430' }, horzLines: { color: '#1b2430' } },
      rightPriceScale: { borderColor: '#232d3b', scaleMargins: { top: 0.08, bottom: 0.25 } },
      timeScale: { borderColor: '#232d3b', timeVisible: true, secondsVisible: false },
      localization: { priceFormatter: (p: number) => formatDecimal(p, 8) },
    });
    const prices = chart.addSeries(CandlestickSeries, {
      upColor: UP,
      downColor: DOWN,
      borderUpColor: UP,
      borderDownColor: DOWN,
      wickUpColor: UP,
      wickDownColor: DOWN,
    });
    prices.setData(data.map(({ volume: _volume, ...ohlc }) => ohlc));
    const volume = chart.addSeries(HistogramSeries, { priceScaleId: 'volume', priceFormat: { type: 'volume' }, lastValueVisible: false, priceLineVisible: false });
    chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
    volume.setData(data.map((c) => ({ time: c.time, value: c.volume, color: c.close >= c.open ? `${UP}66` : `${DOWN}66` })));
    chart.timeScale().fitContent();
    const frame = window.requestAnimationFrame(() => chart.timeScale().fitContent());
    return () => {
      window.cancelAnimationFrame(frame);
      chart.remove();
    };
    // the data are compared by value (a refetch gives new arrays with the same candles)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, height]);

  if (data.length === 0) return null;
  return <div ref={container} className="equity-chart" style={{ height }} role="img" aria-label={`${market} candles and volume`} />;
}
