import Big from 'big.js';
import type { SweepAxisInput } from '@/gql/graphql';
import { formatInteger } from '@/lib/format';
import { toParams, validateField, type ParamField } from './param-schema';

// The grid of a sweep being created: one to three parameters, each a list of values or
// from / to / step, and how many cells (backtests) that makes. Decimal arithmetic throughout
// (big.js), so 0.1 + 0.2 steps land where a trader expects.

/** The most cells a sweep may hold (the server refuses more). */
export const MAX_CELLS = 10_000;
/** The most parameters a sweep may vary. */
export const MAX_AXES = 3;

export interface AxisDraft {
  parameter: string;
  mode: 'list' | 'range';
  /** Values separated by commas: `0.3, 0.5, 0.7`. */
  list: string;
  from: string;
  to: string;
  step: string;
}

export interface AxisCheck {
  /** Values this axis gives, when it is valid. */
  count: number | undefined;
  error: string | undefined;
}

const decimalText = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/** Field kinds that can be swept by from / to / step. */
export function rangeable(field: ParamField | undefined): boolean {
  return field?.kind === 'number' || field?.kind === 'integer';
}

/** An axis for `field`: a list, empty. */
export function newAxis(field: ParamField | undefined): AxisDraft {
  return { parameter: field?.name ?? '', mode: 'list', list: '', from: '', to: '', step: '' };
}

/** The texts of a value list: comma-separated, blanks dropped. */
export function listTexts(list: string): string[] {
  return list
    .split(',')
    .map((text) => text.trim())
    .filter((text) => text !== '');
}

function sameValue(field: ParamField, a: string, b: string): boolean {
  if (rangeable(field) && decimalText.test(a) && decimalText.test(b)) return new Big(a).eq(new Big(b));
  return a === b;
}

/** How many values from / to / step gives (`to` included when a whole number of steps away), or the problem. */
export function rangeCount(field: ParamField, from: string, to: string, step: string): AxisCheck {
  const [f, t, s] = [from.trim(), to.trim(), step.trim()];
  if (f === '' || t === '' || s === '') return { count: undefined, error: 'Enter from, to and step' };
  if (![f, t, s].every((text) => decimalText.test(text))) return { count: undefined, error: 'From, to and step must be plain numbers' };
  const start = new Big(f);
  const end = new Big(t);
  const size = new Big(s);
  if (size.lte(0)) return { count: undefined, error: 'The step must be greater than 0' };
  if (start.gt(end)) return { count: undefined, error: 'From must not be greater than to' };
  if (field.kind === 'integer' && !(start.eq(start.round(0)) && size.eq(size.round(0)))) return { count: undefined, error: 'This parameter takes whole numbers: use whole from and step' };
  const count = end.minus(start).div(size).round(0, Big.roundDown).plus(1).toNumber();
  const lastValue = start.plus(size.times(count - 1)).toFixed();
  const problem = validateField(field, start.toFixed()) ?? validateField(field, lastValue);
  if (problem) return { count: undefined, error: `${problem} (from ${start.toFixed()} to ${lastValue})` };
  return { count, error: undefined };
}

/** A value an enum or a yes/no parameter does not take (their form fields are selects; a list is typed). */
function choiceProblem(field: ParamField, text: string): string | undefined {
  if (field.kind === 'boolean') return text === 'true' || text === 'false' ? undefined : 'Enter true or false';
  if (field.kind !== 'enum') return undefined;
  const options = (field.property.enum ?? []).map((option) => (typeof option === 'string' ? option : JSON.stringify(option)));
  return options.includes(text) ? undefined : `Choose one of ${options.join(', ')}`;
}

/** One axis: how many values it gives, or what is wrong with it. */
export function checkAxis(axis: AxisDraft, field: ParamField | undefined): AxisCheck {
  if (!field) return { count: undefined, error: 'Choose a parameter' };
  if (axis.mode === 'range') {
    if (!rangeable(field)) return { count: undefined, error: 'Only numeric parameters take from / to / step: list the values' };
    return rangeCount(field, axis.from, axis.to, axis.step);
  }
  const texts = listTexts(axis.list);
  if (texts.length === 0) return { count: undefined, error: 'Enter at least one value' };
  for (const text of texts) {
    const problem = validateField(field, text) ?? choiceProblem(field, text);
    if (problem) return { count: undefined, error: `${text}: ${problem}` };
  }
  const duplicate = texts.find((text, i) => texts.findIndex((other) => sameValue(field, text, other)) !== i);
  if (duplicate !== undefined) return { count: undefined, error: `${duplicate} is listed twice` };
  return { count: texts.length, error: undefined };
}

