import Big from 'big.js';

/** A decimal as the API sends it (exact text), or a Big; plain numbers are accepted for constants. */
export type DecimalInput = string | number | Big;

/** Exact decimal arithmetic and comparison for money, prices, sizes and fees (big.js). */
export function decimal(value: DecimalInput): Big {
  return value instanceof Big ? value : new Big(value);
}

/** -1, 0 or 1 after rounding to `places` decimals (half away from zero). */
export function signAt(value: DecimalInput, places: number): -1 | 0 | 1 {
  const rounded = decimal(value).round(places, Big.roundHalfUp);
  return rounded.eq(0) ? 0 : rounded.gt(0) ? 1 : -1;
}

/** `part / whole` as a plain number for drawing (bar widths, chart points) — never for money shown as text. */
export function ratioForDrawing(part: DecimalInput, whole: DecimalInput): number {
  const w = decimal(whole);
  return w.eq(0) ? 0 : decimal(part).div(w).toNumber();
}

/** A decimal as a plain number for a chart library, which draws in floating point. */
export function toChartNumber(value: DecimalInput): number {
  return decimal(value).toNumber();
}
