import { describe, expect, it } from 'vitest';
import { fieldsFromSchema, initialValues, toParams, validateAll, validateField } from './param-schema';

const schema = {
  type: 'object',
  required: ['threshold'],
  properties: {
    threshold: { type: 'number', minimum: 0, maximum: 1, title: 'Threshold' },
    position_size: { type: 'integer', minimum: 1 },
    spread: { type: 'number', exclusiveMinimum: 0 },
    mode: { enum: ['fast', 'slow'] },
  },
};

describe('param schema', () => {
  it('turns properties into fields with labels', () => {
    const fields = fieldsFromSchema(schema);
    expect(fields.map((f) => [f.name, f.label, f.kind, f.required])).toEqual([
      ['threshold', 'Threshold', 'number', true],
      ['position_size', 'Position size', 'integer', false],
      ['spread', 'Spread', 'number', false],
      ['mode', 'Mode', 'enum', false],
    ]);
    expect(fieldsFromSchema(null)).toEqual([]);
  });

  it('lays values over defaults', () => {
    const fields = fieldsFromSchema(schema);
    expect(initialValues(fields, { threshold: 0.5, position_size: 100 }, { position_size: 20 })).toEqual({
      threshold: '0.5',
      position_size: '20',
      spread: '',
      mode: '',
    });
  });

  it('validates numbers against the schema', () => {
    const [threshold, size, spread] = fieldsFromSchema(schema);
    expect(validateField(threshold!, '')).toBe('Required');
    expect(validateField(threshold!, 'abc')).toBe('Enter a number');
    expect(validateField(threshold!, '1.5')).toBe('Must be at most 1');
    expect(validateField(threshold!, '-0.1')).toBe('Must be at least 0');
    expect(validateField(threshold!, '0.52')).toBeUndefined();
    expect(validateField(size!, '2.5')).toBe('Enter a whole number');
    expect(validateField(size!, '0')).toBe('Must be at least 1');
    expect(validateField(spread!, '0')).toBe('Must be greater than 0');
    expect(validateAll(fieldsFromSchema(schema), { threshold: '0.5', position_size: '10', spread: '', mode: 'fast' })).toEqual({});
  });

  it('builds typed parameters and leaves empty fields out', () => {
    const fields = fieldsFromSchema(schema);
    expect(toParams(fields, { threshold: '0.52', position_size: '100', spread: '', mode: 'slow' })).toEqual({
      threshold: 0.52,
      position_size: 100,
      mode: 'slow',
    });
  });
});
