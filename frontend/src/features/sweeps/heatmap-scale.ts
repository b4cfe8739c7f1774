import type { Better } from './metrics';

/** The range of a heatmap's values and which end is good. */
export interface HeatScale {
  min: number;
  max: number;
  better: Better;
}

/** The scale of a heatmap's values (nulls left out); undefined when no cell has a value yet. */
export function heatScale(values: readonly (readonly (number | null)[])[], better: Better): HeatScale | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const row of values) {
    for (const value of row) {
      if (value === null || !Number.isFinite(value)) continue;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  return min === Infinity ? undefined : { min, max, better };
}

/** Where `value` lies between the worst (0) and the best (1) value; the middle when all are equal. */
export function heatPosition(value: number, scale: HeatScale): number {
  if (scale.max === scale.min) return 0.5;
  const t = Math.min(1, Math.max(0, (value - scale.min) / (scale.max - scale.min)));
  return scale.better === 'lower' ? 1 - t : t;
}

/**
 * The fill of a heatmap square: from red (worst) through amber to green (best) for metrics with a
 * good direction, dark to light blue for a count; undefined (no fill) for a cell without a value.
 */
export function heatColour(value: number | null, scale: HeatScale | undefined): string | undefined {
  if (value === null || scale === undefined) return undefined;
  if (!Number.isFinite(value)) return heatColourAt(value > 0 === (scale.better !== 'lower') ? 1 : 0, scale.better);
  return heatColourAt(heatPosition(value, scale), scale.better);
}

/** The colour at position `t` (0 worst … 1 best) of the scale. */
export function heatColourAt(t: number, better: Better): string {
  if (better === 'none') return `hsl(212 70% ${Math.round(16 + 44 * t)}%)`;
  return `hsl(${Math.round(120 * t)} 65% 36%)`;
}

/** The legend's gradient, from the smallest value (left) to the largest (right). */
export function legendGradient(scale: HeatScale): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((at) => {
    const value = scale.min + (scale.max - scale.min) * at;
    return `${heatColourAt(heatPosition(value, scale), scale.better)} ${at * 100}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
