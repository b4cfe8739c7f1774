import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, initialValues, validateAll } from '../param-schema';
import { ParamForm } from './param-form';

const schema = {
  type: 'object',
  properties: {
    threshold: { type: 'number', minimum: 0, maximum: 1, title: 'Threshold', description: 'Signal level in [0,1].' },
    position_size: { type: 'integer', minimum: 1, title: 'Position size' },
  },
};

function Harness() {
  const fields = fieldsFromSchema(schema);
  const [values, setValues] = useState(() => initialValues(fields, { threshold: 0.5, position_size: 100 }));
  const errors = validateAll(fields, values);
  return <ParamForm fields={fields} values={values} errors={errors} onChange={(name, text) => setValues((v) => ({ ...v, [name]: text }))} />;
}

describe('ParamForm', () => {
  it('renders one labelled input per schema property, filled with the defaults', () => {
    render(<Harness />);
    expect(screen.getByLabelText('Threshold')).toHaveValue('0.5');
    expect(screen.getByLabelText('Position size')).toHaveValue('100');
    expect(screen.getByText('Signal level in [0,1].')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows inline validation messages and clears them when fixed', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    const threshold = screen.getByLabelText('Threshold');
    await user.clear(threshold);
    await user.type(threshold, '1.7');
    expect(screen.getByRole('alert')).toHaveTextContent('Must be at most 1');
    expect(threshold).toHaveAttribute('aria-invalid', 'true');

    const size = screen.getByLabelText('Position size');
    await user.clear(size);
    await user.type(size, '2.5');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Must be at most 1', 'Enter a whole number']);

    await user.clear(threshold);
    await user.type(threshold, '0.6');
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toEqual(['Enter a whole number']);
  });

  it('says when a strategy has no parameters', () => {
    render(<ParamForm fields={[]} values={{}} errors={{}} onChange={() => {}} />);
    expect(screen.getByText('This strategy takes no parameters.')).toBeInTheDocument();
  });
});
