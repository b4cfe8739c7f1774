import { describe, expect, it } from 'vitest';
import { decimal } from './decimal';
import { formatDecimal, formatDollars, formatUsd, signOf } from './format';
import { parseAnswer } from './graphql-client';

describe('exact decimals', () => {
  it('reads BigDecimal fields as the digits the server sent, other numbers as numbers', () => {
    const answer = parseAnswer<{ data: { session: { totalPnl: string; tradeCount: number; metrics: { winRate: string; equity: string } } } }>(
      '{"data":{"session":{"totalPnl":12345678901234567.89,"tradeCount":3,"metrics":{"winRate":62.20,"equity":0.1}}}}',
    );
    expect(answer.data.session.totalPnl).toBe('12345678901234567.89');
    expect(answer.data.session.metrics.winRate).toBe('62.20');
    expect(answer.data.session.metrics.equity).toBe('0.1');
    expect(answer.data.session.tradeCount).toBe(3);
  });

  it('adds, rounds and formats without floating point', () => {
    expect(decimal('0.1').plus('0.2').eq('0.3')).toBe(true);
    expect(formatUsd('12345678901234567.885')).toBe('+$12,345,678,901,234,567.89');
    expect(formatDollars('-25309.265')).toBe('-$25,309.27');
    expect(formatDecimal('41250.12345678', 8)).toBe('41,250.12345678');
    expect(formatDecimal('0.000000015', 8)).toBe('0.00000002');
  });

  it('colours by the amount rounded to cents, half away from zero', () => {
    expect(signOf('-0.005')).toBe('negative');
    expect(signOf('-0.0049')).toBe('zero');
    expect(signOf('1e-9')).toBe('zero');
  });
});
