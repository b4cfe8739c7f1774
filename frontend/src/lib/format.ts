import Big from 'big.js';
import { decimal, signAt, type DecimalInput } from './decimal';

// Numbers in a trader's format. A fixed locale keeps the output the same on every machine.
// Money, prices and sizes are exact decimals (big.js): rounded exactly, then grouped by Intl
// from their decimal text (Intl formats a numeric string without passing through a float).
const LOCALE = 'en-US';

const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const twoPlaces = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `|value|` rounded half away from zero to 2 places, grouped: `1,234.50`. */
function absoluteCents(value: DecimalInput): string {
  return twoPlaces.format(decimal(value).abs().round(2, Big.roundHalfUp).toFixed(2) as `${number}`);
}

/** Signed amount with thousands separators: `+1,234.50`, `-87.10`, `0.00`. */
export function formatMoney(value: DecimalInput): string {
  const sign = signAt(value, 2);
  return sign === 0 ? '0.00' : `${sign > 0 ? '+' : '-'}${absoluteCents(value)}`;
}

/** A decimal with at most `maxDigits` decimals (exact, no float), grouped: `41,250.5`. */
export function formatDecimal(value: DecimalInput, maxDigits = 8, minDigits = 0): string {
  const text = decimal(value).round(maxDigits, Big.roundHalfUp).toFixed() as `${number}`;
  return new Intl.NumberFormat(LOCALE, { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits }).format(text);
}

/** Whole number with thousands separators: `12,345`. */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** "1 trade", "1,234 trades". */
export function formatCount(value: number, singular: string, plural = `${singular}s`): string {
  return `${integerFormat.format(value)} ${value === 1 ? singular : plural}`;
}

/** Which way an amount went (after rounding to cents), for colouring. */
export function signOf(value: DecimalInput): 'positive' | 'negative' | 'zero' {
  const sign = signAt(value, 2);
  return sign > 0 ? 'positive' : sign < 0 ? 'negative' : 'zero';
}

/**
 * Time since `unixSeconds`, in the largest whole unit: `5s ago`, `2m ago`, `3h ago`, `4d ago`.
 * Clock skew can put a timestamp slightly in the future: that reads `just now`.
 */
export function formatRelativeTime(unixSeconds: number, nowMillis: number = Date.now()): string {
  const seconds = Math.floor(nowMillis / 1000 - unixSeconds);
  if (seconds < 1) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** ISO-8601 UTC for tooltips: `2026-11-24T05:04:22Z`. */
export function formatTimestamp(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const UTC_LENGTHS = { date: 10, minute: 16, second: 19 } as const;

/** An instant in UTC for tables: `2026-11-24` (date), `2026-11-24 05:04` (minute), `2026-11-24 05:04:22` (second); `—` when missing. */
export function formatUtc(iso: string | null | undefined, precision: keyof typeof UTC_LENGTHS = 'minute'): string {
  const millis = parseInstant(iso);
  if (millis === undefined) return iso ?? '—';
  return formatTimestamp(millis / 1000).replace('T', ' ').slice(0, UTC_LENGTHS[precision]);
}

/** Time of day in UTC with milliseconds, for log lines: `05:04:22.123`. */
export function formatTimeOfDay(iso: string): string {
  const millis = parseInstant(iso);
  return millis === undefined ? iso : new Date(millis).toISOString().slice(11, 23);
}

/** Signed US dollars with thousands separators: `+$1,234.50`, `-$87.10`, `$0.00`. */
export function formatUsd(value: DecimalInput): string {
  const money = formatMoney(value);
  return money === '0.00' ? '$0.00' : `${money.charAt(0)}$${money.slice(1)}`;
}

/** A percentage with at most `digits` decimals: `62.2%`. */
export function formatPercent(value: DecimalInput, digits = 1): string {
  return `${formatDecimal(value, digits)}%`;
}

/** Milliseconds since the epoch of an ISO-8601 instant, or undefined. */
export function parseInstant(iso: string | null | undefined): number | undefined {
  if (!iso) return undefined;
  const millis = Date.parse(iso);
  return Number.isNaN(millis) ? undefined : millis;
}

/** Whole seconds from `iso` to `nowMillis`, never negative. */
export function secondsSince(iso: string | null | undefined, nowMillis: number = Date.now()): number | undefined {
  const millis = parseInstant(iso);
  if (millis === undefined) return undefined;
  return Math.max(0, Math.floor((nowMillis - millis) / 1000));
}

/** A duration the way traders read it: `30s`, `45m`, `2h 15m`, `3d 4h`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 && minutes < 10 ? `${minutes}m ${s % 60}s` : `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours}h ${minutes % 60}m` : `${hours}h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days}d ${hours % 24}h` : `${days}d`;
}

/** Time since something, ticking: `2s ago`, `2m 15s ago`, `3h 5m ago`. */
export function formatAgo(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s ago`;
  return `${formatDuration(s)} ago`;
}

/** A running clock: `00:45:32`, `26:03:10`. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** US dollars, minus sign only: `$10,000.00`, `-$25,309.26`. */
export function formatDollars(value: DecimalInput): string {
  return `${signAt(value, 2) < 0 ? '-' : ''}$${absoluteCents(value)}`;
}
