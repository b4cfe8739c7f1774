import type { DecimalInput } from '@/lib/decimal';
import { formatUsd, signOf } from '@/lib/format';

/** Signed, coloured USD amount (exact decimal). */
export function Pnl({ value, className }: { value: DecimalInput; className?: string }) {
  return <span className={`pnl pnl--${signOf(value)}${className ? ` ${className}` : ''}`}>{formatUsd(value)}</span>;
}
