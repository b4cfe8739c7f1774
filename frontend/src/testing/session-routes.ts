import type { SessionCardFragment } from '@/gql/graphql';

interface Filter {
  statuses?: string[] | null;
  types?: string[] | null;
  sweepCells?: 'INCLUDE' | 'EXCLUDE' | 'ONLY' | null;
}

const time = (value: string | null | undefined) => (value ? Date.parse(value) : 0);

function matching(sessions: readonly SessionCardFragment[], filter: Filter = {}) {
  return sessions.filter(
    (s) =>
      (!filter.statuses?.length || filter.statuses.includes(s.status)) &&
      (!filter.types?.length || filter.types.includes(s.type)) &&
      (filter.sweepCells !== 'EXCLUDE' || !s.sweepId) &&
      (filter.sweepCells !== 'ONLY' || s.sweepId),
  );
}

/**
 * Answers of the session list operations (`SessionWindow`, `SessionGroupCounts`) the way the
 * server computes them, over `sessions()` as they are at each call: filtered, sorted (newest
 * first, or by the sort asked for), paged by cursor (the cursor here is the position after the
 * last session sent), and counted.
 */
export function sessionRoutes(sessions: () => readonly SessionCardFragment[]) {
  return {
    SessionWindow: (v: Record<string, unknown>) => {
      const filter = v.filter as Filter;
      const sort = v.sort as { field: string; direction?: string } | null;
      const list = matching(sessions(), filter).slice();
      if (sort?.field === 'LAST_UPDATED') {
        const sign = sort.direction === 'ASC' ? 1 : -1;
        list.sort((a, b) => sign * (time(a.lastUpdated) - time(b.lastUpdated)));
      } else {
        list.sort((a, b) => time(b.createdAt) - time(a.createdAt));
      }
      const from = v.after ? Number(v.after) : 0;
      const first = Number(v.first ?? 50);
      const page = list.slice(from, from + first);
      return {
        sessionsConnection: {
          edges: page.map((node) => ({ node })),
          pageInfo: { hasNextPage: from + page.length < list.length, endCursor: page.length ? String(from + page.length) : null },
        },
      };
    },
    SessionGroupCounts: (v: Record<string, unknown>) => ({
      running: { total: matching(sessions(), v.running as Filter).length, totalIsLowerBound: false },
      created: { total: matching(sessions(), v.created as Filter).length, totalIsLowerBound: false },
    }),
  };
}
