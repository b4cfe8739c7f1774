import { act, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SubscriptionSink } from '@/lib/graphql-client';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { SweepList } from './sweep-list';

const sinks = vi.hoisted(() => new Map<string, SubscriptionSink<unknown>>());

vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (_document: unknown, variables: { id: string }, sink: SubscriptionSink<unknown>) => {
      sinks.set(variables.id, sink);
      return () => sinks.delete(variables.id);
    },
  };
});

const sweep = (overrides: Record<string, unknown>) => ({
  id: 'w1',
  name: 'TB grid',
  strategyId: 'TestBot',
  strategy: null,
  market: 'XBTUSD',
  exchange: 'bitmex',
  rangeStart: '2024-01-01T00:00:00.000Z',
  rangeEnd: '2024-02-01T00:00:00.000Z',
  status: 'RUNNING',
  cellCount: 9,
  cellsDone: 2,
  cellsFailed: 0,
  cellsRunning: 2,
  candlesPerSecond: 1000,
  etaSeconds: 30,
  createdAt: new Date().toISOString(),
  finishedAt: null,
  error: null,
  ...overrides,
});

describe('SweepList', () => {
  it('keeps running sweeps live and only those', async () => {
    mockGraphQL({ SweepList: { sweeps: [sweep({}), sweep({ id: 'w0', name: 'Done grid', status: 'COMPLETED', cellsDone: 9 })] } });
    render(<SweepList onCreate={() => {}} />);
    const row = (await screen.findByRole('rowheader', { name: 'TB grid' })).closest('tr')!;
    expect(row).toHaveTextContent('2 / 9');
    // the strategy's id stands in when the strategy is gone
    expect(row).toHaveTextContent('TestBot');
    expect([...sinks.keys()]).toEqual(['w1']);

    act(() => sinks.get('w1')?.next({ sweepUpdated: sweep({ status: 'COMPLETED', cellsDone: 9, cellsRunning: 0 }) }));
    expect(row).toHaveTextContent('9 / 9');
    expect(row).toHaveTextContent('completed');
    expect(sinks.size).toBe(0);
  });
});
