import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { AlertBell } from './alert-bell';

const listeners: ((data: unknown) => void)[] = [];
vi.mock('@/lib/graphql-client', async (importOriginal) => {
  const original = await importOriginal<typeof import('@/lib/graphql-client')>();
  return {
    ...original,
    subscribe: (_doc: unknown, _vars: unknown, sink: { next: (data: unknown) => void }) => {
      listeners.push(sink.next);
      return () => {};
    },
  };
});

function alert(id: string, ruleName: string, sessionName: string) {
  return {
    id,
    ruleId: 'r1',
    ruleName,
    kind: 'STALE',
    state: 'OPEN',
    sessionId: `s-${id}`,
    sessionName,
    market: 'XBTUSD',
    detail: 'no heartbeat for 47 s (limit 30 s)',
    startedAt: '2026-12-04T10:00:00.000Z',
    acknowledgedAt: null,
    resolvedAt: null,
    notifications: [],
  };
}

describe('AlertBell', () => {
  it('counts open alerts, refreshes on a live event, and acknowledges from its list', async () => {
    let open = [alert('a1', 'Live session stale', 'BTC bot')];
    const { calls } = mockGraphQL({
      Alerts: () => ({ alerts: open }),
      AcknowledgeAlert: ({ id }: Record<string, unknown>) => {
        open = open.filter((a) => a.id !== id);
        return { acknowledgeAlert: { ...alert(String(id), 'x', 'y'), state: 'ACKNOWLEDGED' } };
      },
    });
    render(<AlertBell />);
    const bell = await screen.findByRole('button', { name: 'Alerts: 1 open' });

    // a second alert opens: the subscription's event makes the bell reload
    open = [...open, alert('a2', 'Live session failed', 'ETH bot')];
    listeners.forEach((next) => next({ alerts: { id: 'a2', state: 'OPEN' } }));
    await screen.findByRole('button', { name: 'Alerts: 2 open' });

    await userEvent.click(bell);
    const panel = screen.getByRole('region', { name: 'Open alerts' });
    expect(panel.textContent).toContain('Live session failed · ETH bot');
    await userEvent.click(within(panel).getByRole('button', { name: 'Acknowledge Live session stale on BTC bot' }));
    await screen.findByRole('button', { name: 'Alerts: 1 open' });
    expect(calls.filter((c) => c.operation === 'AcknowledgeAlert').map((c) => c.variables)).toEqual([{ id: 'a1' }]);
  });
});
