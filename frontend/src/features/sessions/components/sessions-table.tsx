import { Badge, type BadgeTone } from '@/components/ui/badge';
import { formatInteger, formatMoney, formatRelativeTime, formatTimestamp, signOf } from '@/lib/format';
import type { SessionHealth, SessionSummary } from '../api/get-sessions';

const STATUS_TONES: Record<string, BadgeTone> = {
  running: 'good',
  created: 'info',
  paused: 'warn',
  stopped: 'neutral',
  completed: 'info',
  failed: 'bad',
};

interface SessionsTableProps {
  sessions: readonly SessionSummary[];
  health: ReadonlyMap<string, SessionHealth>;
  /** Unix milliseconds; passed in so relative times tick together. */
  now: number;
  caption: string;
}

export function SessionsTable({ sessions, health, now, caption }: SessionsTableProps) {
  return (
    <div className="table-scroll">
      <table className="sessions-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Market</th>
            <th scope="col">Strategy</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Trades</th>
            <th scope="col" className="num">PnL</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((session) => (
            <SessionRow key={session.id} session={session} health={health.get(String(session.id))} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SessionRow({ session, health, now }: { session: SessionSummary; health: SessionHealth | undefined; now: number }) {
  const status = session.status.toLowerCase();
  return (
    <tr>
      <th scope="row" className="sessions-table__name">
        {session.name}
      </th>
      <td>{session.type}</td>
      <td>{session.market ?? '—'}</td>
      <td>{session.strategy ?? '—'}</td>
      <td>
        <span className="status-cell">
          <Badge tone={STATUS_TONES[status] ?? 'neutral'}>{status}</Badge>
          {health?.is_stale && (
            <Badge tone="warn" title={staleTitle(health)}>
              stale
            </Badge>
          )}
        </span>
      </td>
      <td className="num">{formatInteger(session.trade_count)}</td>
      <td className="num">
        <Pnl value={session.total_pnl} />
      </td>
      <td>
        <time dateTime={formatTimestamp(session.created_at)} title={formatTimestamp(session.created_at)}>
          {formatRelativeTime(session.created_at, now)}
        </time>
      </td>
    </tr>
  );
}

function Pnl({ value }: { value: SessionSummary['total_pnl'] }) {
  const amount = value === null || value === '' ? NaN : Number(value);
  if (!Number.isFinite(amount)) return <span className="pnl pnl--zero">—</span>;
  return <span className={`pnl pnl--${signOf(amount)}`}>{formatMoney(amount)}</span>;
}

function staleTitle(health: SessionHealth): string {
  const since =
    health.seconds_since_update === null ? 'No update yet' : `No update for ${formatInteger(health.seconds_since_update)}s`;
  return health.stale_action ? `${since}; on stale: ${health.stale_action}` : since;
}
