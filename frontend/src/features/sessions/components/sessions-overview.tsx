import { Notice } from '@/components/ui/notice';
import { formatInteger, formatRelativeTime } from '@/lib/format';
import { useNow } from '@/lib/use-now';
import type { SessionsPage } from '../api/get-sessions';
import { useSessions } from '../hooks/use-sessions';
import { emptyViewMessages, sessionsInView, type SessionView } from '../session-views';
import { SessionsTable } from './sessions-table';

interface SessionsOverviewProps {
  view: SessionView;
  title: string;
  refreshMs?: number;
}

export function SessionsOverview({ view, title, refreshMs }: SessionsOverviewProps) {
  const sessions = useSessions(refreshMs);
  const now = useNow();

  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <header className="panel__header">
        <h1 id="sessions-heading">{title}</h1>
        {sessions.status === 'ready' && <p className="panel__meta">{countLine(sessions.page, view)}</p>}
      </header>

      {sessions.status === 'loading' && <Notice kind="loading">Loading sessions…</Notice>}

      {sessions.status === 'error' && (
        <Notice
          kind="error"
          title={sessions.unreachable ? 'Cannot reach the Botdeck API' : 'The Botdeck API answered with an error'}
        >
          <p className="notice__detail">{sessions.message}</p>
          <button type="button" className="button" onClick={sessions.reload}>
            Retry
          </button>
        </Notice>
      )}

      {sessions.status === 'ready' && (
        <>
          {sessions.refreshError && (
            <Notice kind="warning">
              Lost contact with the API ({sessions.refreshError}); showing data from{' '}
              {formatRelativeTime(sessions.loadedAt / 1000, now)}.
            </Notice>
          )}
          <SessionsContent view={view} title={title} state={sessions} now={now} />
        </>
      )}
    </section>
  );
}

function SessionsContent({
  view,
  title,
  state,
  now,
}: {
  view: SessionView;
  title: string;
  state: Extract<ReturnType<typeof useSessions>, { status: 'ready' }>;
  now: number;
}) {
  if (state.page.sessions.length === 0) {
    return (
      <Notice kind="empty">
        No sessions yet — create one with <code>POST /sessions</code> (see README)
      </Notice>
    );
  }
  const rows = sessionsInView(state.page.sessions, view);
  if (rows.length === 0) return <Notice kind="empty">{emptyViewMessages[view]}</Notice>;
  return <SessionsTable sessions={rows} health={state.health} now={now} caption={title} />;
}

/** `2 of 4 sessions`, or with more sessions than one page: `2 shown · latest 50 of 1,234 sessions loaded`. */
function countLine(page: SessionsPage, view: SessionView): string {
  const shown = formatInteger(sessionsInView(page.sessions, view).length);
  const total = formatInteger(page.total);
  if (page.total > page.sessions.length) {
    return `${shown} shown · latest ${formatInteger(page.sessions.length)} of ${total} sessions loaded`;
  }
  return `${shown} of ${total} ${page.total === 1 ? 'session' : 'sessions'}`;
}
