import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { StorageBanner } from './storage-banner';

const ok = { storage: { status: 'OK', failingSince: null, failingForSeconds: 0, failingRuns: 0, backlog: 0 } };
const failing = { storage: { status: 'FAILING', failingSince: '2026-11-24T11:59:18Z', failingForSeconds: 42, failingRuns: 3, backlog: 1234 } };

describe('StorageBanner', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows nothing while the database takes writes', async () => {
    const { calls } = mockGraphQL({ StorageHealth: ok });
    render(<StorageBanner />);
    await vi.waitFor(() => expect(calls.length).toBe(1));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says what is held while storage fails, and goes away by itself once it recovers', async () => {
    let answer: unknown = failing;
    const { calls } = mockGraphQL({ StorageHealth: () => answer });
    render(<StorageBanner />);
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('The database is not taking writes (for 42s)');
    expect(banner.textContent).toContain('3 sessions hold 1,234 unstored items of output');

    answer = ok;
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_000);
    });
    await vi.waitFor(() => expect(calls.length).toBe(2));
    await vi.waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });
});
