import { describe, expect, it } from 'vitest';
import { fieldsFromSchema } from './param-schema';
import { checkAxis, placeErrors, previewGrid, toAxisInput, type AxisDraft } from './sweep-grid';

const fields = fieldsFromSchema({
  type: 'object',
  properties: {
    threshold: { type: 'number', minimum: 0, maximum: 1 },
    position_size: { type: 'integer', minimum: 1 },
    mode: { type: 'string', enum: ['fast', 'slow'] },
  },
});
const field = (name: string) => fields.find((f) => f.name === name)!;
const list = (parameter: string, text: string): AxisDraft => ({ parameter, mode: 'list', list: text, from: '', to: '', step: '' });
const range = (parameter: string, from: string, to: string, step: string): AxisDraft => ({ parameter, mode: 'range', list: '', from, to, step });

describe('sweep grid', () => {
  it('previews the number of cells as the product of the axes', () => {
    expect(previewGrid([list('threshold', '0.3, 0.5, 0.7')], fields)).toMatchObject({ count: 3, text: '3 cells', error: undefined });
    expect(previewGrid([list('threshold', '0.3, 0.5, 0.7'), range('position_size', '50', '150', '50')], fields)).toMatchObject({ count: 9, text: '3 × 3 = 9 cells' });
    expect(previewGrid([list('threshold', '0.5'), list('position_size', '10'), list('mode', 'fast, slow')], fields).text).toBe('1 × 1 × 2 = 2 cells');
  });

  it('counts decimal steps exactly and includes the end only a whole number of steps away', () => {
    expect(checkAxis(range('threshold', '0.1', '0.3', '0.1'), field('threshold')).count).toBe(3);
    expect(checkAxis(range('threshold', '0', '1', '0.1'), field('threshold')).count).toBe(11);
    expect(checkAxis(range('threshold', '0', '1', '0.3'), field('threshold')).count).toBe(4);
    expect(checkAxis(range('position_size', '5', '5', '1'), field('position_size')).count).toBe(1);
  });

  it('refuses more than 10,000 cells and an empty grid', () => {
    const big = previewGrid([range('position_size', '1', '101', '1'), range('threshold', '0', '1', '0.01')], fields);
    expect(big.count).toBe(10_201);
    expect(big.error).toBe('101 × 101 = 10,201 cells: a sweep holds at most 10,000 cells');
    expect(previewGrid([range('position_size', '1', '100', '1'), range('threshold', '0.01', '1', '0.01')], fields).error).toBeUndefined();
    expect(previewGrid([], fields).error).toBe('Choose at least one parameter to sweep');
    const empty = previewGrid([list('threshold', ' , ')], fields);
    expect(empty.error).toBe('The grid is not complete: see the parameters above');
    expect(empty.axes[0]?.error).toBe('Enter at least one value');
  });

  it('checks every value against the parameter schema', () => {
    expect(checkAxis(list('threshold', '0.5, 1.5'), field('threshold')).error).toBe('1.5: Must be at most 1');
    expect(checkAxis(list('threshold', '0.5, 0.50'), field('threshold')).error).toBe('0.50 is listed twice');
    expect(checkAxis(list('position_size', '1, 2.5'), field('position_size')).error).toBe('2.5: Enter a whole number');
    expect(checkAxis(list('mode', 'fast, medium'), field('mode')).error).toBe('medium: Choose one of fast, slow');
    expect(checkAxis(range('threshold', '0.5', '2', '0.5'), field('threshold')).error).toBe('Must be at most 1 (from 0.5 to 2)');
    expect(checkAxis(range('threshold', '0.5', '0.1', '0.1'), field('threshold')).error).toBe('From must not be greater than to');
    expect(checkAxis(range('threshold', '0.1', '0.5', '0'), field('threshold')).error).toBe('The step must be greater than 0');
    expect(checkAxis(range('position_size', '1', '10', '0.5'), field('position_size')).error).toBe('This parameter takes whole numbers: use whole from and step');
    expect(checkAxis(range('mode', '1', '2', '1'), field('mode')).error).toBe('Only numeric parameters take from / to / step: list the values');
  });

  it('sends typed values, or from / to / step as exact decimals', () => {
    expect(toAxisInput(list('threshold', '0.3, 0.5'), field('threshold'))).toEqual({ parameter: 'threshold', values: [0.3, 0.5] });
    expect(toAxisInput(list('mode', 'fast'), field('mode'))).toEqual({ parameter: 'mode', values: ['fast'] });
    expect(toAxisInput(range('threshold', '0.10', '.5', '0.1'), field('threshold'))).toEqual({ parameter: 'threshold', from: '0.1', to: '0.5', step: '0.1' });
  });

  it("puts the server's field messages next to the field they name", () => {
    const axes = [list('threshold', '0.3'), list('position_size', '5')];
    const placed = placeErrors(
      { market: 'unknown market', 'grid[1].values': 'too big', 'grid.threshold': 'not allowed', 'strategyParams.mode': 'bad', grid: 'too many cells', other: 'odd' },
      axes,
    );
    expect(placed.fields).toEqual({ market: 'unknown market' });
    expect(placed.axes).toEqual({ 0: 'not allowed', 1: 'too big' });
    expect(placed.base).toEqual({ mode: 'bad' });
    expect(placed.grid).toBe('too many cells');
    expect(placed.other).toEqual(['other: odd']);
  });
});
