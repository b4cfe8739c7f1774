// Numbers in a trader's format. A fixed locale keeps the output the same on every machine.
const LOCALE = 'en-US';

const moneyFormat = new Intl.NumberFormat(LOCALE, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

const integerFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });

/** Signed amount with thousands separators: `+1,234.50`, `-87.10`, `0.00`. */
export function formatMoney(value: number): string {
  // -0.001 rounds to "-0.00" otherwise
  const rounded = Math.round(value * 100) / 100;
  return moneyFormat.format(rounded === 0 ? 0 : rounded);
}

/** Whole number with thousands separators: `12,345`. */
export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** Which way an amount went, for colouring. */
export function signOf(value: number): 'positive' | 'negative' | 'zero' {
  const rounded = Math.round(value * 100) / 100;
  if (rounded > 0) return 'positive';
  if (rounded < 0) return 'negative';
  return 'zero';
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
