import { describe, expect, it } from 'vitest';
import { heatColour, heatScale, legendGradient } from './heatmap-scale';

describe('heatmap colour scale', () => {
  const values = [
    [-100, 0, null],
    [50, 100, 300],
  ];

  it('spans the values, leaving out cells without one', () => {
    expect(heatScale(values, 'higher')).toEqual({ min: -100, max: 300, better: 'higher' });
    expect(heatScale([[null, null]], 'higher')).toBeUndefined();
  });

  it('goes from red (worst) through amber to green (best)', () => {
    const scale = heatScale(values, 'higher');
    expect(heatColour(-100, scale)).toBe('hsl(0 65% 36%)');
    expect(heatColour(100, scale)).toBe('hsl(60 65% 36%)');
    expect(heatColour(300, scale)).toBe('hsl(120 65% 36%)');
  });

  it('turns round for a metric where lower is better (drawdown)', () => {
    const scale = heatScale([[2, 12]], 'lower');
    expect(heatColour(2, scale)).toBe('hsl(120 65% 36%)');
    expect(heatColour(12, scale)).toBe('hsl(0 65% 36%)');
  });

  it('uses a light-to-dark blue for a count, with no good direction', () => {
    const scale = heatScale([[0, 40]], 'none');
    expect(heatColour(0, scale)).toBe('hsl(212 70% 16%)');
    expect(heatColour(40, scale)).toBe('hsl(212 70% 60%)');
  });

  it('leaves a cell without a value unfilled, and puts equal values in the middle', () => {
    expect(heatColour(null, heatScale(values, 'higher'))).toBeUndefined();
    const flat = heatScale([[5, 5]], 'higher');
    expect(heatColour(5, flat)).toBe('hsl(60 65% 36%)');
  });

  it('draws the legend from the smallest value to the largest', () => {
    expect(legendGradient({ min: 0, max: 10, better: 'higher' })).toBe(
      'linear-gradient(to right, hsl(0 65% 36%) 0%, hsl(30 65% 36%) 25%, hsl(60 65% 36%) 50%, hsl(90 65% 36%) 75%, hsl(120 65% 36%) 100%)',
    );
    expect(legendGradient({ min: 0, max: 10, better: 'lower' })).toMatch(/^linear-gradient\(to right, hsl\(120 65% 36%\) 0%.*hsl\(0 65% 36%\) 100%\)$/);
  });
});
