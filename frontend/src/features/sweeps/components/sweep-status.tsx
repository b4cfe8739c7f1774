import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { SweepStatus } from '@/gql/graphql';
import { formatInteger } from '@/lib/format';

const TONES: Record<SweepStatus, BadgeTone> = { RUNNING: 'info', COMPLETED: 'good', CANCELLED: 'neutral', INTERRUPTED: 'warn' };

/** `running`, `completed`, `cancelled`, `interrupted` as a coloured badge. */
export function SweepStatusBadge({ status, error }: { status: SweepStatus; error?: string | null }) {
  return (
    <Badge tone={TONES[status]} title={error ?? undefined}>
      {status.toLowerCase()}
    </Badge>
  );
}

/** "12 / 100" cells, with a bar; "3 failed" when some did. */
export function CellsDone({ done, total, failed, label }: { done: number; total: number; failed: number; label: string }) {
  return (
    <span className="progress-line">
      <span className="tabular">
        {formatInteger(done)} / {formatInteger(total)}
      </span>
      <progress className="progress" max={total || 1} value={done} aria-label={label} />
      {failed > 0 && <span className="pnl--negative">{formatInteger(failed)} failed</span>}
    </span>
  );
}
