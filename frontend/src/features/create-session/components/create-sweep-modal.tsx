import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { CreateSessionOptionsQuery as OptionsData } from '@/gql/graphql';
import { GraphQLRequestError, request } from '@/lib/graphql-client';
import { queryKeys, referenceQuery } from '@/lib/query';
import { useDialogFocus } from '@/lib/use-dialog-focus';
import { useNow } from '@/lib/use-now';
import { CreateSessionOptionsQuery, CreateSweepMutation } from '../api/operations';
import { fieldsFromSchema, initialValues, toParams, validateField } from '../param-schema';
import { checkRange, defaultStrategy, isoDate, marketsFor, type Strategy } from '../session-form';
import { MAX_AXES, newAxis, placeErrors, previewGrid, rangeable, toAxisInput, type AxisDraft, type PlacedErrors } from '../sweep-grid';
import { ParamForm } from './param-form';

export type SweepFormDone = (sweep: { id: string; name: string }) => void;

/** The Create Sweep dialog: loads strategies and markets, then the form. */
export function CreateSweepModal({ onClose, onDone }: { onClose: () => void; onDone: SweepFormDone }) {
  const titleId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  useDialogFocus(dialog, onClose);
  const options = useQuery(referenceQuery(CreateSessionOptionsQuery, {}));
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal modal--wide" role="dialog" aria-modal="true" aria-labelledby={titleId} ref={dialog} tabIndex={-1}>
        <header className="modal__header">
          <h2 id={titleId}>Create Sweep</h2>
          <button type="button" className="button button--ghost" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        {options.error ? (
          <p className="form-error" role="alert">
            Could not load the options: {options.error.message}
          </p>
        ) : !options.data ? (
          <p className="muted">Loading…</p>
        ) : (
          <CreateSweepForm idPrefix={titleId} options={options.data} onClose={onClose} onDone={onDone} />
        )}
      </div>
    </div>
  );
}

const NO_ERRORS: PlacedErrors = { fields: {}, axes: {}, base: {}, grid: undefined, other: [] };

function toInstant(date: string): string {
  return `${date}T00:00:00Z`;
}

/**
 * A sweep: strategy, market, date range, one to three swept parameters (a list of values or
 * from / to / step each), base values for the other parameters, and a name. The number of cells is
 * previewed as the grid changes; a sweep starts as soon as it is created.
 */
