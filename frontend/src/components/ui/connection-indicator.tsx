import { useConnectionState } from '@/lib/use-connection-state';

const labels = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  closed: 'Idle',
} as const;

/** "Connection: ● Connected" for the shared subscription socket. */
export function ConnectionIndicator({ prefix = 'Live' }: { prefix?: string }) {
  const state = useConnectionState();
  return (
    <span className={`connection connection--${state}`} role="status" aria-live="polite">
      {prefix}: <span aria-hidden="true">●</span> {labels[state]}
    </span>
  );
}
