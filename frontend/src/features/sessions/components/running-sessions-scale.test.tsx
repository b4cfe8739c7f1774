import { act, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionCardFragment } from '@/gql/graphql';
import type { SubscriptionSink } from '@/lib/graphql-client';
import { sessionCard } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { sessionRoutes } from '@/testing/session-routes';
import { COUNTS_EVERY_MS, FLUSH_EVERY_MS, NEXT_PAGE_SIZE, PAGE_SIZE } from '../hooks/use-session-groups';
import { ROW_HEIGHT, RunningSessions } from './running-sessions';

const sinks = vi.hoisted(() => new Map<string, SubscriptionSink<unknown>>());

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (document: { toString(): string }, _variables: unknown, sink: SubscriptionSink<unknown>) => {
      const name = /subscription\s+(\w+)/.exec(document.toString())?.[1] ?? '';
      sinks.set(name, sink);
      return () => sinks.delete(name);
    },
  };
});

const NOW = Date.parse('2026-11-24T12:00:00Z');

/** Live test #1 is the newest, #n the oldest (the list's order). */
function live(n: number, overrides: Partial<SessionCardFragment> = {}) {
  return sessionCard({
    id: `s${n}`,
    name: `Live #${n}`,
    createdAt: new Date(NOW - 3_600_000 - n * 1000).toISOString(),
    lastUpdated: new Date(NOW - 1000).toISOString(),
    ...overrides,
  });
}

function emit(session: SessionCardFragment | null, kind: string, id = session?.id ?? '') {
  sinks.get('SessionListUpdated')?.next({ sessionUpdated: { sessionId: id, kind, session } });
}

async function advance(ms: number) {
  await act(async () => {
    vi.advanceTimersByTime(ms);
  });
}

/** Places the list named `name` as if the page were scrolled `by` pixels below its top. */
function scrollInto(name: string, by: number) {
  const list = screen.getByRole('list', { name });
  vi.spyOn(list, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: -by, width: 1200, height: Number.parseFloat(list.style.height) }));
  act(() => {
    window.dispatchEvent(new Event('scroll'));
  });
}

const rowsOf = (name: string) => within(screen.getByRole('list', { name })).queryAllByRole('listitem');

