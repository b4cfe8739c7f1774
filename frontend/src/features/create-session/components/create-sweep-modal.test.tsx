import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { marketsFixture, strategiesFixture } from '@/testing/fixtures';
import { mockGraphQL } from '@/testing/mock-graphql';
import { render } from '@/testing/render';
import { CreateSweepModal } from './create-sweep-modal';

describe('CreateSweepModal', () => {
  it('previews the cells live and creates the sweep with its grid and base parameters', async () => {
    const { calls } = mockGraphQL({
      CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
      CreateSweep: { createSweep: { id: 'w1', name: 'TB grid', cellCount: 9 } },
    });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<CreateSweepModal onClose={() => {}} onDone={onDone} />);

    const dialog = await screen.findByRole('dialog', { name: 'Create Sweep' });
    const preview = within(dialog).getByRole('status', { name: 'Cells' });
    // the first numeric parameter is swept, still empty: nothing to count yet, and no alarm before typing
    expect(within(dialog).getByLabelText('Parameter')).toHaveValue('threshold');
    expect(preview).toHaveTextContent('The grid is not complete');
    expect(within(dialog).queryByText('Enter at least one value')).not.toBeInTheDocument();
    // the swept parameter leaves the base parameters
    expect(within(dialog).queryByLabelText('Threshold')).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText('Position size')).toHaveValue('100');

    await user.type(within(dialog).getByLabelText('Values of Threshold'), '0.3, 0.5, 0.7');
    expect(preview).toHaveTextContent('3 cells');

    await user.click(within(dialog).getByRole('button', { name: '+ Add parameter' }));
    const second = within(dialog).getByRole('group', { name: 'Swept parameter 2' });
    expect(within(second).getByLabelText('Parameter')).toHaveValue('position_size');
    await user.click(within(second).getByRole('radio', { name: 'From / to / step' }));
    await user.type(within(second).getByLabelText('From (Position size)'), '50');
    await user.type(within(second).getByLabelText('To (Position size)'), '150');
    await user.type(within(second).getByLabelText('Step (Position size)'), '50');
    expect(preview).toHaveTextContent('3 × 3 = 9 cells');

    // 3 × 10,000 is too many
    await user.clear(within(second).getByLabelText('Step (Position size)'));
    await user.clear(within(second).getByLabelText('To (Position size)'));
    await user.type(within(second).getByLabelText('To (Position size)'), '10049');
    await user.type(within(second).getByLabelText('Step (Position size)'), '1');
    expect(preview).toHaveTextContent('3 × 10,000 = 30,000 cells: a sweep holds at most 10,000 cells');
    await user.click(within(dialog).getByRole('button', { name: 'Create & Start Sweep' }));
    expect(calls.some((c) => c.operation === 'CreateSweep')).toBe(false);

    await user.clear(within(second).getByLabelText('To (Position size)'));
    await user.type(within(second).getByLabelText('To (Position size)'), '52');
    expect(preview).toHaveTextContent('3 × 3 = 9 cells');
    await user.type(within(dialog).getByLabelText('Sweep Name (optional)'), 'TB grid');
    await user.click(within(dialog).getByRole('button', { name: 'Create & Start Sweep' }));

    expect(calls.find((c) => c.operation === 'CreateSweep')?.variables).toEqual({
      input: {
        name: 'TB grid',
        strategy: 'TestBot',
        market: 'XBTUSD',
        rangeStart: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/),
        rangeEnd: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/),
        strategyParams: {},
        grid: [
          { parameter: 'threshold', values: [0.3, 0.5, 0.7] },
          { parameter: 'position_size', from: '50', to: '52', step: '1' },
        ],
      },
    });
    expect(onDone).toHaveBeenCalledWith({ id: 'w1', name: 'TB grid', cellCount: 9 });
  });

  it("shows the server's errors next to the fields they name", async () => {
    mockGraphQL({
      CreateSessionOptions: { strategies: strategiesFixture, markets: marketsFixture },
      CreateSweep: () => {
        throw {
          errors: [
            {
              message: 'invalid sweep',
              extensions: { classification: 'BAD_REQUEST', fields: { 'grid[0].values': 'threshold 0.9 is above the strategy limit', market: 'no archive for XBTUSD' } },
            },
          ],
        };
      },
    });
    const user = userEvent.setup();
    render(<CreateSweepModal onClose={() => {}} onDone={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'Create Sweep' });
    await user.type(within(dialog).getByLabelText('Values of Threshold'), '0.5, 0.9');
    await user.click(within(dialog).getByRole('button', { name: 'Create & Start Sweep' }));

    const axis = within(dialog).getByRole('group', { name: 'Swept parameter 1' });
    expect(await within(axis).findByText('threshold 0.9 is above the strategy limit')).toBeInTheDocument();
    expect(within(axis).getByLabelText('Values of Threshold')).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByText('no archive for XBTUSD')).toBeInTheDocument();
    expect(within(dialog).getByText('invalid sweep')).toBeInTheDocument();

    // changing the axis clears its server message
    await user.type(within(dialog).getByLabelText('Values of Threshold'), '5');
    expect(within(axis).queryByText('threshold 0.9 is above the strategy limit')).not.toBeInTheDocument();
  });
});