function CreateSweepForm({ idPrefix, options, onClose, onDone }: { idPrefix: string; options: OptionsData; onClose: () => void; onDone: SweepFormDone }) {
  const queryClient = useQueryClient();
  const backtesting = options.strategies.filter((s) => s.supportedTypes.includes('BACKTEST'));
  const [initial] = useState(() => {
    const strategy = defaultStrategy(backtesting, options.markets, '');
    const fields = fieldsFromSchema(strategy?.paramSchema);
    const now = Date.now();
    return {
      strategyId: strategy?.id ?? '',
      market: marketsFor(strategy, options.markets)[0]?.symbol ?? '',
      values: initialValues(fields, strategy?.defaultParams),
      axes: [newAxis(fields.find(rangeable) ?? fields[0])],
      rangeStart: isoDate(now - 30 * 86_400_000),
      rangeEnd: isoDate(now),
    };
  });
  const [strategyId, setStrategyId] = useState(initial.strategyId);
  const [market, setMarket] = useState(initial.market);
  const [values, setValues] = useState(initial.values);
  const [axes, setAxes] = useState<AxisDraft[]>(initial.axes);
  const [rangeStart, setRangeStart] = useState(initial.rangeStart);
  const [rangeEnd, setRangeEnd] = useState(initial.rangeEnd);
  const [name, setName] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [apiError, setApiError] = useState<string | undefined>(undefined);
  const [api, setApi] = useState<PlacedErrors>(NO_ERRORS);

  const strategy = backtesting.find((s) => s.id === strategyId);
  const fields = fieldsFromSchema(strategy?.paramSchema);
  const swept = new Set(axes.map((a) => a.parameter));
  const baseFields = fields.filter((f) => !swept.has(f.name));
  const today = isoDate(useNow(60_000));
  const rangeError = checkRange(rangeStart, rangeEnd, today);
  const preview = previewGrid(axes, fields);
  const baseErrors: Record<string, string | undefined> = {};
  for (const field of baseFields) baseErrors[field.name] = (submitted ? validateField(field, values[field.name] ?? '') : undefined) ?? api.base[field.name];
  const valid = strategy !== undefined && market !== '' && !rangeError && preview.error === undefined && baseFields.every((f) => !validateField(f, values[f.name] ?? '')) && name.length <= 255;

  const chooseStrategy = (next: Strategy | undefined) => {
    const nextFields = fieldsFromSchema(next?.paramSchema);
    const allowed = marketsFor(next, options.markets);
    setStrategyId(next?.id ?? '');
    setValues(initialValues(nextFields, next?.defaultParams));
    setAxes([newAxis(nextFields.find(rangeable) ?? nextFields[0])]);
    if (!allowed.some((m) => m.symbol === market)) setMarket(allowed[0]?.symbol ?? '');
    setApi(NO_ERRORS);
  };
  const changeAxis = (index: number, patch: Partial<AxisDraft>) => {
    setAxes((current) => current.map((axis, i) => (i === index ? { ...axis, ...patch } : axis)));
    setApi((current) => {
      const { [index]: _drop, ...rest } = current.axes;
      return { ...current, axes: rest, grid: undefined };
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!valid || !strategy) return;
    setSubmitting(true);
    setApiError(undefined);
    setApi(NO_ERRORS);
    try {
      const { createSweep } = await request(CreateSweepMutation, {
        input: {
          name: name.trim() || undefined,
          strategy: strategy.id,
          market,
          rangeStart: toInstant(rangeStart),
          rangeEnd: toInstant(rangeEnd),
          strategyParams: toParams(baseFields, values),
          grid: axes.map((axis) => toAxisInput(axis, fields.find((f) => f.name === axis.parameter)!)),
        },
      });
      void queryClient.invalidateQueries({ queryKey: queryKeys.sweepLists });
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessionLists });
      onDone(createSweep);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      setApiError(message);
      if (cause instanceof GraphQLRequestError) setApi(placeErrors(cause.fieldErrors, axes));
    } finally {
      setSubmitting(false);
    }
  };

  const fieldError = (key: string, local?: string) => {
    const message = local ?? api.fields[key];
    return message ? <small className="field__error">{message}</small> : null;
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${idPrefix}-strategy`}>Strategy</label>
          <select
            id={`${idPrefix}-strategy`}
            value={strategyId}
            onChange={(e) => chooseStrategy(backtesting.find((s) => s.id === e.target.value))}
            aria-invalid={api.fields.strategy ? true : undefined}
          >
            {backtesting.length === 0 && <option value="">No strategy supports backtests</option>}
            {backtesting.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
          {fieldError('strategy')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-market`}>Market</label>
          <select id={`${idPrefix}-market`} value={market} onChange={(e) => setMarket(e.target.value)} aria-invalid={api.fields.market ? true : undefined}>
            {marketsFor(strategy, options.markets).map((m) => (
              <option key={m.symbol} value={m.symbol}>
                {m.symbol} — {m.label}
              </option>
            ))}
          </select>
          {fieldError('market')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-start`}>Start Date</label>
          <input id={`${idPrefix}-start`} type="date" value={rangeStart} max={rangeEnd} onChange={(e) => setRangeStart(e.target.value)} />
          {fieldError('rangeStart')}
        </div>
        <div className="field">
          <label htmlFor={`${idPrefix}-end`}>End Date</label>
          <input id={`${idPrefix}-end`} type="date" value={rangeEnd} min={rangeStart} max={today} onChange={(e) => setRangeEnd(e.target.value)} />
          {fieldError('rangeEnd')}
        </div>
      </div>
      {rangeError && (
        <p className="field__error" role="alert">
          {rangeError}
        </p>
      )}

      <h3 className="form-section">Parameters to sweep</h3>
      {axes.map((axis, index) => (
        <AxisEditor
          key={index}
          idPrefix={`${idPrefix}-axis${index}`}
          index={index}
          axis={axis}
          fields={fields}
          taken={axes.filter((_, i) => i !== index).map((a) => a.parameter)}
          error={preview.axes[index]?.error}
          count={preview.axes[index]?.count}
          apiError={api.axes[index]}
          submitted={submitted}
          onChange={(patch) => changeAxis(index, patch)}
          onRemove={axes.length > 1 ? () => setAxes((current) => current.filter((_, i) => i !== index)) : undefined}
        />
      ))}
      {axes.length < MAX_AXES && fields.some((f) => !swept.has(f.name)) && (
        <button type="button" className="button button--small" onClick={() => setAxes((current) => [...current, newAxis(fields.find((f) => !swept.has(f.name) && rangeable(f)) ?? fields.find((f) => !swept.has(f.name)))])}>
          + Add parameter
        </button>
      )}
      {fields.length === 0 && <p className="muted">This strategy takes no parameters: there is nothing to sweep.</p>}
      <p className={`sweep-preview${preview.error ? ' sweep-preview--error' : ''}`} role="status" aria-live="polite" aria-label="Cells">
        {preview.error ?? `${preview.text} — one backtest each, run side by side`}
      </p>
      {api.grid && (
        <p className="field__error" role="alert">
          {api.grid}
        </p>
      )}

      <h3 className="form-section">Base parameters</h3>
      <p className="muted">Every cell uses these for the parameters it does not sweep.</p>
      <ParamForm fields={baseFields} values={values} errors={baseErrors} onChange={(field, text) => setValues((v) => ({ ...v, [field]: text }))} />

      <div className="field field--wide">
        <label htmlFor={`${idPrefix}-name`}>Sweep Name (optional)</label>
        <input id={`${idPrefix}-name`} type="text" value={name} placeholder="Generated when empty" onChange={(e) => setName(e.target.value)} />
        {fieldError('name', name.length > 255 ? 'At most 255 characters' : undefined)}
      </div>

      {apiError && (
        <div className="form-error" role="alert">
          <p>{apiError}</p>
          {api.other.length > 0 && (
            <ul>
              {api.other.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <footer className="modal__footer">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Starting…' : 'Create & Start Sweep'}
        </button>
      </footer>
    </form>
  );
}

function AxisEditor({
  idPrefix,
  index,
  axis,
  fields,
  taken,
  error,
  count,
  apiError,
  submitted,
  onChange,
  onRemove,
}: {
  idPrefix: string;
  index: number;
  axis: AxisDraft;
  fields: ReturnType<typeof fieldsFromSchema>;
  taken: string[];
  error: string | undefined;
  count: number | undefined;
  apiError: string | undefined;
  submitted: boolean;
  onChange: (patch: Partial<AxisDraft>) => void;
  onRemove: (() => void) | undefined;
}) {
  const field = fields.find((f) => f.name === axis.parameter);
  const canRange = rangeable(field);
  // an axis nobody has filled in yet is not an error until the form is sent (the preview says what is missing)
  const started = [axis.list, axis.from, axis.to, axis.step].some((text) => text.trim() !== '');
  const message = apiError ?? (started || submitted ? error : undefined);
  const errorId = `${idPrefix}-error`;
  const invalid = message ? true : undefined;
  const described = message ? errorId : undefined;
  return (
    <fieldset className="sweep-axis">
      <legend>Swept parameter {index + 1}</legend>
      <div className="sweep-axis__row">
        <div className="field">
          <label htmlFor={`${idPrefix}-parameter`}>Parameter</label>
          <select id={`${idPrefix}-parameter`} value={axis.parameter} onChange={(e) => onChange({ parameter: e.target.value, mode: rangeable(fields.find((f) => f.name === e.target.value)) ? axis.mode : 'list' })}>
            {fields
              .filter((f) => !taken.includes(f.name))
              .map((f) => (
                <option key={f.name} value={f.name}>
                  {f.label}
                </option>
              ))}
          </select>
        </div>
        <div className="field" role="radiogroup" aria-label={`Values of swept parameter ${index + 1}`}>
          <span className="field__label">Values</span>
          <span className="sweep-axis__modes">
            <label>
              <input type="radio" name={`${idPrefix}-mode`} checked={axis.mode === 'list'} onChange={() => onChange({ mode: 'list' })} /> List
            </label>
            <label>
              <input type="radio" name={`${idPrefix}-mode`} checked={axis.mode === 'range'} disabled={!canRange} onChange={() => onChange({ mode: 'range' })} /> From / to / step
            </label>
          </span>
        </div>
        {onRemove && (
          <button type="button" className="button button--small button--ghost sweep-axis__remove" onClick={onRemove} aria-label={`Remove swept parameter ${index + 1}`}>
            Remove
          </button>
        )}
      </div>
      {axis.mode === 'list' ? (
        <div className="field field--wide">
          <label htmlFor={`${idPrefix}-list`}>Values of {field?.label ?? 'the parameter'}</label>
          <input
            id={`${idPrefix}-list`}
            type="text"
            value={axis.list}
            placeholder={field?.kind === 'enum' ? (field.property.enum ?? []).map(String).join(', ') : field?.kind === 'boolean' ? 'true, false' : 'e.g. 0.3, 0.5, 0.7'}
            onChange={(e) => onChange({ list: e.target.value })}
            aria-invalid={invalid}
            aria-describedby={described}
          />
        </div>
      ) : (
        <div className="form-grid form-grid--three">
          {(['from', 'to', 'step'] as const).map((part) => (
            <div className="field" key={part}>
              <label htmlFor={`${idPrefix}-${part}`}>
                {part.charAt(0).toUpperCase() + part.slice(1)} ({field?.label ?? axis.parameter})
              </label>
              <input
                id={`${idPrefix}-${part}`}
                type="text"
                inputMode="decimal"
                value={axis[part]}
                onChange={(e) => onChange({ [part]: e.target.value })}
                aria-invalid={invalid}
                aria-describedby={described}
              />
            </div>
          ))}
        </div>
      )}
      {message ? (
        <small id={errorId} className="field__error" role="alert">
          {message}
        </small>
      ) : (
        count !== undefined && <small className="field__hint">{count === 1 ? '1 value' : `${count.toLocaleString('en-US')} values`}</small>
      )}
    </fieldset>
  );
}
