import type { InfiniteData } from '@tanstack/react-query';
import type { SessionCardFragment, SessionWindowQuery } from '@/gql/graphql';

type SessionCard = SessionCardFragment;

/** One page of a session list read by cursor, as cached. */
export type WindowPage = SessionWindowQuery;
/** The pages of a session list loaded so far (a prefix of the server's list). */
export type WindowData = InfiniteData<WindowPage, unknown>;

/** The groups of Running Sessions that list sessions (sweeps have rows of their own). */
export type GroupName = 'running' | 'stale' | 'created';

/**
 * A window of a server list: which sessions the server's list holds, which of those its group
 * shows, and the list's order. The loaded pages are the list's first sessions in that order.
 */
export interface WindowSpec {
  /** Whether the server's list holds the session (what a page read now would return). */
  listed: (session: SessionCard) => boolean;
  /** Whether the group shows it (a listed session may belong to another group, e.g. a stale one). */
  shown: (session: SessionCard) => boolean;
  /** Negative when `a` comes before `b` in the list's order. */
  compare: (a: SessionCard, b: SessionCard) => number;
}

const time = (value: string | null | undefined) => (value ? Date.parse(value) : 0);
const newestFirst = (a: SessionCard, b: SessionCard) => time(b.createdAt) - time(a.createdAt);
const runningStatus = (s: SessionCard) => s.status === 'RUNNING' && !s.sweepId;

export const WINDOW_SPECS: Record<GroupName, WindowSpec> = {
  // every running session, newest first (the stale ones among them are shown by their own group)
  running: { listed: runningStatus, shown: (s) => runningStatus(s) && !s.health.isStale, compare: newestFirst },
  // running sessions by last heartbeat, oldest first: the stale ones are the head of this list
  stale: {
    listed: (s) => runningStatus(s) && s.health.isStale,
    shown: (s) => runningStatus(s) && s.health.isStale,
    compare: (a, b) => time(a.lastUpdated ?? a.startedAt) - time(b.lastUpdated ?? b.startedAt),
  },
  created: { listed: (s) => s.status === 'CREATED' && !s.sweepId, shown: (s) => s.status === 'CREATED' && !s.sweepId, compare: newestFirst },
};

/** The sessions of the loaded pages, in order. */
export function windowItems(data: WindowData | undefined): SessionCard[] {
  if (!data) return [];
  const items: SessionCard[] = [];
  for (const page of data.pages) for (const edge of page.sessionsConnection.edges) if (edge) items.push(edge.node);
  return items;
}

/** The session of this id in the loaded pages, if loaded. */
export function findInWindow(data: WindowData | undefined, id: string): SessionCard | undefined {
  if (!data) return undefined;
  for (const page of data.pages) for (const edge of page.sessionsConnection.edges) if (edge?.node.id === id) return edge.node;
  return undefined;
}

/**
 * The pages with a batch of sessions as they are now (`null`: deleted) written in, in one pass:
 * a loaded session is replaced, or taken out when the list no longer holds it; a session the
 * list now holds is put at its place in the order when that place lies within the loaded pages
 * (or at the end when the whole list is loaded), else left for the page that will bring it.
 * Answers the same object when nothing changed.
 */
export function applyToWindow(data: WindowData | undefined, updates: ReadonlyMap<string, SessionCard | null>, spec: WindowSpec, complete: boolean): WindowData | undefined {
  if (!data || updates.size === 0) return data;
  let changed = false;
  const seen = new Set<string>();
  const pages = data.pages.map((page) => {
    let pageChanged = false;
    const edges: { node: SessionCard }[] = [];
    for (const edge of page.sessionsConnection.edges) {
      if (!edge) continue;
      if (!updates.has(edge.node.id)) {
        edges.push(edge);
        continue;
      }
      seen.add(edge.node.id);
      const next = updates.get(edge.node.id);
      pageChanged = true;
      if (next && spec.listed(next)) edges.push({ ...edge, node: next });
    }
    if (!pageChanged) return page;
    changed = true;
    return { ...page, sessionsConnection: { ...page.sessionsConnection, edges } };
  });

  for (const [id, next] of updates) {
    if (seen.has(id) || !next || !spec.listed(next)) continue;
    let placed = false;
    pages.forEach((page, p) => {
      if (placed) return;
      const edges = page.sessionsConnection.edges;
      const at = edges.findIndex((edge) => edge !== null && spec.compare(next, edge.node) < 0);
      if (at < 0) return;
      const copy = edges.slice();
      copy.splice(at, 0, { node: next });
      pages[p] = { ...page, sessionsConnection: { ...page.sessionsConnection, edges: copy } };
      placed = true;
    });
    const last = pages.at(-1);
    if (!placed && complete && last) {
      pages[pages.length - 1] = { ...last, sessionsConnection: { ...last.sessionsConnection, edges: [...last.sessionsConnection.edges, { node: next }] } };
      placed = true;
    }
    changed ||= placed;
  }
  return changed ? { ...data, pages } : data;
}

/** Which count a session adds to: running or created (sweep cells and other statuses: none). */
export function countedAs(session: SessionCard | null | undefined): 'running' | 'created' | null {
  if (!session || session.sweepId) return null;
  if (session.status === 'RUNNING') return 'running';
  if (session.status === 'CREATED') return 'created';
  return null;
}
