import { formatUsd, signOf } from '@/lib/format';

/** Signed, coloured USD amount. */
export function Pnl({ value, className }: { value: number; className?: string }) {
  return <span className={`pnl pnl--${signOf(value)}${className ? ` ${className}` : ''}`}>{formatUsd(value)}</span>;
}
