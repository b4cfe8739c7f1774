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
