import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SubscriptionSink } from '@/lib/graphql-client';
import { LogView } from './log-view';

const subs = vi.hoisted(() => ({ list: [] as { variables: Record<string, unknown>; sink: SubscriptionSink<unknown>; closed: boolean }[] }));
const conn = vi.hoisted(() => ({ value: 'connected' as string }));

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (_document: unknown, variables: Record<string, unknown>, sink: SubscriptionSink<unknown>) => {
      const entry = { variables, sink, closed: false };
      subs.list.push(entry);
      return () => {
        entry.closed = true;
      };
    },
  };
});
vi.mock('@/lib/use-connection-state', () => ({ useConnectionState: () => conn.value }));

let seq = 0;
function line(level: string, message: string, extra: Record<string, unknown> = {}) {
  seq += 1;
  return { sessionLogBatches: [entry(level, message, extra)] };
}

function entry(level: string, message: string, extra: Record<string, unknown> = {}) {
  return { sequence: seq, timestamp: '2026-11-24T14:32:10.234Z', kind: level === 'TRADE' ? 'TRADE' : level === 'HEARTBEAT' ? 'HEARTBEAT' : 'LOG', level, message, missed: null, trade: null, ...extra };
}

function current() {
  return subs.list.filter((s) => !s.closed).at(-1)!;
}

function push(...events: unknown[]) {
  act(() => {
    for (const e of events) current().sink.next(e);
    vi.advanceTimersByTime(60);
  });
}

describe('LogView', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    subs.list = [];
    conn.value = 'connected';
    seq = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('streams lines with level colours and the connection state', () => {
    render(<LogView sessionId="s1" />);
    expect(current().variables).toEqual({ sessionId: 's1', levels: null, tail: 200 });
    push(
      line('INFO', 'Analyzing spread'),
      line('TRADE', 'ENTRY LONG @ 89,450', { trade: { action: 'ENTRY' } }),
      line('TRADE', 'EXIT LONG @ 89,520', { trade: { action: 'EXIT' } }),
      line('HEARTBEAT', 'Heartbeat'),
      line('ERROR', 'Feed lost'),
    );
    expect(screen.getByText('Analyzing spread').parentElement).toHaveClass('log-line--info');
    expect(screen.getByText('ENTRY LONG @ 89,450').parentElement).toHaveClass('log-line--trade-entry');
    expect(screen.getByText('EXIT LONG @ 89,520').parentElement).toHaveClass('log-line--trade-exit');
    expect(screen.getByText('Heartbeat').parentElement).toHaveTextContent('♡');
    expect(screen.getByText('Feed lost').parentElement).toHaveClass('log-line--error');
    expect(screen.getAllByText('14:32:10.234')).toHaveLength(5);
    expect(screen.getByText(/Connection:/)).toHaveTextContent('Connected via WebSocket');
    expect(screen.getByText('5 lines')).toBeInTheDocument();
  });

  it('filters by level on the server and starts the view over', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(<LogView sessionId="s1" />);
    push(line('INFO', 'noise'), line('TRADE', 'a trade', { trade: { action: 'ENTRY' } }));
    await user.selectOptions(screen.getByLabelText('Level'), 'TRADE');
    expect(subs.list[0]!.closed).toBe(true);
    expect(current().variables).toEqual({ sessionId: 's1', levels: ['TRADE'], tail: 200 });
    expect(screen.queryByText('noise')).not.toBeInTheDocument();
    push(line('TRADE', 'only trades', { trade: { action: 'EXIT' } }));
    expect(screen.getByText('only trades')).toBeInTheDocument();
  });

  it('clears the view', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(<LogView sessionId="s1" />);
    push(line('INFO', 'old line'));
    await user.click(screen.getByRole('button', { name: 'Clear' }));
    expect(screen.queryByText('old line')).not.toBeInTheDocument();
    push(line('INFO', 'new line'));
    expect(screen.getByText('new line')).toBeInTheDocument();
  });

  it('pauses auto-scroll when the reader scrolls up and offers a way back to live', async () => {
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    render(<LogView sessionId="s1" height={100} />);
    push(...Array.from({ length: 50 }, (_, i) => line('INFO', `line ${i}`)));
    const scroller = screen.getByRole('list', { name: 'Log lines' });
    expect(scroller.scrollTop).toBe(1000); // followed to the end (50 × 20 px)
    expect(screen.getByRole('checkbox', { name: 'Auto-scroll' })).toBeChecked();

    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 1000 });
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 100 });
    scroller.scrollTop = 200;
    fireEvent.scroll(scroller);
    expect(screen.getByRole('checkbox', { name: 'Auto-scroll' })).not.toBeChecked();

    push(line('INFO', 'while paused'), line('INFO', 'also while paused'));
    expect(scroller.scrollTop).toBe(200);
    await user.click(screen.getByRole('button', { name: '▼ Back to live (2 new)' }));
    expect(screen.getByRole('checkbox', { name: 'Auto-scroll' })).toBeChecked();
    expect(scroller.scrollTop).toBe(52 * 20);
  });

  it('renders only the visible rows of a long log and keeps memory bounded', () => {
    render(<LogView sessionId="s1" height={100} />);
    push(...Array.from({ length: 5_100 }, (_, i) => line('INFO', `line ${i}`)));
    expect(screen.getByText('5,000 lines')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').length).toBeLessThan(60);
    expect(screen.getByText('line 5099')).toBeInTheDocument();
    expect(screen.queryByText('line 50')).not.toBeInTheDocument();
  });

  it('resumes after the last sequence seen when the socket reconnects, without repeats', () => {
    const { rerender } = render(<LogView sessionId="s1" />);
    push(line('INFO', 'one'), line('INFO', 'two'));
    conn.value = 'reconnecting';
    rerender(<LogView sessionId="s1" />);
    expect(screen.getByText(/Connection:/)).toHaveTextContent('Reconnecting');
    conn.value = 'connected';
    rerender(<LogView sessionId="s1" />);
    expect(current().variables).toEqual({ sessionId: 's1', levels: null, afterSequence: 2 });
    // a repeat of a line already shown is dropped
    push({ sessionLogBatches: [{ ...line('INFO', 'two').sessionLogBatches[0], sequence: 2 }] }, line('INFO', 'three'));
    expect(screen.getAllByText('two')).toHaveLength(1);
    expect(screen.getByText('three')).toBeInTheDocument();
  });

  it('shows every line of an array that arrived together, dropping only the ones already shown', () => {
    render(<LogView sessionId="s1" />);
    const first = [1, 2, 3].map((n) => { seq = n; return entry('INFO', `batch line ${n}`); });
    push({ sessionLogBatches: first });
    expect(screen.getByText('batch line 1')).toBeInTheDocument();
    expect(screen.getByText('batch line 3')).toBeInTheDocument();
    // an array overlapping what was shown (after a resubscribe) adds only the new lines
    const overlap = [3, 4].map((n) => { seq = n; return entry('INFO', `batch line ${n}`); });
    push({ sessionLogBatches: overlap });
    expect(screen.getAllByText('batch line 3')).toHaveLength(1);
    expect(screen.getByText('batch line 4')).toBeInTheDocument();
    expect(screen.getByText('4 lines')).toBeInTheDocument();
  });
});
