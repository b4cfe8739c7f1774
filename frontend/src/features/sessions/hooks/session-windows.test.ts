import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionCardFragment } from '@/gql/graphql';
import { sessionCard } from '@/testing/fixtures';
import { ChangeBuffer, type BufferedChange } from './change-buffer';
import { applyToWindow, WINDOW_SPECS, windowItems, type WindowData } from './session-windows';

const at = (minutes: number) => new Date(Date.parse('2026-11-24T12:00:00Z') - minutes * 60_000).toISOString();
const card = (id: string, minutesAgo: number, overrides: Partial<SessionCardFragment> = {}) => sessionCard({ id, name: id, createdAt: at(minutesAgo), ...overrides });

function pages(...lists: SessionCardFragment[][]): WindowData {
  return {
    pages: lists.map((list, i) => ({ sessionsConnection: { edges: list.map((node) => ({ node })), pageInfo: { hasNextPage: i < lists.length - 1, endCursor: String(i) } } })),
    pageParams: lists.map((_, i) => (i === 0 ? null : String(i - 1))),
  };
}
const ids = (data: WindowData | undefined) => windowItems(data).map((s) => s.id);

describe('applyToWindow', () => {
  const data = pages([card('a', 1), card('b', 2)], [card('c', 4), card('d', 5)]);

  it('replaces loaded sessions and takes out those the list no longer holds, in one new object', () => {
    const next = applyToWindow(data, new Map([['b', card('b', 2, { tradeCount: 99 })], ['c', card('c', 4, { status: 'STOPPED' })], ['d', null]]), WINDOW_SPECS.running, false);
    expect(ids(next)).toEqual(['a', 'b']);
    expect(windowItems(next)[1]?.tradeCount).toBe(99);
    expect(next?.pages[0]?.sessionsConnection.pageInfo.endCursor).toBe('0');
    expect(ids(data)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('places a session entering the list in order within the loaded pages, or leaves it for a later page', () => {
    const entering = new Map([['x', card('x', 3)], ['y', card('y', 9)], ['z', card('z', 0)]]);
    expect(ids(applyToWindow(data, entering, WINDOW_SPECS.running, false))).toEqual(['z', 'a', 'b', 'x', 'c', 'd']);
    // the whole list is loaded: an older one goes at the end
    expect(ids(applyToWindow(data, entering, WINDOW_SPECS.running, true))).toEqual(['z', 'a', 'b', 'x', 'c', 'd', 'y']);
  });

  it('answers the same object when nothing it holds or would hold changed', () => {
    expect(applyToWindow(data, new Map([['q', card('q', 3, { status: 'STOPPED' })]]), WINDOW_SPECS.running, true)).toBe(data);
    expect(applyToWindow(data, new Map(), WINDOW_SPECS.running, true)).toBe(data);
  });

  it('orders the stale list by last heartbeat, oldest first', () => {
    const quiet = (id: string, minutes: number) => card(id, 60, { lastUpdated: at(minutes), health: { isStale: true, secondsSinceUpdate: minutes * 60 } });
    const stale = pages([quiet('p', 10), quiet('q', 2)]);
    const next = applyToWindow(stale, new Map([['r', quiet('r', 5)], ['p', card('p', 60)]]), WINDOW_SPECS.stale, true);
    // p heartbeated again: no longer stale
    expect(ids(next)).toEqual(['r', 'q']);
  });
});

describe('ChangeBuffer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('hands the newest state of each session to the writer once per period, remembering moves on the way', () => {
    const batches: Map<string, BufferedChange>[] = [];
    const buffer = new ChangeBuffer(250);
    buffer.setWriter((batch) => {
      batches.push(new Map(batch));
      return true;
    });
    buffer.add('a', card('a', 1, { status: 'CREATED' }), 'CREATED');
    buffer.add('a', card('a', 1), 'STATUS');
    for (let i = 0; i < 1000; i++) buffer.add('a', card('a', 1, { tradeCount: i }), 'RESULTS');
    buffer.add('b', card('b', 1), 'HEARTBEAT');
    vi.advanceTimersByTime(249);
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.get('a')).toMatchObject({ moved: true, created: true, session: { tradeCount: 999 } });
    expect(batches[0]?.get('b')).toMatchObject({ moved: false, created: false });
    vi.advanceTimersByTime(1000);
    expect(batches).toHaveLength(1);
  });

  it('keeps a batch the writer cannot take now and offers it again with what came meanwhile', () => {
    let ready = false;
    const batches: Map<string, BufferedChange>[] = [];
    const buffer = new ChangeBuffer(250);
    buffer.setWriter((batch) => {
      if (!ready) return false;
      batches.push(new Map(batch));
      return true;
    });
    buffer.add('a', card('a', 1), 'STATUS');
    vi.advanceTimersByTime(250);
    expect(buffer.size).toBe(1);
    buffer.add('a', card('a', 1, { tradeCount: 3 }), 'RESULTS');
    ready = true;
    vi.advanceTimersByTime(250);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.get('a')).toMatchObject({ moved: true, session: { tradeCount: 3 } });
    expect(buffer.size).toBe(0);
  });
});