describe('RunningSessions with thousands of sessions', () => {
  let sessions: SessionCardFragment[];

  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(NOW);
    sessions = Array.from({ length: 10_000 }, (_, i) => live(i + 1));
  });
  afterEach(() => {
    vi.useRealTimers();
    sinks.clear();
  });

  function start() {
    const mock = mockGraphQL({ ...sessionRoutes(() => sessions), RunningSweeps: { sweeps: [] } });
    const view = render(<RunningSessions onView={() => {}} onEdit={() => {}} onViewSweep={() => {}} />);
    return { ...mock, ...view };
  }

  it('counts each group on the server, not from the rows it loaded', async () => {
    sessions.push(
      ...Array.from({ length: 250 }, (_, i) => live(20_000 + i, { status: 'CREATED', startedAt: null })),
      live(30_000, { name: 'Quiet one', lastUpdated: new Date(NOW - 120_000).toISOString(), health: { isStale: true, secondsSinceUpdate: 120 } }),
    );
    const { calls } = start();

    // 10,001 running (one of them stale), 250 created: one page of each is read
    expect(await screen.findByRole('region', { name: 'RUNNING SESSIONS (10,000)' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'STALE SESSIONS (1)' })).toHaveTextContent('Quiet one');
    expect(screen.getByRole('region', { name: 'PENDING / CREATED (250)' })).toBeInTheDocument();
    const windows = calls.filter((c) => c.operation === 'SessionWindow');
    expect(windows).toHaveLength(3);
    for (const call of windows) expect(call.variables).toMatchObject({ first: PAGE_SIZE, after: null });
    expect(windows.find((c) => c.variables.sort)?.variables.sort).toEqual({ field: 'LAST_UPDATED', direction: 'ASC' });
    expect(calls.filter((c) => c.operation === 'SessionGroupCounts')).toHaveLength(1);
  });

  it('puts only the rows in view, and a few beyond, in the page', async () => {
    start();
    await screen.findByRole('region', { name: 'RUNNING SESSIONS (10,000)' });
    const list = screen.getByRole('list', { name: 'Running sessions' });
    // as tall as all 10,000 rows, holding the viewport's worth (jsdom: 768 px) plus the overscan
    expect(list.style.height).toBe(`${10_000 * ROW_HEIGHT}px`);
    const rows = rowsOf('Running sessions');
    const inView = Math.ceil(window.innerHeight / ROW_HEIGHT);
    expect(rows.length).toBeGreaterThanOrEqual(inView);
    expect(rows.length).toBeLessThanOrEqual(inView + 8);
    expect(rows[0]).toHaveAccessibleName('Live #1');
    expect(rows[0]).toHaveAttribute('aria-setsize', '10000');
    expect(screen.queryByRole('listitem', { name: 'Live #40' })).not.toBeInTheDocument();

    // 50 rows further down: rows 51-… are in the page, the first ones are gone
    scrollInto('Running sessions', 50 * ROW_HEIGHT);
    expect(screen.getByRole('listitem', { name: 'Live #51' })).toHaveStyle({ top: `${50 * ROW_HEIGHT}px` });
    expect(screen.getByRole('listitem', { name: 'Live #51' })).toHaveAttribute('aria-posinset', '51');
    expect(screen.queryByRole('listitem', { name: 'Live #1' })).not.toBeInTheDocument();
    expect(rowsOf('Running sessions').length).toBeLessThanOrEqual(inView + 14);
  });

  it('loads the next page by cursor as the rows in view near the last loaded one', async () => {
    const { calls } = start();
    await screen.findByRole('region', { name: 'RUNNING SESSIONS (10,000)' });
    const pages = () => calls.filter((c) => c.operation === 'SessionWindow' && (c.variables.filter as { statuses: string[] }).statuses[0] === 'RUNNING' && !c.variables.sort);
    expect(pages()).toHaveLength(1);

    // well within the first page: nothing more is read
    scrollInto('Running sessions', 20 * ROW_HEIGHT);
    await advance(100);
    expect(pages()).toHaveLength(1);

    // near its end: the page after it, from the first page's end cursor
    scrollInto('Running sessions', 85 * ROW_HEIGHT);
    await waitFor(() => expect(pages()).toHaveLength(2));
    expect(pages()[1]!.variables).toMatchObject({ first: NEXT_PAGE_SIZE, after: String(PAGE_SIZE) });
    expect(await screen.findByRole('listitem', { name: 'Live #101' })).toBeInTheDocument();

    // a jump far beyond what is loaded shows placeholders, and reads on page after page
    scrollInto('Running sessions', 400 * ROW_HEIGHT);
    expect(within(screen.getByRole('list', { name: 'Running sessions' })).getAllByText('Loading…').length).toBeGreaterThan(0);
    expect(await screen.findByRole('listitem', { name: 'Live #401' }, { timeout: 10_000 })).toBeInTheDocument();
    // 100, then 200 at a time: rows up to ~430 take four pages in all
    expect(pages().length).toBeGreaterThanOrEqual(3);
    expect(pages().length).toBeLessThanOrEqual(4);
  });

  it('writes a burst of events into the cache once per list, and recounts when a session it has not loaded changes status', async () => {
    const { calls, queryClient } = start();
    await screen.findByRole('region', { name: 'RUNNING SESSIONS (10,000)' });
    const writes = vi.spyOn(queryClient, 'setQueryData');

    // every one of the 10,000 sessions moves its results, twice, within one flush
    act(() => {
      for (let round = 0; round < 2; round++) for (const session of sessions) emit({ ...session, tradeCount: round === 0 ? 5 : 7 }, 'RESULTS');
    });
    expect(writes).not.toHaveBeenCalled();
    expect(screen.getByRole('listitem', { name: 'Live #1' })).toHaveTextContent('15 trades');
    await advance(FLUSH_EVERY_MS);
    // at most one write per list (the counts did not move)
    const written = writes.mock.calls.map(([key]) => JSON.stringify(key));
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written).size).toBe(written.length);
    expect(written.length).toBeLessThanOrEqual(3);
    expect(written.some((key) => key.includes('SessionGroupCounts'))).toBe(false);
    expect(screen.getByRole('listitem', { name: 'Live #1' })).toHaveTextContent('7 trades');
    expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (10,000)' })).toBeInTheDocument();
    const counts = () => calls.filter((c) => c.operation === 'SessionGroupCounts').length;
    expect(counts()).toBe(1);

    // a loaded session stops: it leaves the rows and the count at once
    sessions = sessions.filter((s) => s.id !== 's1');
    act(() => emit(live(1, { status: 'STOPPED' }), 'STATUS'));
    await advance(FLUSH_EVERY_MS);
    expect(screen.queryByRole('listitem', { name: 'Live #1' })).not.toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (9,999)' })).toBeInTheDocument();

    // 300 sessions far below what is loaded stop: the counts are read again, a few times at most
    const stopped = new Set(sessions.slice(5000, 5300).map((s) => s.id));
    sessions = sessions.filter((s) => !stopped.has(s.id));
    for (const id of stopped) {
      act(() => emit(sessionCard({ id, status: 'STOPPED' }), 'STATUS'));
      await advance(10);
    }
    await advance(COUNTS_EVERY_MS + FLUSH_EVERY_MS);
    expect(await screen.findByRole('region', { name: 'RUNNING SESSIONS (9,699)' })).toBeInTheDocument();
    expect(counts()).toBeGreaterThan(1);
    expect(counts()).toBeLessThanOrEqual(1 + 4);
    expect(calls.filter((c) => c.operation === 'SessionWindow')).toHaveLength(3);
  });

  it('moves sessions between groups as they start, go stale and recover, and places new ones in order', async () => {
    sessions = sessions.slice(0, 150);
    sessions.push(live(500, { name: 'Draft', status: 'CREATED', startedAt: null }));
    start();
    await screen.findByRole('region', { name: 'RUNNING SESSIONS (150)' });
    expect(screen.queryByRole('region', { name: /STALE SESSIONS/ })).not.toBeInTheDocument();

    // the draft starts; a running one goes quiet; a new session is created
    const changes = [
      live(500, { name: 'Draft' }),
      live(2, { lastUpdated: new Date(NOW - 60_000).toISOString(), health: { isStale: true, secondsSinceUpdate: 60 } }),
      live(0, { name: 'Brand new', status: 'CREATED', startedAt: null, createdAt: new Date(NOW).toISOString() }),
    ] as const;
    sessions = [changes[2], ...sessions.filter((s) => s.id !== 's500' && s.id !== 's2'), changes[0], changes[1]];
    act(() => {
      emit(changes[0], 'STATUS');
      emit(changes[1], 'STALE');
      emit(changes[2], 'CREATED');
    });
    await advance(FLUSH_EVERY_MS);
    // the draft is older than all loaded running rows and more remain to load: counted, not shown yet
    expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (150)' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'STALE SESSIONS (1)' })).toHaveTextContent('Live #2');
    expect(screen.getByRole('region', { name: 'PENDING / CREATED (1)' })).toHaveTextContent('Brand new');
    expect(within(screen.getByRole('list', { name: 'Running sessions' })).queryByRole('listitem', { name: 'Live #2' })).not.toBeInTheDocument();

    // it recovers: back in its place among the running rows
    sessions = sessions.map((s) => (s.id === 's2' ? live(2) : s));
    act(() => emit(live(2), 'RECOVERED'));
    await advance(FLUSH_EVERY_MS);
    expect(screen.queryByRole('region', { name: /STALE SESSIONS/ })).not.toBeInTheDocument();
    const rows = rowsOf('Running sessions');
    expect(rows[1]).toHaveAccessibleName('Live #2');
    expect(screen.getByRole('region', { name: 'RUNNING SESSIONS (151)' })).toBeInTheDocument();
  });
});