export interface GridPreview {
  /** Cells in the grid when every axis is valid. */
  count: number | undefined;
  /** `3 × 3 = 9 cells`. */
  text: string | undefined;
  /** An empty grid, an invalid axis, or too many cells. */
  error: string | undefined;
  /** Each axis's own check, in order. */
  axes: AxisCheck[];
}

/** The live preview under the grid: the number of cells, or why there is none. */
export function previewGrid(axes: readonly AxisDraft[], fields: readonly ParamField[]): GridPreview {
  const checks = axes.map((axis) => checkAxis(axis, fields.find((f) => f.name === axis.parameter)));
  if (axes.length === 0) return { count: undefined, text: undefined, error: 'Choose at least one parameter to sweep', axes: checks };
  if (checks.some((c) => c.count === undefined)) return { count: undefined, text: undefined, error: 'The grid is not complete: see the parameters above', axes: checks };
  const counts = checks.map((c) => c.count!);
  const count = counts.reduce((product, n) => product * n, 1);
  const cells = `${formatInteger(count)} ${count === 1 ? 'cell' : 'cells'}`;
  const text = counts.length > 1 ? `${counts.map(formatInteger).join(' × ')} = ${cells}` : cells;
  const error = count > MAX_CELLS ? `${text}: a sweep holds at most ${formatInteger(MAX_CELLS)} cells` : undefined;
  return { count, text, error, axes: checks };
}

/** What createSweep takes for an axis: typed values, or from / to / step as exact decimals. */
export function toAxisInput(axis: AxisDraft, field: ParamField): SweepAxisInput {
  if (axis.mode === 'range') {
    return { parameter: axis.parameter, from: new Big(axis.from.trim()).toFixed(), to: new Big(axis.to.trim()).toFixed(), step: new Big(axis.step.trim()).toFixed() };
  }
  const values = listTexts(axis.list).map((text) => toParams([field], { [field.name]: text })[field.name]);
  return { parameter: axis.parameter, values };
}

/** Where the server's field messages go: the form's own fields, an axis, a base parameter, or the form as a whole. */
export interface PlacedErrors {
  fields: Record<string, string>;
  axes: Record<number, string>;
  base: Record<string, string>;
  grid: string | undefined;
  other: string[];
}

/**
 * Sorts `extensions.fields` of a rejected createSweep: `name`, `strategy`, `market`, `rangeStart`,
 * `rangeEnd` by their fields; `grid[1]…` or `grid.<parameter>…` by the axis; `strategyParams.<name>`
 * by the base parameter; `grid` and anything else above the buttons.
 */
export function placeErrors(messages: Record<string, string>, axes: readonly AxisDraft[]): PlacedErrors {
  const placed: PlacedErrors = { fields: {}, axes: {}, base: {}, grid: undefined, other: [] };
  const toAxis = (index: number, message: string) => {
    placed.axes[index] = placed.axes[index] ? `${placed.axes[index]}; ${message}` : message;
  };
  for (const [key, message] of Object.entries(messages)) {
    const byIndex = /^grid\[(\d+)\]/.exec(key);
    const byName = /^grid\.([^.[\]]+)/.exec(key);
    const base = /^strategyParams\.([^.[\]]+)/.exec(key);
    if (['name', 'strategy', 'market', 'rangeStart', 'rangeEnd'].includes(key)) placed.fields[key] = message;
    else if (byIndex && Number(byIndex[1]) < axes.length) toAxis(Number(byIndex[1]), message);
    else if (byName && axes.some((a) => a.parameter === byName[1])) toAxis(axes.findIndex((a) => a.parameter === byName[1]), message);
    else if (byName && /^\d+$/.test(byName[1]!) && Number(byName[1]) < axes.length) toAxis(Number(byName[1]), message);
    else if (base) placed.base[base[1]!] = message;
    else if (key === 'grid') placed.grid = message;
    else placed.other.push(`${key}: ${message}`);
  }
  return placed;
}
