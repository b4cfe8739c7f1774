import type { SessionSummary } from './api/get-sessions';

/** The three lists the top-bar tabs show. */
export type SessionView = 'running' | 'scrapers' | 'history';

const FINISHED = new Set(['stopped', 'completed', 'failed']);

const filters: Record<SessionView, (session: SessionSummary) => boolean> = {
  running: (s) => s.type.toLowerCase() === 'test' || s.type.toLowerCase() === 'backtest',
  scrapers: (s) => s.type.toLowerCase() === 'scraper',
  history: (s) => FINISHED.has(s.status.toLowerCase()),
};

export function sessionsInView(sessions: readonly SessionSummary[], view: SessionView): SessionSummary[] {
  return sessions.filter(filters[view]);
}

export const emptyViewMessages: Record<SessionView, string> = {
  running: 'No test or backtest sessions.',
  scrapers: 'No scraper sessions.',
  history: 'No stopped, completed or failed sessions.',
};
