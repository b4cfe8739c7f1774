import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { marketsFixture, strategiesFixture } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { CreateSessionModal } from './create-session-modal';

describe('Lean log', () => {
  it('is offered for backtests only and sent when ticked', async () => {
    const { calls } = mockGraphQL({
      CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
      CreateSession: { createSession: { id: 'b1', name: 'BTC Backtest #1' } },
    });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<CreateSessionModal mode={{ kind: 'create' }} onClose={() => {}} onDone={onDone} />);

    await screen.findByRole('dialog', { name: 'Create New Session' });
    expect(screen.queryByRole('checkbox', { name: 'Lean log' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: /Backtest/ }));
    const lean = screen.getByRole('checkbox', { name: 'Lean log' });
    expect(lean).not.toBeChecked();
    expect(screen.getByText(/Re-run and verify replays it with every line/)).toBeInTheDocument();
    await user.click(lean);
    await user.click(screen.getByRole('button', { name: 'Create' }));

    expect(calls.find((c) => c.operation === 'CreateSession')?.variables.input).toMatchObject({ type: 'BACKTEST', leanLog: true });
    expect(onDone).toHaveBeenCalledWith({ id: 'b1', name: 'BTC Backtest #1' }, false);
  });
});
