import { describe, expect, it } from 'vitest';
import { formatInteger, formatMoney, formatRelativeTime, formatTimestamp, signOf } from './format';

describe('formatMoney', () => {
  it.each([
    [1234.5, '+1,234.50'],
    [-1234.5, '-1,234.50'],
    [1234567.891, '+1,234,567.89'],
    [-0.5, '-0.50'],
    [0.004, '0.00'],
    [-0.004, '0.00'],
    [0, '0.00'],
    [999.999, '+1,000.00'],
  ])('formats %s as %s', (value, expected) => {
    expect(formatMoney(value)).toBe(expected);
  });
});

describe('signOf', () => {
  it('follows the rounded amount', () => {
    expect(signOf(12)).toBe('positive');
    expect(signOf(-0.01)).toBe('negative');
    expect(signOf(-0.001)).toBe('zero');
  });
});

describe('formatInteger', () => {
  it('groups thousands', () => {
    expect(formatInteger(1234567)).toBe('1,234,567');
    expect(formatInteger(42)).toBe('42');
  });
});

describe('formatRelativeTime', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  const secondsAgo = (s: number) => now / 1000 - s;

  it.each([
    [5, '5s ago'],
    [59, '59s ago'],
    [60, '1m ago'],
    [150, '2m ago'],
    [3599, '59m ago'],
    [3 * 3600 + 1800, '3h ago'],
    [23 * 3600 + 3599, '23h ago'],
    [2 * 86400 + 5, '2d ago'],
  ])('%i seconds is %s', (seconds, expected) => {
    expect(formatRelativeTime(secondsAgo(seconds), now)).toBe(expected);
  });

  it('calls the present and a slightly future time "just now"', () => {
    expect(formatRelativeTime(secondsAgo(0), now)).toBe('just now');
    expect(formatRelativeTime(secondsAgo(-3), now)).toBe('just now');
  });
});

describe('formatTimestamp', () => {
  it('is ISO-8601 UTC without milliseconds', () => {
    expect(formatTimestamp(1768478400)).toBe('2026-01-15T12:00:00Z');
  });
});

describe('trader formats', () => {
  it('signs and separates dollars', async () => {
    const { formatUsd, formatDollars } = await import('./format');
    expect(formatUsd(1234.5)).toBe('+$1,234.50');
    expect(formatUsd(-456)).toBe('-$456.00');
    expect(formatUsd(0.001)).toBe('$0.00');
    expect(formatDollars(-25309.263)).toBe('-$25,309.26');
    expect(formatDollars(10000)).toBe('$10,000.00');
  });

  it('writes durations and ages the way traders read them', async () => {
    const { formatDuration, formatAgo, formatClock } = await import('./format');
    expect(formatDuration(8100)).toBe('2h 15m');
    expect(formatDuration(2700)).toBe('45m');
    expect(formatDuration(30)).toBe('30s');
    expect(formatAgo(2)).toBe('2s ago');
    expect(formatAgo(135)).toBe('2m 15s ago');
    expect(formatClock(2732)).toBe('00:45:32');
  });
});

describe('formatCount', () => {
  it('uses the singular for exactly one', async () => {
    const { formatCount } = await import('./format');
    expect(formatCount(1, 'trade')).toBe('1 trade');
    expect(formatCount(0, 'trade')).toBe('0 trades');
    expect(formatCount(1234, 'trade')).toBe('1,234 trades');
  });
});
