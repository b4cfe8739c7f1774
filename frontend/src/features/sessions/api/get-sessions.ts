import { getJson } from '@/lib/api-client';

/** One row of `GET /sessions`. Times are unix seconds. */
export interface SessionSummary {
  id: string | number;
  name: string;
  type: string; // test | backtest | scraper
  market: string | null;
  strategy: string | null;
  status: string; // created | running | paused | stopped | completed | failed
  created_at: number;
  started_at: number | null;
  trade_count: number;
  total_pnl: number | string | null;
  win_rate: number | string | null;
}

export interface SessionsPage {
  success: true;
  sessions: SessionSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** One row of `GET /sessions/health`. */
export interface SessionHealth {
  id: string | number;
  name: string;
  status: string;
  last_updated: number | null;
  seconds_since_update: number | null;
  is_stale: boolean;
  stale_action: string | null;
}

export interface SessionsHealth {
  success: true;
  sessions: SessionHealth[];
}

export const SESSIONS_PAGE_SIZE = 50;

export function getSessions(signal?: AbortSignal): Promise<SessionsPage> {
  return getJson<SessionsPage>(`/sessions?limit=${SESSIONS_PAGE_SIZE}`, signal);
}

export function getSessionsHealth(signal?: AbortSignal): Promise<SessionsHealth> {
  return getJson<SessionsHealth>('/sessions/health', signal);
}
